import Foundation

/// What `taxigen import` makes of a schema: one spec per table it can express, and the findings.
public struct ImportResult: Sendable {
    /// One spec to write.
    public struct Spec: Sendable, Hashable {
        /// The table it describes.
        public let table: String
        /// The entity name.
        public let entity: String
        /// The file name under specs/ (`<table>.yaml`).
        public let fileName: String
        /// The YAML text.
        public let text: String
    }

    /// The specs, by table name.
    public var specs: [Spec] = []
    /// Every guideline break and everything taxigen cannot express.
    public var findings: [ImportFinding] = []
    /// Tables not imported, with why.
    public var skippedTables: [(table: String, reason: String)] = []
    /// Statements of a dump that were not read.
    public var skippedStatements: [String] = []
}

/// Maps an `ImportedSchema` to specs the checker accepts, and lists where the schema breaks the guidelines.
///
/// Every column of an imported table becomes a field, so that the first migration after the baseline
/// drops nothing: a serial or identity key becomes the field `legacy_id` (`renamed_from` the old key,
/// nullable, unique), a UUID key becomes the entity's key (renamed to `<entity>_id`), a foreign key column
/// becomes a `ref` when it points at the UUID key of an imported table, else a plain indexed column, and
/// the audit columns the table already has are the implicit ones. A table with a column taxigen cannot
/// describe (`interval`, `inet`, `bytea`, unbounded `numeric`, a name that is not snake_case …) gets no spec:
/// its findings say why, and it stays in the database, outside taxigen's migrations.
public enum ImportPlanner {
    /// Tables that belong to the tools, never imported.
    static let toolTables: Set<String> = ["alembic_version", Ledger.table, DataStep.progressTable]
    /// The implicit columns of every entity.
    static let auditColumns = ["created_at", "updated_at", "deleted_at", "version"]

    /// Plans the specs and the findings of a schema. Every spec is held to the checker (all of them
    /// together, as `generate` reads them): a table whose spec it refuses (a name the generated code
    /// cannot use, a default its rules refuse, …) gets no spec but a `not_expressible` finding with the
    /// checker's message, and the others are planned again without it (a ref to it becomes a plain uuid).
    public static func plan(_ schema: ImportedSchema) -> ImportResult {
        var refused: [String: [Diagnostic]] = [:]
        var result = planOnce(schema, refused: refused)
        for _ in 0..<8 {
            let problems = checkerErrors(result)
            if problems.isEmpty { break }
            refused.merge(problems) { $0 + $1 }
            result = planOnce(schema, refused: refused)
        }
        return result
    }

    /// The checker's errors of the planned specs, by table.
    static func checkerErrors(_ result: ImportResult) -> [String: [Diagnostic]] {
        var log = DiagnosticLog()
        let sources = result.specs.map { SpecLoader.Source(path: "specs/\($0.fileName)", text: $0.text) }
        _ = Checker.check(SpecLoader.load(sources, into: &log), into: &log)
        var errors: [String: [Diagnostic]] = [:]
        for diagnostic in log.sorted where diagnostic.severity == .error {
            guard let spec = result.specs.first(where: { diagnostic.location.file == "specs/\($0.fileName)" }) else { continue }
            errors[spec.table, default: []].append(diagnostic)
        }
        return errors
    }

    private static func planOnce(_ schema: ImportedSchema, refused: [String: [Diagnostic]]) -> ImportResult {
        var result = ImportResult()
        result.skippedStatements = schema.skipped
        var entities: [String: String] = [:]  // table → entity
        var used: Set<String> = []
        for table in schema.tables where !toolTables.contains(table.name) && refused[table.name] == nil {
            var entity = entityName(of: table.name)
            if SwiftReservedNames.typeNames[entity] != nil || SwiftReservedNames.moduleNames.contains(entity) { entity += "Record" }
            if used.contains(entity.lowercased()) { continue }
            used.insert(entity.lowercased())
            entities[table.name] = entity
        }
        for table in schema.tables {
            if toolTables.contains(table.name) {
                result.skippedTables.append((table.name, table.name == "alembic_version"
                    ? "Alembic's revision table: keep it while Alembic still runs; drop it once taxigen's ledger has taken over"
                    : "taxigen's own table"))
                continue
            }
            if let diagnostics = refused[table.name] {
                result.skippedTables.append((table.name, "the checker refuses the spec import would write for it (see its not_expressible findings)"))
                for diagnostic in diagnostics {
                    result.findings.append(ImportFinding(ImportFinding.Rule.unexpressible, table: table.name, object: nil,
                                                         message: "the spec written for it is refused: \(diagnostic.message)",
                                                         fix: (diagnostic.hint.map { $0 + "; " } ?? "") + "change the table so that its spec passes (or write the spec by hand), then import again"))
                }
                continue
            }
            guard let entity = entities[table.name] else {
                result.skippedTables.append((table.name, "its entity name collides with another table's"))
                continue
            }
            var planner = TablePlanner(schema: schema, table: table, entity: entity, entities: entities)
            let spec = planner.plan()
            result.findings += planner.findings
            if let spec {
                result.specs.append(ImportResult.Spec(table: table.name, entity: entity, fileName: "\(table.name).yaml", text: spec))
            } else {
                result.skippedTables.append((table.name, "taxigen cannot describe it (see its not_expressible findings)"))
            }
        }
        return result
    }

    /// The entity name of a table: its singular in UpperCamelCase (`order_items` → `OrderItem`).
    public static func entityName(of table: String) -> String {
        let words = table.split(separator: "_").map(String.init)
        guard var last = words.last else { return "Table" }
        if last.hasSuffix("ies"), last.count > 3 { last = String(last.dropLast(3)) + "y" }
        else if ["sses", "xes", "zes", "ches", "shes"].contains(where: { last.hasSuffix($0) }) { last = String(last.dropLast(2)) }
        else if last == "people" { last = "person" }
        else if last.hasSuffix("s"), !last.hasSuffix("ss"), last.count > 1 { last = String(last.dropLast()) }
        let name = Naming.upperCamelCase((words.dropLast() + [last]).joined(separator: "_").lowercased())
        return name.first?.isLetter == true ? name : "T" + name
    }

    /// The `table:` a spec needs, or nil when the entity's default table is this one.
    static func explicitTable(_ table: String, entity: String) -> String? {
        Naming.plural(Naming.snakeCase(entity)) == table ? nil : table
    }
}
