import Foundation
import TaxigenCore
import Testing

/// `history: true` in the check stage, the DDL and lint: the key is read (an explicit `false` too), names that
/// collide with the history table's are refused at their location, the DDL holds the history, and lint's
/// change-tracking item asks critical-looking entities for one.
@Suite("History specs")
struct HistorySpecTests {
    static func spec(_ head: String, fields: String = "  amount: { type: int }\n") -> [String: String] {
        ["specs/payment.yaml": "entity: Payment\n" + head + "fields:\n" + fields]
    }

    @Test("history: true and false are read; anything else is refused at its value")
    func readsTheKey() throws {
        let on = try #require(SpecHarness.schema(Self.spec("history: true\n")))
        #expect(on.entities[0].traits.history && !on.entities[0].traits.historyDeclinedExplicitly)
        let off = try #require(SpecHarness.schema(Self.spec("history: false\n")))
        #expect(!off.entities[0].traits.history && off.entities[0].traits.historyDeclinedExplicitly)
        let absent = try #require(SpecHarness.schema(Self.spec("")))
        #expect(!absent.entities[0].traits.history && !absent.entities[0].traits.historyDeclinedExplicitly)
        #expect(SpecHarness.errors(Self.spec("history: always\n"))
                == ["specs/payment.yaml:2:10: 'history' in the spec must be true or false, not the string 'always'"])
    }

    @Test("a field or key named like a history column is refused at its location, only with a history")
    func metadataColumnCollisions() {
        let fields = "  history_operation: { type: text }\n  history_at: { type: timestamp }\n"
        let errors = SpecHarness.errors(Self.spec("history: true\n", fields: fields))
        #expect(errors == [
            "specs/payment.yaml:4:3: field 'history_operation' of entity 'Payment' has the name of a column of its history table 'payments_history'",
            "specs/payment.yaml:5:3: field 'history_at' of entity 'Payment' has the name of a column of its history table 'payments_history'",
        ])
        #expect(SpecHarness.errors(Self.spec("", fields: fields)) == [])
        let key = SpecHarness.errors(["specs/history.yaml": "entity: History\nhistory: true\nfields:\n  note: { type: text }\n"])
        // The only entity whose key would be `history_id` is refused for its name twice, both at the name: its
        // table description `HistoryTable` would shadow Taxiway's, and its key would collide with the history's.
        #expect(key == [
            "specs/history.yaml:1:9: entity name 'History' would generate the type 'HistoryTable', which shadows Taxiway's HistoryTable",
            "specs/history.yaml:1:9: the key column 'history_id' of entity 'History' has the name of a column of its history table 'histories_history'",
        ])
    }

    @Test("the history table shares the schema's namespace: a table of that name is refused")
    func historyTableNameCollision() {
        let errors = SpecHarness.errors(Self.spec("history: true\n").merging([
            "specs/other.yaml": "entity: Other\ntable: payments_history\nfields:\n  note: { type: text }\n",
        ]) { $1 })
        // The other table takes the name first (in file order), then the history's key index
        // (pk_payments_history) collides with that table's key index.
        #expect(errors == [
            "specs/payment.yaml:1:9: history table 'payments_history' of entity 'Payment' has the name of table 'payments_history' of entity 'Other' (specs/other.yaml:2:8): tables and indexes share one namespace per schema",
            "specs/payment.yaml:1:9: primary-key index 'pk_payments_history' of history table 'payments_history' has the name of primary-key index 'pk_payments_history' of table 'payments_history' (specs/other.yaml:2:8): tables and indexes share one namespace per schema",
        ])
    }

    @Test("a history of a table with 1597 columns would pass PostgreSQL's 1600")
    func columnLimit() {
        let fields = (1...1592).map { "  f\($0): { type: int }\n" }.joined()
        let errors = SpecHarness.errors(["specs/wide.yaml": "entity: Wide\nhistory: true\nfields:\n" + fields])
        // The entity itself is over the Swift limit (1000 columns) too; the history's own check still speaks.
        #expect(errors.contains("specs/wide.yaml:1:9: the history table 'wides_history' of entity 'Wide' would have 1601 columns, more than PostgreSQL's 1600"), "\(errors)")
        #expect(errors.count == 2, "\(errors)")
    }

    @Test("long table names give history names that fit 63 bytes")
    func longNames() throws {
        let table = String(repeating: "t", count: 63)
        let schema = try #require(SpecHarness.schema(["specs/a.yaml": "entity: A\ntable: \(table)\nhistory: true\nfields:\n  x: { type: int }\n"]))
        let names = [HistoryNames.table(of: table), HistoryNames.recordFunction(of: table), HistoryNames.trigger(of: table),
                     HistoryNames.guardTrigger(of: table), HistoryNames.truncateTrigger(of: table), HistoryNames.tableTruncateTrigger(of: table),
                     HistoryNames.primaryKey(of: table), HistoryNames.keyIndex(of: table, key: "a_id"), HistoryNames.operationCheck(of: table)]
        #expect(names.allSatisfy { $0.utf8.count <= 63 })
        #expect(Set(names).count == names.count)
        #expect(HistoryDDL.statements(for: schema.entities[0]).count == 9)
    }

    @Test("the DDL of a history entity holds its history after its table; sensitive fields stay bytea")
    func ddl() throws {
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/payment.yaml", text: """
            entity: Payment
            history: true
            fields:
              amount: { type: decimal, precision: 10, scale: 2 }
              iban: { type: string, max_length: 34, sensitive: true, lookup: true }
            """)])
        let ddl = try #require(files.first { $0.path == "SQL/schema.sql" }).contents
        let statements = SQLScript(ddl).statements.map(\.text)
        let table = try #require(statements.firstIndex { $0.hasPrefix("CREATE TABLE payments (") })
        let history = try #require(statements.firstIndex { $0.hasPrefix("CREATE TABLE payments_history (") })
        #expect(table < history)
        #expect(statements[history].contains("iban              bytea         NULL"))
        #expect(statements[history].contains("iban_lookup       bytea         NULL"))
        #expect(statements.contains { $0.hasPrefix("CREATE OR REPLACE FUNCTION taxiway_history_guard()") })
        #expect(statements.contains("CREATE TRIGGER trg_payments_history AFTER INSERT OR UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION taxiway_record_payments()"))
        #expect(statements.contains("REVOKE UPDATE, DELETE, TRUNCATE ON payments_history FROM PUBLIC"))
        let repository = try #require(files.first { $0.path.hasSuffix("PaymentRepository.swift") }).contents
        #expect(repository.contains("extension PaymentTable: HistoryTable {"))
        // Without a history, none of it.
        let plain = try SpecHarness.render([SpecLoader.Source(path: "specs/payment.yaml", text: "entity: Payment\nhistory: false\nfields:\n  amount: { type: int }\n")])
        #expect(!(try #require(plain.first { $0.path == "SQL/schema.sql" }).contents.contains("history")))
        #expect(!(try #require(plain.first { $0.path.hasSuffix("PaymentRepository.swift") }).contents.contains("HistoryTable")))
    }

    /// The change-tracking item of each entity of `files`, with `words` (the defaults when nil).
    static func changeTracking(_ files: [String: String], words: [String]? = nil) throws -> [String: LintResult] {
        let sources = files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        var log = DiagnosticLog()
        let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), into: &log))
        let rendered = try SpecHarness.render(sources)
        var linter = Linter(schema: schema, ddl: try #require(rendered.first { $0.path == "SQL/schema.sql" }).contents,
                            plannedPaths: rendered.map(\.path))
        if let words { linter.criticalWords = words }
        var results: [String: LintResult] = [:]
        for entity in linter.run().entities {
            results[entity.entity] = entity.results.first { $0.item == .changeTracking }
        }
        return results
    }

    @Test("lint: a critical-looking entity without a history fails at its declaration; history: true or false passes")
    func lintChangeTracking() throws {
        let results = try Self.changeTracking([
            "specs/a.yaml": "entity: Invoice\nfields:\n  n: { type: int }\n",
            "specs/b.yaml": "entity: CustomerAccount\nhistory: false\nfields:\n  n: { type: int }\n",
            "specs/c.yaml": "entity: Refund\nhistory: true\nfields:\n  n: { type: int }\n",
            "specs/d.yaml": "entity: Shelf\ntable: ledgers\nfields:\n  n: { type: int }\n",
            "specs/e.yaml": "entity: Note\nfields:\n  n: { type: int }\n",
        ])
        #expect(results["Invoice"]?.findings.map(\.description) == [
            "specs/a.yaml:1:1: entity 'Invoice' reads as critical data ('invoice') but has no change history; add `history: true`, or `history: false` to decline",
        ])
        #expect(results["CustomerAccount"]?.passed == true)
        #expect(results["CustomerAccount"]?.detail == "critical by name ('account'), history declined (history: false)")
        #expect(results["Refund"]?.passed == true)
        #expect(results["Refund"]?.detail == "history refunds_history, trigger trg_refunds_history")
        #expect(results["Shelf"]?.passed == false)
        #expect(results["Note"]?.detail == "not critical by name")
        // A project's own words replace the defaults; [] asks nothing.
        let custom = try Self.changeTracking(["specs/a.yaml": "entity: Invoice\nfields:\n  n: { type: int }\n",
                                              "specs/e.yaml": "entity: Note\nfields:\n  n: { type: int }\n"], words: ["note"])
        #expect(custom["Invoice"]?.passed == true && custom["Note"]?.passed == false)
        #expect(try Self.changeTracking(["specs/a.yaml": "entity: Invoice\nfields:\n  n: { type: int }\n"], words: [])["Invoice"]?.passed == true)
    }

    @Test("taxigen.yaml critical_words is read; a non-list is refused at its value")
    func configWords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("history-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "critical_words: [note, memo]\n".write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
        var log = DiagnosticLog()
        #expect(ProjectConfig.load(projectDirectory: directory, into: &log).criticalWords == ["note", "memo"])
        #expect(log.diagnostics.isEmpty)
        try "critical_words: note\n".write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
        var bad = DiagnosticLog()
        _ = ProjectConfig.load(projectDirectory: directory, into: &bad)
        #expect(bad.diagnostics.map(\.description).first?.hasPrefix("taxigen.yaml:1:17: error: 'critical_words' in taxigen.yaml must be a list") == true)
    }
}
