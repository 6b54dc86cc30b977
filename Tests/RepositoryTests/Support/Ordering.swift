import Foundation
import Taxiway
import Testing

/// A column value as PostgreSQL orders it (text in the test database's C.UTF-8 collation is ordered by
/// its bytes; uuid by its bytes, which is the order of its hex text).
enum SortValue: Comparable {
    case text(String)
    case date(Date)
    case int(Int64)
    case uuid(UUID)

    static func < (lhs: SortValue, rhs: SortValue) -> Bool {
        switch (lhs, rhs) {
        case let (.text(a), .text(b)): Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        case let (.date(a), .date(b)): a < b
        case let (.int(a), .int(b)): a < b
        case let (.uuid(a), .uuid(b)): a.uuidString < b.uuidString
        default: false
        }
    }
}

/// Reads every page of a list (two rows per page, so paging is exercised) in both directions and checks
/// that the rows come in the order `key` and then the primary key give: `ORDER BY key, id` ascending,
/// and exactly the reverse descending.
func expectOrdered<Item: Identifiable & Sendable>(
    _ rows: [Item],
    by key: (Item) -> SortValue,
    sourceLocation: SourceLocation = #_sourceLocation,
    list: (_ ascending: Bool, _ page: PageRequest) async throws -> Page<Item>
) async throws where Item.ID == UUID {
    let expected = rows.sorted { lhs, rhs in
        let (a, b) = (key(lhs), key(rhs))
        return a == b ? SortValue.uuid(lhs.id) < SortValue.uuid(rhs.id) : a < b
    }.map(\.id)
    for ascending in [true, false] {
        var seen: [UUID] = []
        var request = try PageRequest(limit: 2)
        while true {
            let page = try await list(ascending, request)
            seen += page.items.map(\.id)
            guard page.hasMore, seen.count <= rows.count else { break }
            request = try request.next
        }
        #expect(seen == (ascending ? expected : expected.reversed()),
                "ascending: \(ascending)", sourceLocation: sourceLocation)
    }
}
