import Foundation
import PostgresNIO
@testable import TaxigenCore
import Taxiway
import Testing

/// Migrations that combine histories and tenancy: a history started on a tenant-scoped table, tenancy added to
/// a table that has a history (the older entries take their row's tenant), both created at once, and tenancy
/// removed from a table with a history; applied on PostgreSQL 18 and 15 and read through the application role.
@Suite("Tenancy: migrations of histories")
struct TenantHistoryMigrationTests {
    static let withHistory = TenantHistorySpecTests.domain
    static let withoutHistory = TenancySpecs.domain

    /// The plan from `before` (with `oldTenancy`) to `after` (with `newTenancy`).
    static func plan(_ before: [String: String], _ after: [String: String], oldTenancy: TenancySetting? = TenancySpecs.tenancy,
                     newTenancy: TenancySetting? = TenancySpecs.tenancy) throws -> MigrationPlan {
        let old = try TenancySpecs.schema(before, tenancy: oldTenancy)
        let new = try TenancySpecs.schema(after, tenancy: newTenancy)
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        #expect(!log.hasErrors, "\(log.sorted)")
        return try MigrationPlanner(diff: diff, schema: new, ddl: FreshDDL(templates: TemplateSet.loading(overridesFrom: nil))).plan()
    }

    /// The tenants of the history entries, in order, as the owner sees them (`-` for none).
    static func entryTenants(_ db: TenancyDatabases) async throws -> String? {
        try await db.owner.text("SELECT string_agg(history_operation || ':' || coalesce(tenant_id::text, '-'), ',' ORDER BY history_id) FROM items_history")
    }

    /// How many history entries the application role reads as `tenant`.
    static func visibleEntries(_ db: TenancyDatabases, as tenant: UUID?) async throws -> String? {
        try await db.app.transaction { tx async throws in
            try await tx.setTenant(tenant)
            return try await tx.text("SELECT count(*)::text FROM items_history")
        }
    }

    static func policies(_ db: TenancyDatabases) async throws -> String? {
        try await db.owner.text("SELECT coalesce(string_agg(tablename || '.' || policyname, ',' ORDER BY tablename), '') FROM pg_policies")
    }

    @Test("turning history on for a tenant-scoped table creates it with the tenant key and the policy; entries are isolated; the downgrade drops it",
          arguments: TenancyServer.allCases)
    func historyStarted(server: TenancyServer) async throws {
        let plan = try Self.plan(Self.withoutHistory, Self.withHistory)
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        #expect(sql.contains("ALTER TABLE items_history FORCE ROW LEVEL SECURITY"))
        #expect(sql.contains(TenancyDDL.createPolicy("items_history", key: "tenant_id")))
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(Self.withoutHistory))
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            if let failure = await TenancyMigrationTests.run(plan.up, on: db.owner) {
                Issue.record("unit \(failure.0) failed: \(serverMessage(of: failure.1))")
            }
            try await db.owner.affected("GRANT SELECT, INSERT ON items_history TO \(db.appRole)")
            for tenant in [IsolationTests.tenantA, IsolationTests.tenantB] {
                try await db.app.transaction { tx async throws in
                    try await tx.setTenant(tenant)
                    try await tx.affected("INSERT INTO items (project_id, title) VALUES (gen_random_uuid(), 'x')")
                }
            }
            #expect(try await Self.entryTenants(db) == "insert:\(IsolationTests.tenantA),insert:\(IsolationTests.tenantB)".lowercased())
            #expect(try await Self.visibleEntries(db, as: IsolationTests.tenantA) == "1")
            #expect(try await Self.visibleEntries(db, as: nil) == "0")
            if let down = await TenancyMigrationTests.run(plan.down, on: db.owner) {
                Issue.record("the downgrade failed at unit \(down.0): \(serverMessage(of: down.1))")
            }
            #expect(try await db.owner.text("SELECT to_regclass('items_history')::text") == nil)
        }
    }

    @Test("tenancy added to a table with a history: the history gets the key, RLS and the policy; older entries take their row's tenant; the downgrade undoes it",
          arguments: TenancyServer.allCases)
    func tenancyAdded(server: TenancyServer) async throws {
        let plan = try Self.plan(Self.withHistory, Self.withHistory, oldTenancy: nil)
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        #expect(sql.contains("ALTER TABLE items_history ADD COLUMN tenant_id uuid NULL"))
        #expect(!sql.contains { $0.hasPrefix("ALTER TABLE items_history ALTER COLUMN tenant_id SET DEFAULT") })
        #expect(sql.contains(TenancyDDL.createPolicy("items_history", key: "tenant_id")))
        #expect(plan.isReversible)
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(Self.withHistory, tenancy: nil))
        let tenant = IsolationTests.tenantA
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            try await db.owner.affected("INSERT INTO items (project_id, title) VALUES (gen_random_uuid(), 'old')")
            try await db.owner.affected("UPDATE items SET title = 'older'")
            try await db.owner.affected("DELETE FROM items")  // its entries keep no tenant: the row is gone
            try await db.owner.affected("INSERT INTO items (project_id, title) VALUES (gen_random_uuid(), 'kept')")
            let failure = try #require(await TenancyMigrationTests.run(plan.up, on: db.owner), "the migration ran although rows have no tenant")
            #expect(serverMessage(of: failure.1).contains("table items has rows without a tenant"))
            try await db.owner.affected("UPDATE items SET tenant_id = '\(tenant)' WHERE tenant_id IS NULL")
            if let again = await TenancyMigrationTests.run(plan.up, from: failure.0, on: db.owner) {
                Issue.record("the resumed migration failed at unit \(again.0): \(serverMessage(of: again.1))")
            }
            let a = tenant.uuidString.lowercased()
            #expect(try await Self.entryTenants(db) == "insert:-,update:-,hard_delete:-,insert:\(a),update:\(a)")
            #expect(try await db.owner.text("SELECT (relrowsecurity AND relforcerowsecurity)::text FROM pg_class WHERE relname = 'items_history'") == "true")
            #expect(try await Self.policies(db) == "items.tenant_isolation,items_history.tenant_isolation,projects.tenant_isolation")
            try await db.owner.affected("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(db.appRole)")
            #expect(try await Self.visibleEntries(db, as: tenant) == "2")
            #expect(try await Self.visibleEntries(db, as: IsolationTests.tenantB) == "0")
            // New changes through the application role are recorded with the caller's tenant.
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(tenant)
                #expect(try await tx.affected("UPDATE items SET title = 'new'") == 1)
            }
            #expect(try await Self.visibleEntries(db, as: tenant) == "3")
            if let down = await TenancyMigrationTests.run(plan.down, on: db.owner) {
                Issue.record("the downgrade failed at unit \(down.0): \(serverMessage(of: down.1))")
            }
            #expect(try await Self.policies(db) == "")
            #expect(try await db.owner.text("SELECT relrowsecurity::text FROM pg_class WHERE relname = 'items_history'") == "false")
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'items_history'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == "0")
            // The history still records after the downgrade (the recording function names the old columns again).
            try await db.owner.affected("UPDATE items SET title = 'after'")
            #expect(try await db.owner.text("SELECT count(*)::text FROM items_history") == "7")
        }
    }

    @Test("a new tenant-scoped table with a history: both created isolated in one migration", arguments: TenancyServer.allCases)
    func createdTogether(server: TenancyServer) async throws {
        let before = Self.withHistory.filter { $0.key != "specs/item.yaml" }
        let plan = try Self.plan(before, Self.withHistory)
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(before))
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            if let failure = await TenancyMigrationTests.run(plan.up, on: db.owner) {
                Issue.record("unit \(failure.0) failed: \(serverMessage(of: failure.1))")
            }
            #expect(try await Self.policies(db) == "items.tenant_isolation,items_history.tenant_isolation,projects.tenant_isolation")
            try await db.owner.affected("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(db.appRole)")
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(IsolationTests.tenantB)
                try await tx.affected("INSERT INTO items (project_id, title) VALUES (gen_random_uuid(), 'b')")
            }
            #expect(try await Self.entryTenants(db) == "insert:\(IsolationTests.tenantB.uuidString.lowercased())")
            #expect(try await Self.visibleEntries(db, as: IsolationTests.tenantA) == "0")
            #expect(try await Self.visibleEntries(db, as: IsolationTests.tenantB) == "1")
        }
    }

    @Test("tenancy removed from a table with a history: the history's policy goes before its key column, and its row-level security is switched off")
    func tenancyRemoved() throws {
        let plan = try Self.plan(Self.withHistory, Self.withHistory, newTenancy: nil)
        let sql = plan.up.flatMap(\.statements).map(\.sql)
        let dropPolicy = try #require(sql.firstIndex(of: "DROP POLICY IF EXISTS tenant_isolation ON items_history"))
        let dropColumn = try #require(sql.firstIndex(of: "ALTER TABLE items_history DROP COLUMN tenant_id"))
        #expect(dropPolicy < dropColumn)
        #expect(sql.contains("ALTER TABLE items_history DISABLE ROW LEVEL SECURITY"))
    }

    @Test("tenancy removed from a table with a history, applied: the history keeps its entries, loses the key and row-level security, and records on",
          arguments: TenancyServer.allCases)
    func tenancyRemovedApplied(server: TenancyServer) async throws {
        let plan = try Self.plan(Self.withHistory, Self.withHistory, newTenancy: nil)
        let oldDDL = try TenancySpecs.ddl(try TenancySpecs.schema(Self.withHistory))
        try await TenancyDatabases.with(on: server, schema: oldDDL) { db async throws in
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(IsolationTests.tenantA)
                try await tx.affected("INSERT INTO items (project_id, title) VALUES (gen_random_uuid(), 'a')")
            }
            if let failure = await TenancyMigrationTests.run(plan.up, on: db.owner) {
                Issue.record("unit \(failure.0) failed: \(serverMessage(of: failure.1))")
            }
            #expect(try await Self.policies(db) == "")
            #expect(try await db.owner.text("SELECT (relrowsecurity OR relforcerowsecurity)::text FROM pg_class WHERE relname = 'items_history'") == "false")
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'items_history'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == "0")
            try await db.app.affected("UPDATE items SET title = 'b'")
            #expect(try await db.owner.text("SELECT string_agg(history_operation || ':' || title, ',' ORDER BY history_id) FROM items_history") == "insert:a,update:b")
        }
    }
}
