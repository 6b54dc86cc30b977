import Foundation
import PostgresNIO
import Taxiway
import Testing

/// `AppendOnlyRepository` on PostgreSQL 18 and 15, on a table partitioned by month as taxigen writes one
/// (primary key `(key, created_at)`): appends with UUIDv7 keys stored in key order, bulk appends, reads by
/// key (with and without the time), time-range reads by offset and keyset, and refused cursors and ranges.
@Suite("AppendOnlyRepository", .serialized)
struct AppendOnlyRepositoryTests {
    /// One appended event.
    struct Event: AppendedModel, Hashable {
        let id: UUID
        let kind: String
        let createdAt: Date
    }

    /// The request that appends an event: `kind` is 1 to 20 characters.
    struct NewEvent: Validatable {
        var kind: String
        func validationIssues() -> [ValidationIssue] {
            var report = ValidationReport()
            report.checkLength(kind, of: "kind", min: 1, max: 20)
            return report.issues
        }
    }

    /// The typed columns of `events`.
    struct Columns: Sendable {
        let id = Column<Event, UUID>("event_id") { $0.id }
        let kind = Column<Event, String>("kind") { $0.kind }
        let createdAt = Column<Event, Date>("created_at") { $0.createdAt }
    }

    /// `events` in the test's schema.
    struct EventTable: PlainAppendOnlyEntityTable {
        nonisolated(unsafe) static var schemaName = ""
        static var schema: AppendOnlyTableSchema {
            AppendOnlyTableSchema(table: "\(schemaName).events", entity: "Event", key: "event_id", isPartitioned: true,
                                  selectColumns: ["event_id", "kind", "created_at"],
                                  inserted: [InsertedColumn("kind", arrayType: "text[]")])
        }
        static var columns: Columns { Columns() }
        init() {}
        func decode(_ row: PostgresRow) throws -> Event {
            var reader = RowReader(row)
            return Event(id: try reader.next(UUID.self), kind: try reader.next(String.self), createdAt: try reader.next(Date.self))
        }
        func write(_ request: NewEvent, id: UUID, to row: inout InsertRow) throws {
            try row.write(request.kind)
        }
    }

    /// A schema with `events`, partitioned by month with this month's and the next month's partitions.
    private func withEvents(on server: TestServer, _ body: (AppendOnlyRepository<EventTable>) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(on: server) { database, schema in
            try await TestDatabase.sql(database, """
                CREATE TABLE \(schema).events (
                    event_id uuid NOT NULL DEFAULT gen_random_uuid(), kind text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (event_id, created_at)
                ) PARTITION BY RANGE (created_at)
                """)
            for (name, start, end) in [("p0", "date_trunc('month', now(), 'UTC')", "date_trunc('month', now(), 'UTC') + interval '1 month'"),
                                       ("p1", "date_trunc('month', now(), 'UTC') + interval '1 month'", "date_trunc('month', now(), 'UTC') + interval '2 months'")] {
                try await TestDatabase.sql(database, """
                    DO $$ BEGIN EXECUTE format('CREATE TABLE \(schema).events_\(name) PARTITION OF \(schema).events FOR VALUES FROM (%L) TO (%L)', \(start), \(end)); END $$
                    """)
            }
            try await TestDatabase.sql(database, "CREATE INDEX ON \(schema).events (created_at)")
            EventTable.schemaName = schema
            try await body(AppendOnlyRepository(on: database))
        }
    }

    @Test("appends get UUIDv7 keys that the database orders as they were appended; reads by key find them",
          .serialized, arguments: TestServer.allCases)
    func appendsAndKeys(server: TestServer) async throws {
        try await withEvents(on: server) { events in
            var appended: [Event] = []
            for kind in ["a", "b", "c"] {
                appended.append(try await events.append(NewEvent(kind: kind)))
            }
            appended += try await events.append((0..<5).map { NewEvent(kind: "bulk\($0)") }, batchSize: 2)
            #expect(appended.map(\.kind) == ["a", "b", "c", "bulk0", "bulk1", "bulk2", "bulk3", "bulk4"])
            #expect(appended.allSatisfy { UUIDv7.timestamp(of: $0.id) != nil })
            // The server's own uuid order (ORDER BY the key) is the append order.
            let byKey = try await events.list(orderBy: { [$0.id.ascending()] }, page: PageRequest(limit: 100))
            #expect(byKey.items.map(\.id) == appended.map(\.id))
            #expect(try await events.get(id: appended[0].id) == appended[0])
            #expect(try await events.find(id: appended[3].id, createdAt: appended[3].createdAt) == appended[3])
            #expect(try await events.find(id: appended[3].id, createdAt: appended[3].createdAt.addingTimeInterval(-3600)) == nil)
            #expect(try await events.find(ids: [appended[2].id, UUID(), appended[1].id]) == [appended[2], appended[1]])
            #expect(try await events.count() == 8)
            #expect(try await events.exists(where: { $0.kind == "bulk4" }))
            await #expect(throws: ValidationError.self) {
                _ = try await events.append(NewEvent(kind: ""))
            }
            await #expect(throws: EntityNotFound.self) {
                _ = try await events.get(id: UUID())
            }
        }
    }

    @Test("time-range reads return the rows of [from, to) in append order, by offset and by keyset",
          .serialized, arguments: TestServer.allCases)
    func timeRanges(server: TestServer) async throws {
        try await withEvents(on: server) { events in
            let start = Date().addingTimeInterval(-1)
            var appended: [Event] = []
            for index in 0..<7 {
                appended.append(try await events.append(NewEvent(kind: "k\(index)")))
            }
            let end = Date().addingTimeInterval(1)
            var seen: [UUID] = []
            var page = try KeysetPageRequest(limit: 3)
            var pages = 0
            while true {
                let result = try await events.range(from: start, to: end, after: page)
                seen += result.items.map(\.id)
                pages += 1
                guard let next = result.nextCursor else { break }
                page = try KeysetPageRequest(limit: 3, after: next)
            }
            #expect(seen == appended.map(\.id))
            #expect(pages == 3)
            let second = try await events.range(from: start, to: end, page: PageRequest(limit: 3, offset: 3))
            #expect(second.items.map(\.id) == Array(appended[3..<6]).map(\.id))
            // [from, to): a range ending at the fourth row's time leaves it out.
            let upToFourth = try await events.range(from: start, to: appended[3].createdAt, page: PageRequest(limit: 100))
            #expect(upToFourth.items.map(\.id) == appended.prefix(3).map(\.id))
            let filtered = try await events.range(from: start, to: end, where: { $0.kind == "k5" }, page: PageRequest(limit: 10))
            #expect(filtered.items.map(\.id) == [appended[5].id])
            #expect(try await events.range(from: end, to: end, page: PageRequest(limit: 10)).items.isEmpty)
            await #expect(throws: IllegalArgument.self) {
                _ = try await events.range(from: end, to: start, page: PageRequest(limit: 10))
            }
            // A cursor of one range is refused by another.
            let first = try await events.range(from: start, to: end, after: KeysetPageRequest(limit: 1))
            let cursor = try #require(first.nextCursor)
            await #expect(throws: IllegalArgument.self) {
                _ = try await events.range(from: start.addingTimeInterval(-5), to: end, after: KeysetPageRequest(limit: 1, after: cursor))
            }
        }
    }
}
