import Foundation
@testable import TaxigenCore

/// Checks in-memory specs with or without the project's tenancy, and plans what taxigen writes for them.
enum TenancySpecs {
    /// The project's tenancy as `tenancy: { key: tenant_id }` gives it.
    static let tenancy = TenancySetting()

    /// Every diagnostic of checking `files` (path → YAML), sorted by location.
    static func diagnostics(_ files: [String: String], tenancy: TenancySetting? = tenancy) -> [Diagnostic] {
        var log = DiagnosticLog()
        let documents = SpecLoader.load(files.map { SpecLoader.Source(path: $0.key, text: $0.value) }, into: &log)
        _ = Checker.check(documents, options: Checker.Options(tenancy: tenancy), into: &log)
        return log.sorted
    }

    /// The errors, as `path:line:column: message`.
    static func errors(_ files: [String: String], tenancy: TenancySetting? = tenancy) -> [String] {
        diagnostics(files, tenancy: tenancy).filter { $0.severity == .error }.map { "\($0.location): \($0.message)" }
    }

    /// The checked schema; throws the diagnostics when there are errors.
    static func schema(_ files: [String: String], tenancy: TenancySetting? = tenancy) throws -> Schema {
        var log = DiagnosticLog()
        let documents = SpecLoader.load(files.map { SpecLoader.Source(path: $0.key, text: $0.value) }, into: &log)
        guard let schema = Checker.check(documents, options: Checker.Options(tenancy: tenancy), into: &log) else {
            throw DiagnosticsError(log.sorted)
        }
        return schema
    }

    /// `schema.sql` of a schema, rendered with the default templates.
    static func ddl(_ schema: Schema) throws -> String {
        try TemplateSet.loading(overridesFrom: nil).render(SQLPlanner(schema: schema).plan())
    }

    /// The lint report of a schema over `ddl` (its own `schema.sql` by default).
    static func lint(_ schema: Schema, ddl: String? = nil) throws -> LintReport {
        Linter(schema: schema, ddl: try ddl ?? self.ddl(schema), plannedPaths: [SQLPlanner.path]).run()
    }

    /// The repository root, found from this file.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, TenancyTests, Tests, root
        return url.path
    }()

    /// A multi-tenant domain: a global catalogue (`Plan`, not scoped) and two scoped entities, one with a unique
    /// sensitive lookup, a unique field, a declared index, a named query and a ref to the catalogue.
    static let domain: [String: String] = [
        "specs/plan.yaml": """
            entity: Plan
            tenant_scoped: false
            fields:
              code: { type: string, max_length: 32, unique: true }
            """,
        "specs/project.yaml": """
            entity: Project
            fields:
              name: { type: string, max_length: 120, unique: true }
              status: { type: enum, values: [active, archived], default: active }
              email: { type: string, max_length: 320, sensitive: true, lookup: true, unique: true }
              plan_id: { type: ref, entity: Plan, nullable: true }
              tags: { type: array, items: string, max_length: 20, max_items: 5, default: [] }
            indexes:
              - fields: [status, created_at]
              - fields: [tags]
                kind: gin
              - fields: [name, status]
                unique: true
                include_deleted: true
            queries:
              in_status:
                where: { status: $status }
                order_by: [ created_at ]
            """,
        "specs/item.yaml": """
            entity: Item
            fields:
              project_id: { type: ref, entity: Project }
              title: { type: string, max_length: 100 }
            """,
    ]
}
