import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import Testing

/// `QueryPlan.explain`, which the generated query tests use, plans as the application's role: connected as a
/// superuser (which bypasses row-level security), the plan of a tenant-scoped query still has the policy's
/// tenant condition, so the per-tenant index (`tenant_id`, then the queried column) serves it.
@Suite("Query plans as the application's role")
struct QueryPlanTests {
    static let ddl = """
        CREATE TABLE notes (
            note_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('taxiway.tenant', true), '')::uuid,
            title varchar(200) NOT NULL
        );
        CREATE INDEX ix_notes_title ON notes USING btree (tenant_id, title);
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE notes FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON notes
            USING (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid)
            WITH CHECK (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid);
        """

    @Test("a superuser's plan of a prefix query on a tenant-scoped table uses the per-tenant index; the role is gone afterwards",
          arguments: TenancyServer.allCases)
    func planAsApplication(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server, schema: Self.ddl) { db async throws in
            let roles = try await db.owner.text("SELECT count(*)::text FROM pg_roles WHERE rolname LIKE 'taxiway\\_explain\\_%'")
            let plan = try await QueryPlan.explain(on: db.owner, dropping: []) { transaction in
                let tenant = "\(IsolationTests.tenantA)"
                try await transaction.execute("SELECT set_config('taxiway.tenant', \(tenant), true)")
                let row = try #require(try await transaction.fetchOne(
                    "EXPLAIN (FORMAT JSON) SELECT * FROM notes WHERE title LIKE 'a%' ORDER BY title LIMIT 5",
                    context: QueryContext(operation: "explain", table: "notes")))
                return try row.decode(String.self)
            }
            #expect(plan.uses(index: "ix_notes_title"), "\(plan)")
            #expect(plan.json.contains("current_setting"), "the policy's condition is in the plan: \(plan)")
            #expect(try await db.owner.text("SELECT count(*)::text FROM pg_roles WHERE rolname LIKE 'taxiway\\_explain\\_%'") == roles)
        }
    }
}
