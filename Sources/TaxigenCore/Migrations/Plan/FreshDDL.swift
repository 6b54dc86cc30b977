import Foundation

/// The statements `schema.sql` holds, rendered through the project's templates, for the parts of a
/// migration that create what a fresh database gets: a new table (with its trigger, indexes and comments)
/// and the touch trigger's function. A migration's new table is thus exactly the table of `schema.sql`.
public struct FreshDDL: Sendable {
    /// The templates `schema.sql` is rendered with (the defaults, or the project's with its overrides).
    public let templates: TemplateSet

    /// Creates the renderer.
    public init(templates: TemplateSet) {
        self.templates = templates
    }

    /// `CREATE TABLE`, `CREATE TRIGGER`, `CREATE INDEX` and `COMMENT ON` of each entity, in `schema.sql` order,
    /// each without its final `;`, by table name. One `schema.sql` is rendered for all of them: each
    /// entity's statements start with its `CREATE TABLE`, in `Schema` order.
    ///
    /// A thousand new tables (a first migration) are rendered in chunks on every core; each table's
    /// statements are its own, whichever chunk renders them.
    func tableStatements(for entities: [Entity]) throws -> [String: [String]] {
        guard !entities.isEmpty else { return [:] }
        let size = max(50, entities.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)
        guard entities.count > size else { return try tableStatements(rendering: entities) }
        let chunks = stride(from: 0, to: entities.count, by: size).map { Array(entities[$0..<min($0 + size, entities.count)]) }
        var result: [String: [String]] = [:]
        for chunk in chunks.concurrentMap({ chunk in Result { try self.tableStatements(rendering: chunk) } }) {
            result.merge(try chunk.get()) { first, _ in first }
        }
        return result
    }

    /// The statements of `entities`, by table, from one rendered `schema.sql`.
    private func tableStatements(rendering entities: [Entity]) throws -> [String: [String]] {
        let schema = Schema(entities: entities)
        var groups: [[String]] = []
        for statement in try statements(of: schema) where !isSchemaWide(statement) {
            if statement.hasPrefix("CREATE TABLE") || groups.isEmpty {
                groups.append([statement])
            } else {
                groups[groups.count - 1].append(statement)
            }
        }
        guard groups.count == schema.entities.count else {
            throw MigrationError("the schema.sql template renders \(groups.count) tables for \(schema.entities.count) entities",
                                 hint: "each entity's statements must start with its CREATE TABLE, as in the default template")
        }
        return Dictionary(uniqueKeysWithValues: zip(schema.entities.map(\.tableName), groups))
    }

    /// `CREATE OR REPLACE FUNCTION taxiway_touch_row() …`, without its final `;`.
    func touchFunction() throws -> String {
        let statements = try statements(of: Schema(entities: []))
        guard let function = statements.first(where: { $0.hasPrefix("CREATE OR REPLACE FUNCTION") }) else {
            throw MigrationError("the schema.sql template renders no CREATE OR REPLACE FUNCTION statement for the touch trigger")
        }
        return function
    }

    /// The statements of the rendered `schema.sql`, without `BEGIN` and `COMMIT`.
    private func statements(of schema: Schema) throws -> [String] {
        // History tables are planned by `HistoryMigration`, from `HistoryDDL`.
        var planner = SQLPlanner(schema: schema)
        planner.includesHistory = false
        let text = try templates.render(planner.plan())
        return SQLScript(text).statements.map(\.text).filter { !["BEGIN", "COMMIT"].contains($0.uppercased()) }
    }

    /// Whether a statement belongs to the whole schema rather than to a table.
    private func isSchemaWide(_ statement: String) -> Bool {
        statement.hasPrefix("CREATE EXTENSION") || statement.hasPrefix("CREATE OR REPLACE FUNCTION")
    }
}
