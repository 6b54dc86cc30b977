import Foundation
@testable import TaxigenCore
import Testing

/// What `migrate new` refuses rather than lose data, and how `renamed_from` turns a drop + add into a rename.
@Suite("Renames and refusals")
struct RefusalTests {
    @Test("a field dropped and a compatible one added without renamed_from is refused, with the hint; nothing is written")
    func unannotatedRename() async throws {
        let old = try Specs.thing("  phone: { type: string, max_length: 32, nullable: true }")
        let new = try Specs.thing("  mobile: { type: string, max_length: 40, nullable: true }")
        let (_, diagnostics) = Specs.diff(from: old, to: new)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.message == "field 'mobile' is added and column 'phone' of table 'things' is dropped in the same migration: is it a rename?")
        #expect(error.location.file == "specs/thing.yaml" && error.location.line == 3, "at the added field: \(error.location)")
        #expect(error.hint?.contains("add `renamed_from: phone` to field 'mobile'") == true, "\(error.hint ?? "")")
        #expect(error.hint?.contains("remove 'phone' in one migration and add 'mobile' in the next") == true)

        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        let customer = try String(contentsOfFile: project.path + "/specs/customer.yaml", encoding: .utf8)
        try project.write(spec: "customer.yaml", customer.replacingOccurrences(of: "  note:", with: "  memo:"))
        let run = try await project.run("migrate", "new", "-m", "Rename note")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.standardError.contains("specs/customer.yaml:8:3: error: field 'memo' is added and column 'note'"), "\(run.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.migrations).sorted() == ["0001_initial"])
    }

    @Test("with renamed_from the column is renamed, keeping its values, and its derived index and CHECK names follow")
    func annotatedRename() throws {
        let old = try Specs.thing("  code: { type: string, min_length: 2, max_length: 10, unique: true }")
        let new = try Specs.thing("  ref_code: { type: string, min_length: 2, max_length: 10, unique: true, renamed_from: code }")
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.upStatements == [
            "ALTER TABLE things RENAME COLUMN code TO ref_code",
            "ALTER INDEX ux_things_code RENAME TO ux_things_ref_code",
            "ALTER TABLE things RENAME CONSTRAINT ck_things_code_length TO ck_things_ref_code_length",
            AlterSQL.renameNotNullConstraints(["things"]),
        ])
        #expect(plan.downStatements == [
            "ALTER TABLE things RENAME CONSTRAINT ck_things_ref_code_length TO ck_things_code_length",
            "ALTER INDEX ux_things_ref_code RENAME TO ux_things_code",
            "ALTER TABLE things RENAME COLUMN ref_code TO code",
            AlterSQL.renameNotNullConstraints(["things"]),
        ])
        #expect(plan.isReversible)
        let again = try Specs.plan(from: new, to: new)
        #expect(again.up.isEmpty, "a renamed_from that the snapshot has seen is ignored")
    }

    @Test("renamed_from naming a field that still exists is an error; naming no column is a warning and adds the column")
    func badRenames() throws {
        let old = try Specs.thing("  code: { type: string, max_length: 10 }")
        let kept = try Specs.thing("  code: { type: string, max_length: 10 }\n  ref: { type: string, max_length: 10, renamed_from: code }")
        #expect(Specs.diff(from: old, to: kept).diagnostics.contains { $0.severity == .error && $0.message.contains("but a field 'code' still exists") })
        let stray = try Specs.thing("  code: { type: string, max_length: 10 }\n  other: { type: int, nullable: true, renamed_from: nothing }")
        let (diff, diagnostics) = Specs.diff(from: old, to: stray)
        #expect(diagnostics.map(\.severity) == [.warning], "\(diagnostics.map(\.description))")
        #expect(diff.alteredTables.first?.addedColumns.map(\.name) == ["other"])
    }

    @Test("type changes that would round, truncate or reinterpret values are refused with a hint", arguments: [
        ("  v: { type: vector, dimensions: 8, nullable: true }", "  v: { type: vector, dimensions: 4, nullable: true }", "would cut every stored embedding short"),
        ("  d: { type: decimal, precision: 10, scale: 4 }", "  d: { type: decimal, precision: 10, scale: 2 }", "would round stored values to 2 decimals"),
        ("  s: { type: string, max_length: 10 }", "  s: { type: string, max_length: 10, sensitive: true }", "a field cannot become sensitive in place"),
        ("  n: { type: int }", "  n: { type: text }", "integer cannot become text"),
        ("  b: { type: double }", "  b: { type: decimal, precision: 12, scale: 2 }", "double precision cannot become numeric(12,2)"),
    ])
    func lossyTypeChanges(before: String, after: String, reason: String) throws {
        let (_, diagnostics) = Specs.diff(from: try Specs.thing(before), to: try Specs.thing(after))
        let error = try #require(diagnostics.first { $0.severity == .error }, "refused")
        #expect(error.message.contains(reason), "\(error.message)")
        #expect(error.hint != nil)
    }

    @Test("a table dropped while one with the same fields is created (a renamed entity) is refused")
    func unannotatedTableRename() throws {
        let old = try Specs.schema(["specs/a.yaml": "entity: Client\nfields:\n  name: { type: string, max_length: 10 }\n"])
        let new = try Specs.schema(["specs/a.yaml": "entity: Customer\nfields:\n  name: { type: string, max_length: 10 }\n"])
        let error = try #require(Specs.diff(from: old, to: new).diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("table 'customers' is created and table 'clients', with the same fields, is dropped"), "\(error.message)")
    }
}
