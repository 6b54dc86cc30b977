import Foundation
@testable import TaxigenCore
import Testing

/// What `deprecated: true` and `zero_downtime` refuse and plan, without a database (ThreeReleaseTests runs them).
@Suite("Zero downtime: deprecation, refusals and phases")
struct ZeroDowntimeTests {
    /// The errors of checking one `Thing` spec, as `path:line:column: message`.
    static func errors(_ yaml: String) -> [String] {
        var log = DiagnosticLog()
        _ = Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/thing.yaml", text: yaml)], into: &log), options: Checker.Options(), into: &log)
        return log.sorted.filter { $0.severity == .error }.map { "\($0.location): \($0.message)" }
    }

    @Test("a deprecated field needs a default or nullable; not unique with a default, not renamed, not in a named query; every error at once")
    func deprecationRefusals() {
        let errors = Self.errors("""
            entity: Thing
            fields:
              code:  { type: string, max_length: 9, deprecated: true }
              label: { type: string, max_length: 9, unique: true, default: "x", deprecated: true }
              tag:   { type: string, max_length: 9, nullable: true, renamed_from: old_tag, deprecated: true }
              kind:  { type: string, max_length: 9, nullable: true, deprecated: true }
              flag:  { type: bool, deprecated: maybe }
            queries:
              by_kind:
                where: { kind: $kind }
            """)
        #expect(errors.contains { $0.hasPrefix("specs/thing.yaml:3:") && $0.contains("deprecated field 'code' is NOT NULL without a default") })
        #expect(errors.contains { $0.hasPrefix("specs/thing.yaml:4:") && $0.contains("deprecated field 'label' is unique and has a default") })
        #expect(errors.contains { $0.hasPrefix("specs/thing.yaml:5:") && $0.contains("deprecated field 'tag' also has `renamed_from`") })
        #expect(errors.contains { $0.hasPrefix("specs/thing.yaml:10:") && $0.contains("named query 'by_kind' uses deprecated field 'kind'") })
        #expect(errors.contains { $0.contains("'deprecated' in field 'flag' must be true or false") })
        #expect(errors.count == 5, "\(errors)")
    }

    @Test("the generated code leaves a deprecated field out (model, create, patch, repository, tests); schema.sql and the snapshot keep it")
    func codeView() throws {
        let schema = try Specs.thing("""
              name: { type: string, max_length: 40 }
              legacy: { type: string, max_length: 40, default: "", deprecated: true, unique: false, index: true }
            """)
        let entity = try #require(schema.entity(named: "Thing"))
        #expect(entity.column(named: "legacy") != nil)
        #expect(entity.codeView.column(named: "legacy") == nil)
        #expect(!entity.codeView.indexes.contains { $0.columns.contains("legacy") })
        let files = try Generator(config: ProjectConfig(projectDirectory: "/nonexistent")).generate(schema, with: TemplateSet.defaults())
        let swift = files.filter { $0.path.hasSuffix(".swift") }.map(\.contents).joined()
        #expect(!swift.contains("legacy"))
        let sql = try #require(files.first { $0.path.hasSuffix("schema.sql") }).contents
        #expect(sql.contains("legacy") && sql.contains("ix_things_legacy"))
        #expect(SchemaSnapshot(schema: schema).table(named: "things")?.column(named: "legacy")?.deprecated == true)
        // Without a deprecated field, the snapshot's JSON has no `deprecated` key (existing snapshots keep their bytes).
        let plain = try Specs.thing("  name: { type: string, max_length: 40 }")
        #expect(!(try SnapshotFile(id: "0001_x", parent: nil, schema: SchemaSnapshot(schema: plain)).encoded()).contains("deprecated"))
    }

    @Test("zero_downtime: a field removed without an earlier deprecation is refused at the entity with the hint; a deprecated one is dropped after the deploy")
    func dropRefusedUnlessDeprecated() throws {
        let before = try Specs.thing("  name: { type: string, max_length: 40 }\n  note: { type: text, nullable: true }")
        var after = try Specs.thing("  name: { type: string, max_length: 40 }")
        after.migrationPolicy.zeroDowntime = true
        var log = DiagnosticLog()
        _ = SchemaDiffer.diff(from: SchemaSnapshot(schema: before), to: after, into: &log)
        let error = try #require(log.sorted.first { $0.severity == .error })
        #expect("\(error.location)" == "specs/thing.yaml:1:1")
        #expect(error.message.hasPrefix("field 'note' of Thing is removed, but no earlier migration had it deprecated"))
        #expect(error.hint == "deprecate it first: `deprecated: true`, release, then remove (zero_downtime in taxigen.yaml)")

        // Deprecated in one migration (nothing changes in the database), removed in the next (post-deploy).
        let deprecated = try Specs.thing("  name: { type: string, max_length: 40 }\n  note: { type: text, nullable: true, deprecated: true }")
        let record = try Specs.plan(from: before, to: deprecated)
        #expect(record.upStatements == ["SELECT 1"] && record.isReversible)
        #expect(record.summary == ["things: column note deprecated (the generated code no longer reads or writes it; removing the field later drops it after the deploy)"])
        var log2 = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: deprecated), to: after, into: &log2)
        #expect(!log2.hasErrors, "\(log2.sorted)")
        let plan = try MigrationPlanner(diff: diff, schema: after, ddl: FreshDDL(templates: TemplateSet.defaults())).plan()
        #expect(plan.up.map(\.phase) == [.postDeploy])
        #expect(plan.upStatements == ["ALTER TABLE things DROP COLUMN note"])
        #expect(!plan.isReversible)
        // The unit's marker says so in up.sql, and reads back as post-deploy.
        let text = MigrationFileText.up(id: "0003_drop_note", message: "drop note", parent: "0002_x", plan: plan)
        #expect(text.contains("-- unit 1 of 1: [post-deploy] after the deploy"))
        #expect(try MigrationScript(parsing: text, path: "up.sql").units.map(\.phase) == [.postDeploy])
    }

    @Test("a refused zero_downtime rename is one error, at the field: its columns are not reported again as an undeprecated drop or an unannotated rename",
          arguments: [("history: true\n", "  name: { type: string, max_length: 40 }", "  full_name: { type: string, max_length: 40, renamed_from: name }", "on a table with a history"),
                      ("", "  name: { type: string, max_length: 40 }", "  full_name: { type: string, max_length: 80, renamed_from: name }", "changes type"),
                      ("", "  name: { type: string, max_length: 40, sensitive: true }", "  full_name: { type: string, max_length: 40, sensitive: true, renamed_from: name }", "sensitive field"),
                      ("+history: true\n", "  name: { type: string, max_length: 40 }", "  full_name: { type: string, max_length: 40, renamed_from: name }", "on a table with a history")])
    func refusedRenameIsOneError(traits: String, before: String, after: String, reason: String) throws {
        // "+" adds the traits in the new specs only: a history turned on by the same migration.
        let added = traits.hasPrefix("+"), traits = added ? String(traits.dropFirst()) : traits
        let old = try Specs.schema(["specs/thing.yaml": "entity: Thing\n\(added ? "" : traits)fields:\n\(before)\n  code: { type: string, max_length: 9 }\n"])
        var new = try Specs.schema(["specs/thing.yaml": "entity: Thing\n\(traits)fields:\n\(after)\n  code: { type: string, max_length: 9 }\n"])
        new.migrationPolicy.zeroDowntime = true
        var log = DiagnosticLog()
        _ = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        let errors = log.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1 && errors[0].message.contains(reason) && errors[0].location.line == 4 - (traits.isEmpty ? 1 : 0),
                "\(errors.map(\.description))")
    }

    @Test("zero_downtime renames: a type change, a sensitive field and a table with a history are refused; a field named like the column being replaced too")
    func renameRefusals() throws {
        let before = try Specs.thing("  name: { type: string, max_length: 40 }\n  code: { type: string, max_length: 9 }")
        var after = try Specs.thing("  full_name: { type: string, max_length: 80, renamed_from: name }\n  code: { type: string, max_length: 9 }")
        after.migrationPolicy.zeroDowntime = true
        var log = DiagnosticLog()
        _ = SchemaDiffer.diff(from: SchemaSnapshot(schema: before), to: after, into: &log)
        #expect(log.sorted.contains { $0.message.contains("changes type from varchar(40) to varchar(80)") })

        var same = try Specs.thing("  full_name: { type: string, max_length: 40, renamed_from: name }\n  code: { type: string, max_length: 9 }")
        same.migrationPolicy.zeroDowntime = true
        var expandLog = DiagnosticLog()
        let expand = SchemaDiffer.diff(from: SchemaSnapshot(schema: before), to: same, into: &expandLog)
        #expect(!expandLog.hasErrors)
        let snapshot = expand.resultingSnapshot(from: SchemaSnapshot(schema: before), to: same)
        // Then a spec that brings `name` back while the rename is in progress is refused.
        var back = try Specs.thing("  full_name: { type: string, max_length: 40 }\n  name: { type: string, max_length: 40 }\n  code: { type: string, max_length: 9 }")
        back.migrationPolicy.zeroDowntime = true
        var backLog = DiagnosticLog()
        _ = SchemaDiffer.diff(from: snapshot, to: back, into: &backLog)
        #expect(backLog.sorted.contains { $0.message == "field 'name' takes the name of the column that 'full_name' is replacing (a rename in progress)" })
    }

    @Test("taxigen.yaml: migrations as a directory or { directory, zero_downtime }; a wrong value is located")
    func config() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func load(_ text: String) throws -> (ProjectConfig, [String]) {
            try text.write(toFile: folder + "/taxigen.yaml", atomically: true, encoding: .utf8)
            var log = DiagnosticLog()
            let config = ProjectConfig.load(projectDirectory: folder, into: &log)
            return (config, log.sorted.map { "\($0.location): \($0.message)" })
        }
        let (plain, _) = try load("migrations: db/migrations\n")
        #expect(plain.migrationsDirectory == "db/migrations" && !plain.zeroDowntime)
        let (mapping, none) = try load("migrations: { directory: db/m, zero_downtime: true }\n")
        #expect(mapping.migrationsDirectory == "db/m" && mapping.zeroDowntime && none.isEmpty)
        let (_, errors) = try load("migrations: { zero_downtime: yes please, dir: x }\n")
        #expect(errors.contains { $0.hasPrefix("taxigen.yaml:1:") && $0.contains("unknown key 'dir' in migrations") })
        #expect(errors.contains { $0.contains("'zero_downtime' in migrations must be true or false") })
    }
}
