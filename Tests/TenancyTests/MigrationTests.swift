import Foundation
import PostgresNIO
@testable import TaxigenCore
import Taxiway
import Testing

/// Migrations that add tenancy: an existing table gets its key, row-level security and policy, and per-tenant
/// unique indexes; rows that exist without a tenant stop the migration before NOT NULL until the owner gives
/// them one, and it then resumes; a new tenant-scoped table is created isolated; the downgrade undoes it all.
@Suite("Tenancy: migrations")
struct TenancyMigrationTests {
    /// Before: a project and a shared plan catalogue, no tenancy. After: tenancy, and a new tenant-scoped item.
    static let before = TenancySpecs.domain.filter { $0.key != "specs/item.yaml" }
    static let after = TenancySpecs.domain

    /// The plan from the `before` specs without tenancy to the `after` specs with it.
    static func plan() throws -> MigrationPlan {
        let old = try TenancySpecs.schema(before, tenancy: nil)
        let new = try TenancySpecs.schema(after)
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        #expect(!log.hasErrors, "\(log.sorted)")
        return try MigrationPlanner(diff: diff, schema: new, ddl: FreshDDL(templates: TemplateSet.loading(overridesFrom: nil))).plan()
    }

    /// The `after` specs with tenancy, and the plan of the migration that removes it.
    static func removalPlan() throws -> (old: Schema, plan: MigrationPlan) {
        let old = try TenancySpecs.schema(after)
        let new = try TenancySpecs.schema(after, tenancy: nil)
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        return (old, try MigrationPlanner(diff: diff, schema: new, ddl: FreshDDL(templates: TemplateSet.loading(overridesFrom: nil))).plan())
    }

    /// Runs `units` from `start` as the migration runner does (a transaction each, or one statement); the
    /// position of the unit that failed, with its error, or nil when all ran.
    static func run(_ units: [MigrationUnit], from start: Int = 0, on owner: Database) async -> (Int, any Error)? {
        for position in start..<units.count {
            let unit = units[position]
            do {
                if unit.kind == .transaction {
                    try await owner.transaction { tx async throws in
                        for statement in unit.statements { try await tx.execute(PostgresQuery(unsafeSQL: statement.sql)) }
                    }
                } else {
                    for statement in unit.statements { try await owner.execute(PostgresQuery(unsafeSQL: statement.sql)) }
                }
            } catch {
                return (position, error)
            }
        }
        return nil
    }

    @Test("the plan: the key added NULL with its default, a guard before NOT NULL, RLS enabled and forced, the policy, unique indexes rebuilt per tenant, the new table isolated")
    func planned() throws {
        let plan = try Self.plan()
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        #expect(sql.contains("ALTER TABLE projects ADD COLUMN tenant_id uuid NULL"))
        #expect(sql.contains("ALTER TABLE projects ALTER COLUMN tenant_id SET DEFAULT NULLIF(current_setting('taxiway.tenant', true), '')::uuid"))
        #expect(sql.contains("ALTER TABLE projects ENABLE ROW LEVEL SECURITY"))
        #expect(sql.contains("ALTER TABLE projects FORCE ROW LEVEL SECURITY"))
        #expect(sql.contains(TenancyDDL.createPolicy("projects", key: "tenant_id")))
        #expect(sql.contains(TenancyDDL.createPolicy("items", key: "tenant_id")))
        #expect(sql.contains { $0.hasPrefix("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_projects_name_rebuilt ON projects USING btree (tenant_id, name)") })
        #expect(sql.contains { $0.contains("has rows without a tenant") })
        #expect(plan.summary.contains("projects: + tenant isolation on tenant_id (row-level security forced, policy tenant_isolation)"))
        #expect(plan.warnings.contains { $0.hasPrefix("projects becomes tenant-scoped") })
        // The guard runs before the NOT NULL helper CHECK is validated.
        let guardPosition = try #require(sql.firstIndex { $0.contains("has rows without a tenant") })
        let validation = try #require(sql.firstIndex { $0.contains("VALIDATE CONSTRAINT ck_projects_tenant_id_not_null") })
        #expect(guardPosition < validation)
        #expect(plan.isReversible)
    }

    @Test("applied to a table with rows: it stops before NOT NULL with a hint, the owner gives the rows their tenant, it resumes; then the app role sees only its tenant; the downgrade undoes it",
          arguments: TenancyServer.allCases)
    func appliedWithRows(server: TenancyServer) async throws {
        let plan = try Self.plan()
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(Self.before, tenancy: nil))
        let tenant = IsolationTests.tenantA
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            try await db.owner.affected("INSERT INTO projects (name, email) VALUES ('alpha', '\\x01'::bytea), ('beta', '\\x02'::bytea)")
            let failure = try #require(await Self.run(plan.up, on: db.owner), "the migration ran although rows have no tenant")
            let message = serverMessage(of: failure.1)
            #expect(message.contains("taxigen: table projects has rows without a tenant"), "\(message)")
            #expect(message.contains("hint: as the table's owner, set tenant_id of every such row"), "\(message)")
            #expect(try await db.owner.text("SELECT count(*)::text FROM projects WHERE tenant_id IS NULL") == "2")
            try await db.owner.affected("UPDATE projects SET tenant_id = '\(tenant)' WHERE tenant_id IS NULL")
            if let again = await Self.run(plan.up, from: failure.0, on: db.owner) {
                Issue.record("the resumed migration failed at unit \(again.0): \(serverMessage(of: again.1))")
            }
            #expect(try await db.owner.text("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'projects'::regclass AND attname = 'tenant_id'") == "true")
            #expect(try await db.owner.text("SELECT string_agg(relname || ':' || relrowsecurity || relforcerowsecurity, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('items', 'projects')")
                == "items:truetrue,projects:truetrue")
            #expect(try await db.owner.text("SELECT string_agg(tablename || '.' || policyname, ',' ORDER BY tablename) FROM pg_policies")
                == "items.tenant_isolation,projects.tenant_isolation")
            #expect(try await db.owner.text("SELECT pg_get_indexdef('ux_projects_name'::regclass)")?.contains("(tenant_id, name)") == true)
            try await db.owner.affected("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(db.appRole)")
            for (caller, expected) in [(tenant, "alpha,beta"), (IsolationTests.tenantB, nil)] {
                let seen = try await db.app.transaction { tx async throws in
                    try await tx.setTenant(caller)
                    return try await tx.text("SELECT string_agg(name, ',' ORDER BY name) FROM projects")
                }
                #expect(seen == expected)
            }
            if let down = await Self.run(plan.down, on: db.owner) {
                Issue.record("the downgrade failed at unit \(down.0): \(serverMessage(of: down.1))")
            }
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_policies") == "0")
            #expect(try await db.owner.text("SELECT relrowsecurity::text FROM pg_class WHERE relname = 'projects'") == "false")
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'projects'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == "0")
            #expect(try await db.owner.text("SELECT pg_get_indexdef('ux_projects_name'::regclass)")?.contains("(name)") == true)
        }
    }

    @Test("applied to an empty table: it runs straight through", arguments: TenancyServer.allCases)
    func appliedEmpty(server: TenancyServer) async throws {
        let plan = try Self.plan()
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(Self.before, tenancy: nil))
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            if let failure = await Self.run(plan.up, on: db.owner) {
                Issue.record("unit \(failure.0) failed: \(serverMessage(of: failure.1))")
            }
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_policies") == "2")
        }
    }

    @Test("removing tenancy: the policy and row-level security go before the key column, with a warning, and no downgrade")
    func removal() throws {
        let plan = try Self.removalPlan().plan
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        let dropPolicy = try #require(sql.firstIndex(of: "DROP POLICY IF EXISTS tenant_isolation ON projects"))
        let dropColumn = try #require(sql.firstIndex(of: "ALTER TABLE projects DROP COLUMN tenant_id"))
        #expect(dropPolicy < dropColumn)
        #expect(sql.contains("ALTER TABLE projects DISABLE ROW LEVEL SECURITY"))
        #expect(plan.warnings.contains { $0.contains("no longer tenant-scoped") })
        #expect(!plan.isReversible)
    }

    @Test("removing tenancy where two tenants share a unique value: the unique index's build fails before the key column goes, so the per-tenant index and the key stay; resolved, the migration resumes",
          arguments: TenancyServer.allCases)
    func removalWithSharedValues(server: TenancyServer) async throws {
        let (old, plan) = try Self.removalPlan()
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        let build = try #require(sql.firstIndex { $0.contains("ux_projects_name_rebuilt ON projects USING btree (name)") }, "\(sql)")
        let dropColumn = try #require(sql.firstIndex(of: "ALTER TABLE projects DROP COLUMN tenant_id"))
        #expect(build < dropColumn, "the key goes after the indexes without it are built")
        try await TenancyDatabases.with(on: server, schema: try TenancySpecs.ddl(old)) { db async throws in
            try await db.owner.affected("""
                INSERT INTO projects (tenant_id, name, email) VALUES
                ('\(IsolationTests.tenantA)', 'alpha', '\\x01'::bytea), ('\(IsolationTests.tenantB)', 'alpha', '\\x02'::bytea)
                """)
            let failure = try #require(await Self.run(plan.up, on: db.owner), "the unique build ran although two rows share a name")
            #expect(serverMessage(of: failure.1).contains("already exists"), "\(serverMessage(of: failure.1))")
            // Afterwards: the key column and the per-tenant unique index are still there.
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'projects'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == "1")
            #expect(try await db.owner.text("SELECT pg_get_indexdef('ux_projects_name'::regclass)")?.contains("(tenant_id, name)") == true)
            #expect(try await db.owner.text("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ux_projects_name'::regclass") == "true")
            // The owner resolves the duplicate; the migration resumes (the invalid index left behind is dropped first, as the runner does).
            try await db.owner.affected("UPDATE projects SET name = 'alpha-b' WHERE tenant_id = '\(IsolationTests.tenantB)'")
            try await db.owner.affected("DROP INDEX IF EXISTS ux_projects_name_rebuilt")
            if let again = await Self.run(plan.up, from: failure.0, on: db.owner) {
                Issue.record("the resumed migration failed at unit \(again.0): \(serverMessage(of: again.1))")
            }
            #expect(try await db.owner.text("SELECT pg_get_indexdef('ux_projects_name'::regclass)")?.contains("(name)") == true)
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'projects'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == "0")
        }
    }

    @Test("snapshots record tenancy; a snapshot written before tenancy existed reads back without it")
    func snapshot() throws {
        let table = try #require(SchemaSnapshot(schema: try TenancySpecs.schema(Self.after)).table(named: "projects"))
        #expect(table.tenancy == TenancySnapshot(key: "tenant_id", policy: "tenant_isolation", condition: TenancyDDL.condition(key: "tenant_id")))
        #expect(table.column(named: "tenant_id")?.nullable == false)
        let plain = SchemaSnapshot(schema: try TenancySpecs.schema(Self.after, tenancy: nil))
        let encoded = try SnapshotFile(id: "0001_x", parent: nil, schema: plain).encoded()
        #expect(!encoded.contains("tenancy"))
        #expect(try SnapshotFile.decode(encoded).schema == plain)
    }
}
