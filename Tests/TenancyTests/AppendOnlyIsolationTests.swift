import Foundation
import Logging
import PostgresNIO
import Synchronization
import Taxiway
import TaxiwayTesting
import TenancyDomain
import Testing

/// An append-only, partitioned, tenant-scoped entity (`ActivityEvent` in the fixture), through the application's
/// role: its repository refuses without a tenant, each tenant appends and reads only its own events (through
/// the parent and through a partition named by hand), and `count`/`exists` write access records.
@Suite("Tenancy: append-only entities")
struct AppendOnlyIsolationTests {
    static let tenantA = IsolationTests.tenantA
    static let tenantB = IsolationTests.tenantB

    /// The access records an `AccessLog` writes, kept in memory.
    final class Records: LogHandler, @unchecked Sendable {
        private let stored = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let operation = event.metadata?[AccessLog.Keys.operation].map { "\($0)" } ?? "\(event.message)"
            stored.withLock { $0.append(operation) }
        }
        var operations: [String] { stored.withLock { $0 } }
    }

    static func request(_ note: String) -> ActivityEventCreate {
        ActivityEventCreate(projectID: UUID(), kind: .created, note: note)
    }

    @Test("without a tenant every operation throws TenantRequired and sends nothing", arguments: TenancyServer.allCases)
    func refusedWithoutTenant(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let events = ActivityEventRepository(on: db.app)
            for caller in [nil, Caller(principal: "user:1")] {
                try await Caller.$current.withValue(caller) { () async throws in
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "append") { _ = try await events.append(Self.request("x")) }
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "bulkAppend") { _ = try await events.append([Self.request("x")]) }
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "find") { _ = try await events.find(id: UUID()) }
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "count") { _ = try await events.count() }
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "exists") { _ = try await events.exists(where: { _ in .all }) }
                    await RepositoryTenancyTests.expectRefused("ActivityEvent", "list") { _ = try await events.list(page: PageRequest(limit: 5)) }
                }
            }
            #expect(try await db.owner.text("SELECT count(*)::text FROM activity_events") == "0")
        }
    }

    @Test("each tenant appends and reads only its own events, through the repository, the parent and a partition named by hand",
          arguments: TenancyServer.allCases)
    func isolated(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let events = ActivityEventRepository(on: db.app)
            let a = try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) {
                try await events.append([Self.request("a1"), Self.request("a2")])
            }
            let b = try await Caller.$current.withValue(Caller(principal: "user:b", tenant: Self.tenantB)) {
                try await events.append(Self.request("b1"))
            }
            #expect(try await db.owner.text("SELECT string_agg(note || ':' || tenant_id, ',' ORDER BY note) FROM activity_events")
                == "a1:\(Self.tenantA),a2:\(Self.tenantA),b1:\(Self.tenantB)".lowercased())
            try await Caller.$current.withValue(Caller(principal: "user:b", tenant: Self.tenantB)) { () async throws in
                #expect(try await events.count() == 1)
                #expect(try await events.find(id: a[0].id) == nil)
                #expect(try await events.list(page: PageRequest(limit: 10)).items.map(\.note) == ["b1"])
                #expect(try await events.exists(where: { $0.note == "a1" }) == false)
            }
            try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) { () async throws in
                #expect(try await events.count() == 2)
                #expect(try await events.find(id: b.id) == nil)
            }
            // Hand-written SQL, through the parent and through the partition that holds the rows.
            let partition = try #require(try await db.owner.text("SELECT tableoid::regclass::text FROM activity_events LIMIT 1"))
            #expect(partition.hasPrefix("activity_events_p"))
            #expect(try await db.owner.text("SELECT (relrowsecurity AND relforcerowsecurity)::text FROM pg_class WHERE relname = '\(partition)'") == "true")
            for table in ["activity_events", partition] {
                try await db.app.transaction { tx async throws in
                    try await tx.setTenant(Self.tenantB)
                    #expect(try await tx.text("SELECT string_agg(note, ',') FROM \(table)") == "b1", "\(table)")
                    #expect(try await tx.text("SELECT count(*)::text FROM \(table) WHERE tenant_id = '\(Self.tenantA)'") == "0", "\(table)")
                }
                try await db.app.transaction { tx async throws in
                    try await tx.setTenant(nil)
                    #expect(try await tx.text("SELECT count(*)::text FROM \(table)") == "0", "\(table)")
                }
                do {
                    try await db.app.transaction { tx async throws in
                        try await tx.setTenant(Self.tenantB)
                        try await tx.affected("INSERT INTO \(table) (activity_event_id, tenant_id, project_id, kind, note) VALUES (gen_random_uuid(), '\(Self.tenantA)', gen_random_uuid(), 'created', 'smuggled')")
                    }
                    Issue.record("an insert of another tenant's key into \(table) was accepted")
                } catch {
                    #expect(sqlState(of: error) == "42501", "\(table): \(error)")
                }
            }
        }
    }

    @Test("count and exists write access records like the other operations", arguments: TenancyServer.allCases)
    func accessRecords(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let records = Records()
            var options = db.app.options
            options.accessLog = AccessLog(logger: Logger(label: AccessLog.label) { _ in records })
            let logged = Database(client: db.app.client, logger: db.app.logger, options: options)
            let events = ActivityEventRepository(on: logged)
            try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) { () async throws in
                _ = try await events.append(Self.request("a1"))
                #expect(try await events.count() == 1)
                #expect(try await events.exists(where: { $0.note == "a1" }))
            }
            #expect(records.operations.contains("count"), "\(records.operations)")
            #expect(records.operations.contains("exists"), "\(records.operations)")
        }
    }
}
