import Foundation
import Logging
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// What the hand-written repository tests share: the test database with the example domain's generated
/// schema applied, and the cipher that seals sensitive fields.
enum RepositoryHarness {
    /// `Generated/SQL/schema.sql`, found from this file so the tests run from any directory.
    static let schemaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // RepositoryTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // the package
        .appendingPathComponent("Generated/SQL/schema.sql").standardizedFileURL.path

    /// The database on the test server (`TAXIWAY_TEST_DATABASE_URL`) with the generated schema applied,
    /// shared by every test of this process.
    static func database() async throws -> Database {
        try await TestDatabase.shared(schemaAt: schemaPath)
    }

    /// The cipher that seals sensitive fields in these tests.
    static let cipher = TestCipher.shared

    /// Text no repository may interpret: quotes, a statement terminator with an injection attempt,
    /// placeholders, backslashes, array and JSON punctuation, the word NULL, and several scripts and
    /// emoji (combining marks, a ZWJ sequence, a right-to-left override).
    static let hostileStrings: [String] = [
        "O'Brien",
        "'; DROP TABLE customers; --",
        "\"; DROP TABLE \"user\"; --",
        "Robert'); DELETE FROM orders WHERE ('1'='1",
        "$1 $2 ? :name %s {{name}}",
        #"back\slash \\ \n \t \0"#,
        "{a,\"b\",NULL} [1,2] {\"k\": 1}",
        "NULL",
        "line one\nline two\ttabbed\r\n",
        "Zoë Ångström — naïve café",
        "e\u{301}",
        "日本語のテキスト 中文 한국어",
        "עברית العربية \u{202E}txet desrever",
        "👩‍👩‍👧‍👦 🏳️‍🌈 🚀",
    ]
}

/// Whether two strings are the same code units (Swift's `==` also equates canonically equivalent texts,
/// so "stored verbatim" needs a stricter comparison).
func sameBytes(_ lhs: String?, _ rhs: String?) -> Bool {
    switch (lhs, rhs) {
    case (nil, nil): true
    case let (lhs?, rhs?): Array(lhs.utf8) == Array(rhs.utf8)
    default: false
    }
}

/// A `DatabaseExecutor` that forwards every statement to a real executor and counts them, so a test can
/// show that a method threw before it sent anything to the server. It is not a stand-in for the database.
final class CountingExecutor: DatabaseExecutor, @unchecked Sendable {
    private let base: any DatabaseExecutor
    private let lock = NSLock()
    private var counted = 0

    /// An executor that forwards to `base`.
    init(_ base: any DatabaseExecutor) {
        self.base = base
    }

    /// The number of statements sent so far.
    var statements: Int {
        lock.withLock { counted }
    }

    var logger: Logger { base.logger }

    func query(_ query: PostgresQuery, logger: Logger?) async throws -> PostgresRowSequence {
        lock.withLock { counted += 1 }
        return try await base.query(query, logger: logger)
    }

    @discardableResult
    func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        lock.withLock { counted += 1 }
        return try await base.run(query, context: context)
    }
}

/// The first page of `limit` rows.
func firstPage(_ limit: Int = 100) throws -> PageRequest {
    try PageRequest(limit: limit)
}
