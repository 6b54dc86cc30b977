import Foundation
import TaxigenCore
import Testing

/// `up.sql` and `down.sql` read back into units by their bytes: line breaks, white space and the
/// transaction lines are found as PostgreSQL's psql would see them.
@Suite("Reading a migration script")
struct MigrationScriptParsingTests {
    @Test("units read the same with CRLF line breaks, ASCII and Unicode white space around their lines")
    func whiteSpace() throws {
        let plain = """
            -- Migration 0002_x
            -- unit 1 of 2: the columns, in one transaction
            BEGIN;
            ALTER TABLE t ADD COLUMN a text;
            COMMIT;
            -- unit 2 of 2: [post-deploy] the index
            CREATE INDEX CONCURRENTLY ix_t_a ON t (a);

            """
        let spaced = plain
            .replacingOccurrences(of: "BEGIN;", with: "\u{00A0}\tBEGIN; \u{2003}")
            .replacingOccurrences(of: "COMMIT;", with: "  COMMIT;\u{000B}")
            .replacingOccurrences(of: "\n", with: "\r\n")
        for text in [plain, spaced] {
            let script = try MigrationScript(parsing: text, path: "0002_x/up.sql")
            #expect(script.headerComments == ["Migration 0002_x"])
            #expect(script.units.map(\.kind) == [.transaction, .standalone])
            #expect(script.units[0].body.trimmingCharacters(in: .whitespaces) == "ALTER TABLE t ADD COLUMN a text;")
            #expect(script.units[1].concurrentIndex == "ix_t_a")
            #expect(script.units.map(\.phase) == [.preDeploy, .postDeploy])
        }
        // A line that is not only white space and BEGIN; is not a transaction's start.
        let notBegin = plain.replacingOccurrences(of: "BEGIN;", with: "x BEGIN;")
        #expect(throws: MigrationError.self) { try MigrationScript(parsing: notBegin, path: "0002_x/up.sql") }
    }
}
