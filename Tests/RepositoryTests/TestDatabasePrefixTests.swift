import Testing
@testable import TaxiwayTesting

/// `TAXIWAY_TEST_DATABASE_PREFIX`: a prefix the judges give each project's test databases, taken only when it
/// is a safe identifier start, since it is spliced into `CREATE DATABASE`.
@Suite("Test database name prefix")
struct TestDatabasePrefixTests {
    @Test("a prefix of lowercase letters, digits and underscores is used")
    func used() {
        #expect(TestDatabase.databasePrefix(["TAXIWAY_TEST_DATABASE_PREFIX": "tj_seed50_"]) == "tj_seed50_")
    }

    @Test("anything else falls back to taxiway_", arguments: [
        nil, "", "Upper_", "1leading", "x; DROP DATABASE postgres; --", "with space", "é_", String(repeating: "a", count: 41),
    ])
    func fallsBack(_ value: String?) {
        let environment = value.map { ["TAXIWAY_TEST_DATABASE_PREFIX": $0] } ?? [:]
        #expect(TestDatabase.databasePrefix(environment) == "taxiway_")
    }
}
