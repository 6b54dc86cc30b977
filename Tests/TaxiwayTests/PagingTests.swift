import Foundation
import PostgresNIO
import Taxiway
import Testing

@Suite("Pagination")
struct PagingTests {
    @Test("page requests are bounded: 1…max items, no negative offset")
    func bounds() throws {
        #expect(try PageRequest().limit == 50)
        #expect(try PageRequest(limit: 1000).limit == 1000)
        #expect(throws: IllegalArgument.self) { try PageRequest(limit: 1001) }
        #expect(throws: IllegalArgument.self) { try PageRequest(limit: 0) }
        #expect(throws: IllegalArgument.self) { try PageRequest(limit: -1) }
        #expect(throws: IllegalArgument.self) { try PageRequest(limit: 10, offset: -1) }
        #expect(throws: IllegalArgument.self) { try PageRequest(limit: 101, maximumLimit: 100) }
        #expect(throws: IllegalArgument.self) { try KeysetPageRequest(limit: 5000) }
        let request = try PageRequest(limit: 10, offset: 20)
        #expect(request.fetchLimit == 11)
        #expect(try request.next.offset == 30)
    }

    @Test("a page built from limit+1 rows drops the extra row and says there is more")
    func pageFromFetched() throws {
        let request = try PageRequest(limit: 3)
        let full = Page(fetched: [1, 2, 3, 4], request: request, total: 9)
        #expect(full.items == [1, 2, 3])
        #expect(full.hasMore)
        #expect(full.total == 9)
        let last = Page(fetched: [1, 2], request: request)
        #expect(!last.hasMore)
        #expect(last.map { "\($0)" }.items == ["1", "2"])
    }

    @Test("a keyset cursor survives its opaque form; garbage is refused")
    func cursorRoundTrip() throws {
        let cursor = KeysetCursor(
            keys: [.timestamp(microsecondsSince2000: 789_123_456_789_012), .string("Zoë/+="), .int(-7), .double(0.5),
                   .bool(true), .uuid(UUID()), .date(CalendarDate(year: 2024, month: 2, day: 29)!)],
            id: UUID())
        let encoded = cursor.encoded
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        #expect(try KeysetCursor(encoded: encoded) == cursor)
        #expect(try KeysetPageRequest(limit: 5, after: encoded).after == cursor)
        #expect(try KeysetPageRequest(after: "").after == nil)
        #expect(throws: IllegalArgument.self) { try KeysetCursor(encoded: "not a cursor") }
        #expect(throws: IllegalArgument.self) { try KeysetCursor(encoded: "e30") }   // "{}"
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let key = KeysetCursor.Key.timestamp(date)
        #expect(abs(key.dateValue!.timeIntervalSince(date)) < 1e-6)
    }

    @Test("keyset pages over a real table visit every row exactly once, in order")
    func keysetOverTable() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).events"
            try await TestDatabase.sql(database, """
                CREATE TABLE \(table) (event_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL)
                """)
            // Microsecond-distinct timestamps, plus ties broken by the id.
            try await TestDatabase.sql(database, """
                INSERT INTO \(table) (created_at)
                SELECT timestamptz '2024-05-01 12:00:00.000001+00' + (g / 3) * interval '1.000003 second' FROM generate_series(1, 40) g
                """)
            let context = QueryContext(operation: "list", table: table, entity: "Event")
            let all = try await database.fetchAll(
                "SELECT event_id FROM \(unescaped: table) ORDER BY created_at, event_id", context: context
            ).map { try $0.decode(UUID.self) }

            var seen: [UUID] = []
            var request = try KeysetPageRequest(limit: 7)
            while true {
                let rows: [PostgresRow]
                if let after = request.after {
                    rows = try await database.fetchAll("""
                        SELECT event_id, created_at FROM \(unescaped: table)
                        WHERE (created_at, event_id) > (\(after.keys[0]), \(after.id))
                        ORDER BY created_at, event_id LIMIT \(request.fetchLimit)
                        """, context: context)
                } else {
                    rows = try await database.fetchAll(
                        "SELECT event_id, created_at FROM \(unescaped: table) ORDER BY created_at, event_id LIMIT \(request.fetchLimit)",
                        context: context)
                }
                let items = try rows.map { row in
                    var reader = RowReader(row)
                    return (id: try reader.next(UUID.self), createdAt: try reader.next(Date.self))
                }
                let page = KeysetPage(fetched: items, request: request) { item in
                    KeysetCursor(keys: [.timestamp(item.createdAt)], id: item.id)
                }
                seen += page.items.map(\.id)
                guard let next = page.nextCursor else { break }
                // Round-trip through the opaque form, as a client would.
                request = try KeysetPageRequest(limit: 7, after: next.encoded)
            }
            #expect(seen == all)
            #expect(seen.count == 40)
        }
    }
}
