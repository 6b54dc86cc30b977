import Foundation
import PostgresNIO
import TaxigenCore
import Taxiway
import TaxiwayTesting
import TenancyDomain
import Testing

/// Tenant isolation through the application's role (no superuser, no BYPASSRLS, not the owner): hand-written
/// SQL sees and changes nothing of another tenant, and without a tenant it sees nothing and inserts nothing.
@Suite("Tenancy: isolation through the application role")
struct IsolationTests {
    static let tenantA = UUID(uuidString: "0190a000-0000-7000-8000-00000000000a")!
    static let tenantB = UUID(uuidString: "0190b000-0000-7000-8000-00000000000b")!

    /// Inserts a project named `name` by hand-written SQL as `tenant` (the key comes from the default); its key.
    static func insertProject(_ name: String, as tenant: UUID, on app: Database) async throws -> String {
        try await app.transaction { tx async throws in
            try await tx.setTenant(tenant)
            return try #require(try await tx.text(
                "INSERT INTO projects (name, contact_email) VALUES ('\(name)', '\\x01'::bytea) RETURNING project_id::text"))
        }
    }

    @Test("the application role is what the tests claim: it logs in, is neither superuser nor BYPASSRLS, owns nothing",
          arguments: TenancyServer.allCases)
    func applicationRole(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            #expect(try await db.app.text("SELECT current_user::text") == db.appRole)
            #expect(try await db.app.text("SELECT (rolsuper OR rolbypassrls)::text FROM pg_roles WHERE rolname = current_user") == "false")
            #expect(try await db.app.text("SELECT count(*)::text FROM pg_tables WHERE tableowner = current_user") == "0")
            #expect(try await db.owner.text("SELECT string_agg(relname || ':' || relrowsecurity || relforcerowsecurity, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('projects', 'work_items', 'plans', 'tenants')")
                == "plans:falsefalse,projects:truetrue,tenants:falsefalse,work_items:truetrue")
        }
    }

    @Test("hand-written SQL in one tenant: sees only its rows; updates, deletes and key lookups of another's change nothing; writing another's key is refused",
          arguments: TenancyServer.allCases)
    func handWrittenSQL(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let a1 = try await Self.insertProject("alpha", as: Self.tenantA, on: db.app)
            _ = try await Self.insertProject("beta", as: Self.tenantA, on: db.app)
            let b1 = try await Self.insertProject("alpha", as: Self.tenantB, on: db.app)  // the same name: unique per tenant
            // The owner (superuser) sees that both tenants' rows are there, each with its tenant.
            #expect(try await db.owner.text("SELECT string_agg(tenant_id::text, ',' ORDER BY tenant_id) FROM projects")
                == [Self.tenantA, Self.tenantA, Self.tenantB].map { $0.uuidString.lowercased() }.joined(separator: ","))
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(Self.tenantA)
                #expect(try await tx.text("SELECT count(*)::text FROM projects") == "2")
                #expect(try await tx.text("SELECT count(*)::text FROM projects WHERE tenant_id = '\(Self.tenantB)'") == "0")
                #expect(try await tx.text("SELECT count(*)::text FROM projects WHERE project_id = '\(b1)'") == "0")
                #expect(try await tx.affected("UPDATE projects SET name = 'taken' WHERE project_id = '\(b1)'") == 0)
                #expect(try await tx.affected("UPDATE projects SET status = 'archived'") == 2)
                #expect(try await tx.affected("DELETE FROM projects WHERE tenant_id = '\(Self.tenantB)'") == 0)
                #expect(try await tx.affected("DELETE FROM projects WHERE project_id = '\(b1)'") == 0)
            }
            // Writing another tenant's key, on insert or by update, is refused by the policy's WITH CHECK.
            for statement in [
                "INSERT INTO projects (tenant_id, name, contact_email) VALUES ('\(Self.tenantB)', 'smuggled', '\\x01'::bytea)",
                "UPDATE projects SET tenant_id = '\(Self.tenantB)' WHERE project_id = '\(a1)'",
            ] {
                do {
                    try await db.app.transaction { tx async throws in
                        try await tx.setTenant(Self.tenantA)
                        try await tx.affected(statement)
                    }
                    Issue.record("accepted: \(statement)")
                } catch {
                    #expect(sqlState(of: error) == "42501", "\(statement): \(error)")
                }
            }
            // A second 'alpha' in tenant A is a duplicate; tenant B's row is untouched by everything above.
            do {
                _ = try await Self.insertProject("alpha", as: Self.tenantA, on: db.app)
                Issue.record("a duplicate name in one tenant was accepted")
            } catch {
                #expect(sqlState(of: error) == "23505", "\(error)")
            }
            #expect(try await db.owner.text("SELECT name || ':' || status || ':' || tenant_id FROM projects WHERE project_id = '\(b1)'")
                == "alpha:active:\(Self.tenantB.uuidString.lowercased())")
            #expect(try await db.owner.text("SELECT count(*)::text FROM projects") == "3")
        }
    }

    @Test("without a tenant, hand-written SQL sees no row, changes none, and inserts nothing", arguments: TenancyServer.allCases)
    func noTenant(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            _ = try await Self.insertProject("alpha", as: Self.tenantA, on: db.app)
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(nil)
                #expect(try await tx.text("SELECT count(*)::text FROM projects") == "0")
                #expect(try await tx.affected("UPDATE projects SET name = 'gone'") == 0)
                #expect(try await tx.affected("DELETE FROM projects") == 0)
            }
            do {
                try await db.app.transaction { tx async throws in
                    try await tx.setTenant(nil)
                    try await tx.affected("INSERT INTO projects (name, contact_email) VALUES ('orphan', '\\x01'::bytea)")
                }
                Issue.record("an insert without a tenant was accepted")
            } catch {
                #expect(["42501", "23502"].contains(sqlState(of: error)), "\(error)")
            }
            #expect(try await db.owner.text("SELECT string_agg(name, ',') FROM projects") == "alpha")
        }
    }

    @Test("entities that are not tenant-scoped are shared: every tenant, and no tenant, sees the same plans", arguments: TenancyServer.allCases)
    func sharedEntities(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            try await db.app.affected("INSERT INTO plans (code, seats) VALUES ('team', 10)")
            for tenant in [Self.tenantA, Self.tenantB, nil] {
                let seen = try await db.app.transaction { tx async throws in
                    try await tx.setTenant(tenant)
                    return try await tx.text("SELECT string_agg(code, ',') FROM plans")
                }
                #expect(seen == "team")
            }
        }
    }
}
