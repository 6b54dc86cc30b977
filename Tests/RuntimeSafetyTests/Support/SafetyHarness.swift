import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import Testing

/// What the runtime-safety tests share: the test database with the example domain's generated schema, the
/// cipher of sensitive fields, and the judgement of how a call that got client input ended.
enum SafetyHarness {
    /// `Generated/SQL/schema.sql`, found from this file so the tests run from any directory.
    static let schemaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // RuntimeSafetyTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // the package
        .appendingPathComponent("Generated/SQL/schema.sql").standardizedFileURL.path

    /// A database of these tests' own on the test server (`TAXIWAY_TEST_DATABASE_URL`) with the generated
    /// schema applied: their extreme rows (positions at `Int32.max`, `created_at = 'infinity'`) stay out of
    /// the tables other suites of the same process list whole.
    static func database() async throws -> Database {
        try await TestDatabase.shared(schemaAt: schemaPath, isolation: "RuntimeSafetyTests")
    }

    /// Another database of its own, for the tests that store rows no repository could read back
    /// (`created_at = 'infinity'`, `total = 'NaN'`), so the property tests' whole-table reads never meet them.
    static func unreadableRowsDatabase() async throws -> Database {
        try await TestDatabase.shared(schemaAt: schemaPath, isolation: "RuntimeSafetyTests.unreadableRows")
    }

    /// The cipher that seals sensitive fields in these tests.
    static let cipher = TestCipher.shared
}

/// Whether `error` is one of the two ways client input may be refused: `ValidationError` (before any SQL)
/// or `IllegalArgument`.
func isClientRejection(_ error: any Error) -> Bool {
    error is ValidationError || error is IllegalArgument
}

/// Records an issue unless `error` is a client rejection, naming `what` was being done.
func expectClientRejection(_ error: any Error, _ what: @autoclosure () -> String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(isClientRejection(error), "\(what()): \(type(of: error)) \(error)", sourceLocation: sourceLocation)
}

/// Whether two instants are the same `timestamptz`: PostgreSQL keeps microseconds (PostgresNIO truncates),
/// and far from 2001 a `Date`'s own resolution is coarser still.
func sameInstant(_ stored: Date, _ sent: Date) -> Bool {
    let interval = sent.timeIntervalSinceReferenceDate
    return abs(stored.timeIntervalSinceReferenceDate - interval) <= 2e-6 + 4 * interval.ulp
}

/// Optional `sameInstant`.
func sameInstant(_ stored: Date?, _ sent: Date?) -> Bool {
    switch (stored, sent) {
    case (nil, nil): true
    case let (stored?, sent?): sameInstant(stored, sent)
    default: false
    }
}

/// Whether two strings are the same code units (Swift's `==` also equates canonically equivalent texts).
func sameBytes(_ lhs: String?, _ rhs: String?) -> Bool {
    switch (lhs, rhs) {
    case (nil, nil): true
    case let (lhs?, rhs?): Array(lhs.utf8) == Array(rhs.utf8)
    default: false
    }
}

/// Whether two string arrays hold the same code units item by item.
func sameBytes(_ lhs: [String], _ rhs: [String]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { sameBytes($0, $1) }
}

/// Runs a raw statement (test set-up only: the values are literals of the test, never input).
func sql(_ database: Database, _ text: String) async throws {
    try await database.execute(PostgresQuery(unsafeSQL: text))
}
