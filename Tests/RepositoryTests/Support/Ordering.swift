import Foundation
import Taxiway
import Testing

/// A column value as PostgreSQL orders it (text in the test database's C.UTF-8 collation is ordered by
/// its bytes; uuid by its bytes, which is the order of its hex text; enums by their stored text; false
/// before true).
enum SortValue: Comparable {
    case text(String)
    case date(Date)
    case day(CalendarDate)
    case int(Int64)
    case decimal(Decimal)
    case double(Double)
    case bool(Bool)
    case uuid(UUID)

    static func < (lhs: SortValue, rhs: SortValue) -> Bool {
        switch (lhs, rhs) {
        case let (.text(a), .text(b)): Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        case let (.date(a), .date(b)): a < b
        case let (.day(a), .day(b)): a < b
        case let (.int(a), .int(b)): a < b
        case let (.decimal(a), .decimal(b)): a < b
        case let (.double(a), .double(b)): a < b
        case let (.bool(a), .bool(b)): !a && b
        case let (.uuid(a), .uuid(b)): a.uuidString < b.uuidString
        default: false
        }
    }
}

/// The ids of `rows` in the order `ORDER BY column <direction> NULLS <nulls>, key <direction>` gives, where
/// `value` reads the column (nil for NULL). Lists are tie-broken by the key in the direction of the last
/// term, so descending order is exactly the reverse of ascending order with the other NULLs placement.
func expectedOrder<Item: Identifiable>(
    _ rows: [Item], by value: (Item) -> SortValue?, ascending: Bool, nulls: NullsPlacement
) -> [UUID] where Item.ID == UUID {
    rows.sorted { lhs, rhs in
        switch (value(lhs), value(rhs)) {
        case (nil, nil): break
        case (nil, _?): return nulls == .first
        case (_?, nil): return nulls == .last
        case let (a?, b?) where a != b: return ascending ? a < b : b < a
        default: break
        }
        let (a, b) = (SortValue.uuid(lhs.id), SortValue.uuid(rhs.id))
        return ascending ? a < b : b < a
    }.map(\.id)
}

/// Reads every page of the rows matching `filter` ordered by `column`, by offset and by keyset (two rows
/// per page, so paging is exercised), ascending and descending, and — when the column can be NULL — with
/// NULLs first and last, and checks that every walk gives exactly ``expectedOrder(_:by:ascending:nulls:)``
/// of `rows` (the rows `filter` matches).
func expectOrdered<Table: EntityTable, Value: SortableValue>(
    _ repository: Repository<Table>,
    _ rows: [Table.Model],
    by column: KeyPath<Table.Columns, Column<Table.Model, Value>>,
    value: (Table.Model) -> SortValue?,
    where filter: (Table.Columns) -> Condition<Table.Model>,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let placements: [(ascending: Bool, nulls: NullsPlacement)] = Value.accepts(.null)
        ? [(true, .last), (true, .first), (false, .first), (false, .last)]
        : [(true, .last), (false, .first)]
    for (ascending, nulls) in placements {
        let expected = expectedOrder(rows, by: value, ascending: ascending, nulls: nulls)
        let orderBy: (Table.Columns) -> [SortTerm<Table.Model>] = { columns in
            [ascending ? columns[keyPath: column].ascending(nulls: nulls) : columns[keyPath: column].descending(nulls: nulls)]
        }
        let label = "\(Table.columns[keyPath: column].name) \(ascending ? "ASC" : "DESC") \(nulls.rawValue)"

        var byOffset: [UUID] = []
        var request = try PageRequest(limit: 2)
        while true {
            let page = try await repository.list(where: filter, orderBy: orderBy, page: request)
            byOffset += page.items.map(\.id)
            guard page.hasMore, byOffset.count <= rows.count else { break }
            request = try request.next
        }
        #expect(byOffset == expected, "offset, \(label)", sourceLocation: sourceLocation)

        var byKeyset: [UUID] = []
        var keysetRequest = try KeysetPageRequest(limit: 2)
        while true {
            let page = try await repository.list(where: filter, orderBy: orderBy, after: keysetRequest)
            byKeyset += page.items.map(\.id)
            guard let cursor = page.nextCursor, byKeyset.count <= rows.count else { break }
            // Through the opaque form a client sends back.
            keysetRequest = try KeysetPageRequest(limit: 2, after: cursor.encoded)
        }
        #expect(byKeyset == expected, "keyset, \(label)", sourceLocation: sourceLocation)
    }
}
