import Foundation
@testable import TaxigenCore
import Testing

/// `renamed_from:` of an entity and `renamed_values:` of an enum field: the statements `migrate new` plans, and
/// every diagnostic of the two keys (checker errors with their locations, diff errors and warnings).
@Suite("Table and enum value renames: plans and diagnostics")
struct TableRenamePlanTests {
    static let thing = """
        entity: Thing
        fields:
          code: { type: string, min_length: 2, max_length: 10, unique: true }
          status: { type: enum, values: [open, closed] }
        """

    static let gadget = """
        entity: Gadget
        renamed_from: things
        fields:
          code: { type: string, min_length: 2, max_length: 10, unique: true }
          status: { type: enum, values: [open, closed] }
        """

    @Test("an entity renamed with renamed_from renames its table, key column and every derived name; down renames back")
    func renamedEntity() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let new = try Specs.schema(["specs/gadget.yaml": Self.gadget])
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.upStatements == [
            "ALTER TABLE things RENAME TO gadgets",
            "ALTER TABLE gadgets RENAME COLUMN thing_id TO gadget_id",
            "ALTER TABLE gadgets RENAME CONSTRAINT pk_things TO pk_gadgets",
            "ALTER INDEX ix_things_version RENAME TO ix_gadgets_version",
            "ALTER INDEX ux_things_code RENAME TO ux_gadgets_code",
            "ALTER TABLE gadgets RENAME CONSTRAINT ck_things_code_length TO ck_gadgets_code_length",
            "ALTER TABLE gadgets RENAME CONSTRAINT ck_things_status_values TO ck_gadgets_status_values",
            "ALTER TABLE gadgets RENAME CONSTRAINT ck_things_version_positive TO ck_gadgets_version_positive",
            "ALTER TRIGGER trg_things_touch ON gadgets RENAME TO trg_gadgets_touch",
            AlterSQL.renameNotNullConstraints(["gadgets"]),
        ], "\(plan.upStatements.joined(separator: "\n"))")
        #expect(plan.downStatements == [
            "ALTER TABLE gadgets RENAME TO things",
            "ALTER TABLE things RENAME COLUMN gadget_id TO thing_id",
            "ALTER TABLE things RENAME CONSTRAINT pk_gadgets TO pk_things",
            "ALTER INDEX ix_gadgets_version RENAME TO ix_things_version",
            "ALTER INDEX ux_gadgets_code RENAME TO ux_things_code",
            "ALTER TABLE things RENAME CONSTRAINT ck_gadgets_code_length TO ck_things_code_length",
            "ALTER TABLE things RENAME CONSTRAINT ck_gadgets_status_values TO ck_things_status_values",
            "ALTER TABLE things RENAME CONSTRAINT ck_gadgets_version_positive TO ck_things_version_positive",
            "ALTER TRIGGER trg_gadgets_touch ON things RENAME TO trg_things_touch",
            AlterSQL.renameNotNullConstraints(["things"]),
        ], "\(plan.downStatements.joined(separator: "\n"))")
        #expect(plan.isReversible)
        #expect(plan.summary.contains("table things → gadgets (renamed, rows kept)"), "\(plan.summary)")
        let again = Specs.diff(from: new, to: new)
        #expect(again.diff.isEmpty && again.diagnostics.isEmpty, "a renamed_from the snapshot has seen is ignored")
    }

    @Test("a changed `table:` with renamed_from keeps the key column; other changes of the same migration follow the rename")
    func renamedTableWithChanges() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let new = try Specs.schema(["specs/thing.yaml": """
            entity: Thing
            table: gizmos
            renamed_from: [widgets, things]
            fields:
              code: { type: string, min_length: 2, max_length: 10, unique: true }
              status: { type: enum, values: [open, closed] }
              note: { type: text, nullable: true }
            """])
        let plan = try Specs.plan(from: old, to: new)
        let up = plan.upStatements
        #expect(up.first == "ALTER TABLE things RENAME TO gizmos", "\(up)")
        #expect(!up.contains { $0.contains("RENAME COLUMN") }, "the key stays thing_id: \(up)")
        #expect(up.contains("ALTER TABLE gizmos ADD COLUMN note text NULL"), "\(up)")
        #expect(!up.contains { $0.hasPrefix("DROP TABLE") || $0.hasPrefix("CREATE TABLE") }, "\(up)")
    }

    @Test("the same fields dropped and created without renamed_from is refused, with a hint that names renamed_from")
    func unannotatedTableRename() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let new = try Specs.schema(["specs/gadget.yaml": Self.gadget.replacingOccurrences(of: "renamed_from: things\n", with: "")])
        let error = try #require(Specs.diff(from: old, to: new).diagnostics.first { $0.severity == .error })
        #expect(error.message == "table 'gadgets' is created and table 'things', with the same fields, is dropped in one migration: is it a rename?")
        #expect(error.location.file == "specs/gadget.yaml" && error.location.line == 1, "\(error.location)")
        #expect(error.hint?.contains("add `renamed_from: things` to entity 'Gadget'") == true, "\(error.hint ?? "")")
    }

    @Test("renamed_from naming a table the last migration lacks is a warning (the table is created); one that still exists, or taken twice, is an error")
    func diffDiagnostics() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let stray = try Specs.schema(["specs/gadget.yaml": Self.gadget.replacingOccurrences(of: "renamed_from: things", with: "renamed_from: widgets"),
                                      "specs/thing.yaml": Self.thing])
        let (diff, diagnostics) = Specs.diff(from: old, to: stray)
        #expect(diagnostics.map(\.severity) == [.warning], "\(diagnostics.map(\.description))")
        #expect(diagnostics.first?.message == "entity 'Gadget' is renamed_from 'widgets', but the last migration has no such table")
        #expect(diagnostics.first?.location.line == 2 && diagnostics.first?.location.column == 15, "\(diagnostics.map(\.description))")
        #expect(diff.createdTables.map(\.name) == ["gadgets"] && diff.renamedTables.isEmpty)

        let kept = try Specs.schema(["specs/gadget.yaml": Self.gadget, "specs/thing.yaml": Self.thing])
        let still = Specs.diff(from: old, to: kept).diagnostics
        #expect(still.contains { $0.severity == .error && $0.message == "entity 'Gadget' is renamed_from 'things', but table 'things' still exists (entity 'Thing')"
            && $0.location.file == "specs/gadget.yaml" && $0.location.line == 2 && $0.hint?.contains("rename or remove entity 'Thing' first") == true },
                "\(still.map(\.description))")

        let twice = try Specs.schema(["specs/gadget.yaml": Self.gadget,
                                      "specs/widget.yaml": Self.gadget.replacingOccurrences(of: "Gadget", with: "Widget")])
        let taken = Specs.diff(from: old, to: twice).diagnostics
        #expect(taken.contains { $0.severity == .error && $0.message == "tables 'gadgets' and 'widgets' are both renamed_from 'things'"
            && $0.location.file == "specs/widget.yaml" }, "\(taken.map(\.description))")
    }

    @Test("an entity is not renamed while one of its fields is between a zero-downtime expand and its contract; a deprecated field stays deprecated through a rename")
    func renameDuringExpand() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        var snapshot = SchemaSnapshot(schema: old)
        let index = try #require(snapshot.tables.firstIndex { $0.name == "things" })
        let code = try #require(snapshot.tables[index].columns.firstIndex { $0.name == "code" })
        var expanded = snapshot
        expanded.tables[index].columns[code].replacedBy = "label"
        let new = try Specs.schema(["specs/gadget.yaml": Self.gadget])
        var log = DiagnosticLog()
        _ = SchemaDiffer.diff(from: expanded, to: new, into: &log)
        let errors = log.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.message.contains("renamed_from 'things', which has a rename in progress ('code' → 'label')"))
        #expect(error.hint?.contains("--contract") == true)
        #expect(error.location.file.hasSuffix("gadget.yaml") && error.location.line == 2)
        // A deprecated column keeps its flag under the table's new name (a later migration may still drop it).
        snapshot.tables[index].columns[code].deprecated = true
        let renamed = snapshot.tables[index].renamed(to: "gadgets", primaryKey: "gadget_id")
        #expect(renamed.column(named: "code")?.deprecated == true)
    }

    @Test("the checker refuses a malformed renamed_from of an entity, each error where it is written")
    func checkerDiagnostics() {
        let cases: [(String, String, Int, Int)] = [
            ("renamed_from: Things", "'renamed_from' must name the table's previous snake_case table name", 2, 15),
            ("renamed_from: gadgets", "'renamed_from' of table 'gadgets' names the table itself", 2, 15),
            ("renamed_from: [things, things]", "'renamed_from' of table 'gadgets' lists 'things' twice", 2, 24),
            ("renamed_from: { a: b }", "'renamed_from' of table 'gadgets' must be the table's previous snake_case name or a list of them, not a mapping", 2, 15),
            ("renamed_from: []", "'renamed_from' of table 'gadgets' must be the table's previous snake_case name or a list of them, not a list", 2, 15),
        ]
        for (line, message, row, column) in cases {
            let diagnostics = Self.check(["specs/gadget.yaml": Self.gadget.replacingOccurrences(of: "renamed_from: things", with: line)])
            #expect(diagnostics.contains { $0.severity == .error && $0.message == message && $0.location.file == "specs/gadget.yaml"
                && $0.location.line == row && $0.location.column == column }, "\(line): \(diagnostics.map(\.description))")
        }
    }

    @Test("the checker refuses a malformed renamed_values, each error where it is written, all at once")
    func enumCheckerDiagnostics() {
        let spec = """
            entity: Ticket
            fields:
              status: { type: enum, values: [open, archived], renamed_values: { Closed: archived, open: archived, gone: lost, done: [x] } }
              kind: { type: string, max_length: 9, renamed_values: { a: b } }
              level: { type: enum, values: [low], renamed_values: [low] }
            """
        let diagnostics = Self.check(["specs/ticket.yaml": spec]).filter { $0.severity == .error }
        let expected: [(String, Int)] = [
            ("former enum value 'Closed' of field 'status' is not snake_case", 3),
            ("enum value 'open' of field 'status' is renamed, but it is still one of the field's values", 3),
            ("enum value 'gone' of field 'status' is renamed to 'lost', which is not one of its values", 3),
            ("'renamed_values' of field 'status' must give the value 'done' became, not a list", 3),
            ("'renamed_values' of field 'level' must map each former value to the value it became, not a list", 5),
        ]
        for (message, line) in expected {
            #expect(diagnostics.contains { $0.message == message && $0.location.line == line && $0.location.file == "specs/ticket.yaml" },
                    "\(message): \(diagnostics.map(\.description))")
        }
        #expect(diagnostics.contains { $0.location.line == 4 && $0.message.contains("renamed_values") }, "\(diagnostics.map(\.description))")
    }

    @Test("an enum value renamed with renamed_values: CHECK rebuilt NOT VALID, rows rewritten in batches, validated; down rewrites back")
    func enumValueRename() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let new = try Specs.schema(["specs/thing.yaml": Self.thing.replacingOccurrences(
            of: "values: [open, closed] }", with: "values: [open, archived], renamed_values: { closed: archived } }")])
        let plan = try Specs.plan(from: old, to: new)
        let up = plan.upStatements
        let drop = try #require(up.firstIndex(of: "ALTER TABLE things DROP CONSTRAINT ck_things_status_values"), "\(up)")
        let add = try #require(up.firstIndex(of: "ALTER TABLE things ADD CONSTRAINT ck_things_status_values CHECK (status IN ('open', 'archived')) NOT VALID"))
        let rewrite = try #require(up.firstIndex { $0.contains("UPDATE things SET status = CASE status WHEN 'closed' THEN 'archived' END") })
        let validate = try #require(up.firstIndex(of: "ALTER TABLE things VALIDATE CONSTRAINT ck_things_status_values"))
        #expect(drop < add && add < rewrite && rewrite < validate)
        #expect(up[rewrite].contains("set_config('taxiway.maintenance', 'on', true)"))
        #expect(plan.up.contains { $0.kind == .standalone && $0.statements.contains { $0.sql.contains("WHEN 'closed' THEN 'archived'") } })
        #expect(plan.downStatements.contains { $0.contains("UPDATE things SET status = CASE status WHEN 'archived' THEN 'closed' END") })
        #expect(plan.isReversible)
        let again = Specs.diff(from: new, to: new)
        #expect(again.diff.isEmpty && again.diagnostics.isEmpty, "a rename the snapshot has seen does nothing")

        let merged = try Specs.schema(["specs/thing.yaml": Self.thing.replacingOccurrences(
            of: "values: [open, closed] }", with: "values: [open], renamed_values: { closed: open } }")])
        let merge = try Specs.plan(from: old, to: merged)
        #expect(!merge.isReversible && merge.irreversibleReasons.contains { $0.contains("merges values") }, "\(merge.irreversibleReasons)")

        let stray = try Specs.schema(["specs/thing.yaml": Self.thing.replacingOccurrences(
            of: "values: [open, closed] }", with: "values: [open, closed, lost], renamed_values: { gone: lost } }")])
        let diagnostics = Specs.diff(from: old, to: stray).diagnostics
        #expect(diagnostics.map(\.severity) == [.warning] && diagnostics[0].message.contains("has no value 'gone'"), "\(diagnostics.map(\.description))")

        let removed = try Specs.schema(["specs/thing.yaml": Self.thing.replacingOccurrences(of: "values: [open, closed]", with: "values: [open]")])
        let removal = try Specs.plan(from: old, to: removed)
        #expect(removal.warnings.contains { $0.contains("things.status no longer allows 'closed'") }, "\(removal.warnings)")
    }

    @Test("renaming a table with sealed fields warns to keep renamed_from until the values are resealed; without them, no such warning")
    func sealedFieldsRenameWarning() throws {
        let old = try Specs.schema(["specs/contact.yaml": "entity: Contact\nfields:\n  email: { type: string, max_length: 320, sensitive: true, lookup: true }\n  note: { type: text }\n"])
        let new = try Specs.schema(["specs/lead.yaml": "entity: Lead\nrenamed_from: contacts\nfields:\n  email: { type: string, max_length: 320, sensitive: true, lookup: true }\n  note: { type: text }\n"])
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.warnings.contains("the sealed values of email are bound to the table's name: keep `renamed_from: contacts` in the spec until resealSensitiveFields has run, or they cannot be opened"), "\(plan.warnings)")
        let plainOld = try Specs.schema(["specs/contact.yaml": "entity: Contact\nfields:\n  note: { type: text }\n"])
        let plainNew = try Specs.schema(["specs/lead.yaml": "entity: Lead\nrenamed_from: contacts\nfields:\n  note: { type: text }\n"])
        #expect(!(try Specs.plan(from: plainOld, to: plainNew)).warnings.contains { $0.contains("sealed") })
    }

    @Test("a renamed enum column and a renamed table: the rewrite names the new column going up and the old one coming down, before the table's rename back")
    func enumRenameWithColumnAndTableRenames() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing])
        let new = try Specs.schema(["specs/gadget.yaml": Self.gadget.replacingOccurrences(
            of: "  status: { type: enum, values: [open, closed] }",
            with: "  state: { type: enum, values: [open, archived], renamed_from: status, renamed_values: { closed: archived } }")])
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.upStatements.contains { $0.contains("UPDATE gadgets SET state = CASE state WHEN 'closed' THEN 'archived' END") }, "\(plan.upStatements)")
        let down = plan.down.map { $0.statements.map(\.sql) }
        let rewrite = try #require(down.firstIndex { $0.contains { $0.contains("UPDATE gadgets SET status = CASE status WHEN 'archived' THEN 'closed' END") } }, "\(down)")
        let renameBack = try #require(down.firstIndex { $0.contains("ALTER TABLE gadgets RENAME TO things") })
        let columnBack = try #require(down.firstIndex { $0.contains("ALTER TABLE gadgets RENAME COLUMN state TO status") })
        #expect(columnBack < rewrite && rewrite < renameBack && renameBack == down.count - 1)
    }

    @Test("a renamed entity whose old table has a column named like its new key is refused")
    func keyCollision() throws {
        let old = try Specs.schema(["specs/thing.yaml": Self.thing + "\n  gadget_id: { type: uuid, nullable: true }"])
        let new = try Specs.schema(["specs/gadget.yaml": Self.gadget])
        let diagnostics = Specs.diff(from: old, to: new).diagnostics
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("whose column 'gadget_id' would collide with the renamed key 'thing_id' → 'gadget_id'")
            && $0.location.line == 2 }, "\(diagnostics.map(\.description))")
    }

    static let longOld = "ledger_entries_kept_for_the_auditors_of_the_northern_region"
    static let longNew = "ledger_entries_kept_for_the_auditors_of_the_southern_region"

    @Test("a rename alone leaves nothing else to change, whatever the table has (history, append-only partitions, hashed long names)", arguments: [
        "  code: { type: string, min_length: 2, max_length: 10, unique: true }\n  status: { type: enum, values: [open, closed] }",
        "history: true\nfields_:\n  code: { type: string, min_length: 2, max_length: 10, unique: true }\n  tags: { type: array, items: string, max_length: 9, max_items: 3 }",
        "append_only:\n  partition: { by: created_at, interval: day, ahead: 2 }\nfields_:\n  kind: { type: enum, values: [a, b] }\nindexes:\n  - fields: [kind]",
    ])
    func renameAloneIsComplete(body: String) throws {
        for (before, after, entity) in [("things", "gadgets", "Gadget"), (Self.longOld, Self.longNew, "Thing")] {
            let fields = body.contains("fields_:") ? body.replacingOccurrences(of: "fields_:", with: "fields:") : "fields:\n" + body
            let oldSpec = "entity: Thing\n" + (before == "things" ? "" : "table: \(before)\n") + fields
            let newSpec = "entity: \(entity)\n" + (after == "gadgets" ? "" : "table: \(after)\n") + "renamed_from: \(before)\n" + fields
            if body.contains("partition"), before.count > 40 { continue }   // the partition functions' names would pass 63 bytes
            let (diff, diagnostics) = Specs.diff(from: try Specs.schema(["specs/a.yaml": oldSpec]), to: try Specs.schema(["specs/a.yaml": newSpec]))
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
            #expect(diff.renamedTables.map(\.old.name) == [before] && diff.renamedTables.map(\.renamed.name) == [after])
            #expect(diff.alteredTables.isEmpty && diff.createdTables.isEmpty && diff.droppedTables.isEmpty && diff.history.isEmpty,
                    "\(before) → \(after): the translated table differs from the new one: \(diff.alteredTables.map { ($0.renamedIndexes, $0.renamedChecks, $0.createdIndexes.map(\.name), $0.addedChecks.map(\.name), $0.renamedColumns) })")
        }
    }

    @Test("a tenant-scoped table renamed (with its history, or partitioned) leaves nothing else to change: its policies and keys keep their names")
    func tenantScopedRenameIsComplete() throws {
        let options = Checker.Options(tenancy: TenancySetting())
        func schema(_ text: String) throws -> Schema {
            var log = DiagnosticLog()
            let checked = Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/a.yaml", text: text)], into: &log), options: options, into: &log)
            return try #require(checked, "\(log.sorted.map(\.description))")
        }
        for traits in ["history: true\n", "append_only:\n  partition: { by: created_at, interval: week, ahead: 1 }\n"] {
            let fields = "fields:\n  code: { type: string, max_length: 10, index: true }\n  kind: { type: enum, values: [a, b] }\n"
            let old = try schema("entity: Thing\n" + traits + fields)
            let new = try schema("entity: Gadget\nrenamed_from: things\n" + traits + fields)
            #expect(SchemaSnapshot(schema: new).tables[0].tenancy != nil)
            let (diff, diagnostics) = Specs.diff(from: old, to: new)
            #expect(diagnostics.isEmpty && diff.renamedTables.count == 1, "\(diagnostics.map(\.description))")
            #expect(diff.alteredTables.isEmpty && diff.createdTables.isEmpty && diff.droppedTables.isEmpty && diff.history.isEmpty,
                    "\(traits): \(diff.alteredTables.map { ($0.renamedIndexes, $0.renamedChecks, $0.createdIndexes.map(\.name), $0.tenancyChanges) })")
        }
    }

    @Test("migrate new reports a renamed_from naming a table that still exists at the spec (path:line:column, hint) and writes nothing; then renames")
    func commandLine() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        let customer = try String(contentsOfFile: project.path + "/specs/customer.yaml", encoding: .utf8)
        let client = customer.replacingOccurrences(of: "entity: Customer\n", with: "entity: Client\nrenamed_from: customers\n")
        try project.write(spec: "client.yaml", client)
        let refused = try await project.run("migrate", "new", "-m", "Rename")
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.standardError.contains("specs/client.yaml:2:15: error: entity 'Client' is renamed_from 'customers', but table 'customers' still exists (entity 'Customer')"),
                "\(refused.standardError)")
        #expect(refused.standardError.contains("hint: only a table that no entity has any more can be renamed"), "\(refused.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.migrations).filter { !$0.hasPrefix(".") && $0 != "checksums.txt" }.sorted() == ["0001_initial"])

        try FileManager.default.removeItem(atPath: project.path + "/specs/customer.yaml")
        let renamed = try await project.run("migrate", "new", "-m", "Rename")
        #expect(renamed.status == 0, "\(renamed.output)")
        #expect(renamed.output.contains("table customers → clients (renamed, rows kept)"), "\(renamed.output)")
        #expect((try await project.run("migrate", "check")).status == 0)
    }

    /// The diagnostics of checking specs.
    static func check(_ files: [String: String]) -> [Diagnostic] {
        var log = DiagnosticLog()
        let sources = files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        _ = Checker.check(SpecLoader.load(sources, into: &log), options: Checker.Options(), into: &log)
        return log.sorted
    }
}
