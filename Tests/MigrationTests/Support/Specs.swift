import TaxigenCore
import Testing

/// In-memory specs: load and check without files.
enum Specs {
    /// The schema of specs (path → YAML); a failure lists the errors.
    static func schema(_ files: [String: String]) throws -> Schema {
        var log = DiagnosticLog()
        let sources = files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let schema = Checker.check(SpecLoader.load(sources, into: &log), options: Checker.Options(), into: &log)
        return try #require(schema, "the specs do not check:\n\(log.sorted.map(\.description).joined(separator: "\n"))")
    }

    /// One entity `Thing` (table `things`) with these field lines.
    static func thing(_ fields: String, extra: String = "") throws -> Schema {
        try schema(["specs/thing.yaml": "entity: Thing\nfields:\n" + fields + "\n" + extra])
    }

    /// The diff between two schemas, and the diagnostics it reports.
    static func diff(from old: Schema, to new: Schema) -> (diff: SchemaDiff, diagnostics: [Diagnostic]) {
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        return (diff, log.sorted)
    }

    /// The plan of the migration between two schemas (which must diff without errors).
    static func plan(from old: Schema, to new: Schema) throws -> MigrationPlan {
        let (diff, diagnostics) = diff(from: old, to: new)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.map(\.description))")
        return try MigrationPlanner(diff: diff, schema: new, ddl: FreshDDL(templates: TemplateSet.defaults())).plan()
    }
}

extension MigrationPlan {
    /// Every statement of the upgrade, in order.
    var upStatements: [String] { up.flatMap(\.statements).map(\.sql) }
    /// Every statement of the downgrade, in order.
    var downStatements: [String] { down.flatMap(\.statements).map(\.sql) }
}
