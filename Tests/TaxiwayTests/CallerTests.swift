import Foundation
import PostgresNIO
import Taxiway
import Testing

/// The ``Caller`` reaches the server as `taxiway.principal` and `taxiway.tenant` on every statement and
/// transaction, directly and through a transaction pooler, and never outlives its task on a pooled session.
@Suite("Caller settings")
struct CallerTests {
    static let tenantA = UUID(uuidString: "0190a000-0000-7000-8000-00000000000a")!
    static let tenantB = UUID(uuidString: "0190b000-0000-7000-8000-00000000000b")!

    /// The principal and tenant the server sees, in that order, for a statement of `executor` (nil for an empty or unset one).
    static func seen(_ executor: some DatabaseExecutor) async throws -> [String?] {
        let row = try await executor.fetchOne(
            "SELECT nullif(current_setting('taxiway.principal', true), ''), nullif(current_setting('taxiway.tenant', true), '')",
            context: QueryContext(operation: "seen", table: "-"))
        let (principal, tenant) = try #require(row).decode((String?, String?).self)
        return [principal, tenant]
    }

    /// Records a failure (at the caller) unless `executor`'s next statement sees `expected`.
    static func expectSeen(_ executor: some DatabaseExecutor, _ expected: [String?],
                           sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let seen = try await seen(executor)
        #expect(seen == expected, sourceLocation: sourceLocation)
    }

    static func withSingleConnection<Result>(
        on server: TestServer, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        try await TestDatabase.withDatabase(url: TestDatabase.url(of: server) + "?maxConnections=1",
                                            logger: .init(label: "taxiway.tests"), options: .init()) { database, _ in
            try await body(database)
        }
    }

    @Test("outside a caller the settings are empty; inside one every statement and transaction carries it",
          arguments: TestServer.allCases)
    func carried(server: TestServer) async throws {
        try await Self.withSingleConnection(on: server) { database in
            try await Self.expectSeen(database, [nil, nil])
            let caller = Caller(principal: "user:42", tenant: Self.tenantA)
            try await Caller.$current.withValue(caller) {
                try await Self.expectSeen(database, ["user:42", Self.tenantA.uuidString.lowercased()])
                try await database.transaction { tx in
                    try await Self.expectSeen(tx, ["user:42", Self.tenantA.uuidString.lowercased()])
                }
            }
        }
    }

    @Test("a session keeps no caller beyond its task: the next lease (with another caller or none) sees its own",
          arguments: TestServer.allCases)
    func notLeftOnTheSession(server: TestServer) async throws {
        try await Self.withSingleConnection(on: server) { database in
            let pid = try await ServerActivity.backendPID(database)
            try await Caller.$current.withValue(Caller(principal: "a", tenant: Self.tenantA)) {
                _ = try await Self.seen(database)
            }
            try await Caller.$current.withValue(Caller(tenant: Self.tenantB)) {
                try await Self.expectSeen(database, [nil, Self.tenantB.uuidString.lowercased()])
            }
            try await Self.expectSeen(database, [nil, nil])
            try await database.transaction { tx in
                try await Self.expectSeen(tx, [nil, nil])
            }
            // All of it on the one connection, so the session really was reused.
            #expect(try await ServerActivity.backendPID(database) == pid)
        }
    }

    @Test("concurrent callers on one pool each see only their own tenant", arguments: TestServer.allCases)
    func concurrentCallers(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, _ in
            let tenants = (0..<8).map { _ in UUID() }
            let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
                for round in 0..<64 {
                    let tenant = tenants[round % tenants.count]
                    group.addTask {
                        try await Caller.$current.withValue(Caller(principal: "p\(round)", tenant: tenant)) {
                            var wrong = 0
                            for _ in 0..<3 {
                                let seen = try await Self.seen(database)
                                if seen != ["p\(round)", tenant.uuidString.lowercased()] { wrong += 1 }
                            }
                            return wrong
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(mismatches == 0)
        }
    }

    @Test("through PgBouncer the caller is set per transaction and never reaches another client's statements",
          arguments: PgBouncerServer.allCases)
    func throughPooler(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, _ in
            try await Caller.$current.withValue(Caller(principal: "user:7", tenant: Self.tenantA)) {
                try await Self.expectSeen(database, ["user:7", Self.tenantA.uuidString.lowercased()])
                try await database.transaction { tx in
                    try await Self.expectSeen(tx, ["user:7", Self.tenantA.uuidString.lowercased()])
                }
            }
            // The sessions PgBouncer shares carry nothing afterwards: every one of the pool's sessions is met.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        try await database.transaction { tx in
                            try await Self.expectSeen(tx, [nil, nil])
                            try await tx.execute("SELECT pg_sleep(0.02)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("Database.query (streaming) refuses to run where it cannot carry the caller", arguments: TestServer.allCases)
    func streamingRefused(server: TestServer) async throws {
        try await Self.withSingleConnection(on: server) { database in
            // No caller anywhere yet: the raw stream runs.
            var count = 0
            for try await _ in try await database.query("SELECT 1") { count += 1 }
            #expect(count == 1)
            await #expect(throws: CallerNotCarried.self) {
                try await Caller.$current.withValue(Caller(tenant: Self.tenantA)) {
                    _ = try await database.query("SELECT 1")
                }
            }
            // The only session still carries tenant A: a stream outside any caller is refused too ...
            try await Caller.$current.withValue(Caller(tenant: Self.tenantA)) { _ = try await Self.seen(database) }
            await #expect(throws: CallerNotCarried.self) { _ = try await database.query("SELECT 1") }
            // ... until a statement outside a caller has cleared it.
            try await Self.expectSeen(database, [nil, nil])
            for try await _ in try await database.query("SELECT 1") {}
        }
    }
}
