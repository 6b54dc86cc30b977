import Foundation
import Crypto
import PostgresNIO
import Taxiway
import TaxigenCore

/// A throwaway database for tests: created on the server that `TAXIWAY_TEST_DATABASE_URL` names, with a
/// schema script applied, shared by every test of the process that asks for the same script.
///
/// `scripts/test` starts that server; tests never fall back to anything else and never mock it.
///
/// With `TAXIWAY_TEST_VIA_PGBOUNCER=1`, the database is still created and its schema applied on that server, but
/// the ``Database`` handed to the tests reaches it through the PgBouncer that
/// `TAXIWAY_TEST_PGBOUNCER_DATABASE_URL` names (transaction pooling, ``Database/Pooling/transactionPooler``), so
/// the same tests prove the repositories work through a transaction-pooling proxy.
public enum TestDatabase {
    /// The environment variable naming the test server.
    public static let environmentVariable = "TAXIWAY_TEST_DATABASE_URL"
    /// The environment variable that, set to `1`, routes every test database through PgBouncer.
    public static let viaPgBouncerVariable = "TAXIWAY_TEST_VIA_PGBOUNCER"
    /// The environment variable naming the PgBouncer in front of the test server.
    public static let pgBouncerVariable = "TAXIWAY_TEST_PGBOUNCER_DATABASE_URL"
    /// The environment variable that sets how the names of the databases this process creates begin (lowercase
    /// letters, digits and `_`, at most 40 bytes; `taxiway_` when unset or otherwise), so whoever runs the tests
    /// can find and drop them afterwards.
    public static let databasePrefixVariable = "TAXIWAY_TEST_DATABASE_PREFIX"

    /// The prefix of the databases this process creates (see ``databasePrefixVariable``).
    static func databasePrefix(_ environment: [String: String]) -> String {
        guard let prefix = environment[databasePrefixVariable], !prefix.isEmpty, prefix.utf8.count <= 40,
              prefix.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }),
              !(0x30...0x39).contains(prefix.utf8.first!)
        else { return "taxiway_" }
        return prefix
    }

    /// The database that has the schema at `schemaPath` applied, created on first use.
    public static func shared(schemaAt schemaPath: String) async throws -> Database {
        try await registry.database(schemaAt: schemaPath, isolation: nil)
    }

    /// A database of its own with the schema at `schemaPath` applied, shared only by the callers that name
    /// the same `isolation`: for tests that leave rows others must not see (extreme values, rows only raw SQL
    /// can make), so they run in the same process as tests that list whole tables.
    public static func shared(schemaAt schemaPath: String, isolation: String) async throws -> Database {
        try await registry.database(schemaAt: schemaPath, isolation: isolation)
    }

    /// Thrown when the test server is not configured: run the tests through `scripts/test`.
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "\(TestDatabase.environmentVariable) is not set: run the tests through scripts/test, which starts PostgreSQL"
        }
    }

    private static let registry = Registry()

    private actor Registry {
        private var databases: [String: Task<Database, any Error>] = [:]

        func database(schemaAt path: String, isolation: String?) async throws -> Database {
            let key = isolation.map { path + "\u{0}" + $0 } ?? path
            if let existing = databases[key] {
                return try await existing.value
            }
            let task = Task { try await TestDatabase.create(schemaAt: path) }
            databases[key] = task
            return try await task.value
        }
    }

    /// Thrown when `TAXIWAY_TEST_VIA_PGBOUNCER=1` but no PgBouncer is named.
    public struct PgBouncerNotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "\(TestDatabase.viaPgBouncerVariable)=1 but \(TestDatabase.pgBouncerVariable) is not set: run the tests "
                + "through scripts/with-test-databases, which starts PgBouncer"
        }
    }

    /// How long a test waits for one of the shared database's pooled connections. Every test of a domain shares
    /// one pool, and on a loaded 2-core machine a burst of them once waited longer than an application's
    /// 10-second default (39 tests failed at once with `DatabaseUnavailable`); under test a wait is not a failure.
    static let connectionWaitTimeout: Duration = .seconds(60)

    private static func create(schemaAt path: String) async throws -> Database {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[environmentVariable], !url.isEmpty else {
            throw NotConfigured()
        }
        var pgBouncerURL: String?
        if environment[viaPgBouncerVariable] == "1" {
            guard let bouncer = environment[pgBouncerVariable], !bouncer.isEmpty else { throw PgBouncerNotConfigured() }
            pgBouncerURL = bouncer
        }
        let schema = try String(contentsOfFile: path, encoding: .utf8)
        let name = databasePrefix(environment) + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try Database(url: url)
        let adminTask = Task { await admin.run() }
        try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        adminTask.cancel()

        var components = URLComponents(string: url)!
        components.percentEncodedPath = "/" + name
        let database = try Database(url: components.string!, options: Database.Options(connectionWaitTimeout: connectionWaitTimeout))
        // The client runs for the rest of the test process.
        Task.detached { await database.run() }
        // PostgresNIO speaks the extended protocol only, one statement per query: split the script
        // (dollar-quoted bodies included) with taxigen's own splitter and run it in order.
        for statement in SQLScript(schema).statements {
            try await database.execute(PostgresQuery(unsafeSQL: statement.text))
        }
        guard let pgBouncerURL else { return database }
        // The schema is in place: from here on, the tests reach the database through the proxy only.
        var proxied = URLComponents(string: pgBouncerURL)!
        proxied.percentEncodedPath = "/" + name
        let throughProxy = try Database(url: proxied.string!, options: Database.Options(connectionWaitTimeout: connectionWaitTimeout,
                                                                                         pooling: .transactionPooler))
        Task.detached { await throughProxy.run() }
        return throughProxy
    }
}

/// Numbers unique within the test process, so rows made by concurrent tests never collide.
public enum TestSequence {
    private static let counter = Counter()

    private static let keyed = KeyedCounter()

    /// The next number (1, 2, 3, …), safe to call from any task.
    public static func next() -> Int { counter.next() }

    /// The next number of the sequence named `key`: 1, 2, 3, … within the process, whatever other sequences
    /// count. Generated fixtures number each entity's rows this way, so a unique field needs only as many
    /// distinct values as one entity's tests make rows.
    public static func next(for key: String) -> Int { keyed.next(key) }

    private final class KeyedCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: Int] = [:]

        func next(_ key: String) -> Int {
            lock.lock()
            defer { lock.unlock() }
            let value = values[key, default: 0] + 1
            values[key] = value
            return value
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Int(Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 100_000)) * 1000

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// A field cipher with random keys for tests: an encryption key and, for fields with `lookup:`, a lookup key.
public enum TestCipher {
    /// The cipher every test of the process shares.
    public static let shared: FieldCipher = {
        do {
            return try FieldCipher(keys: ["test": SymmetricKey(size: .bits256)], currentKeyID: "test",
                                   lookupKeys: ["test-lookup": SymmetricKey(size: .bits256)], currentLookupKeyID: "test-lookup")
        } catch {
            preconditionFailure("a fresh 256-bit key is always valid: \(error)")
        }
    }()
}
