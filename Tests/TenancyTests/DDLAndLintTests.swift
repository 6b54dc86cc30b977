import Foundation
@testable import TaxigenCore
import Testing

/// `schema.sql` of tenant-scoped tables, and lint's tenant-isolation item reading it back.
@Suite("Tenancy: DDL and lint")
struct TenancyDDLAndLintTests {
    @Test("a tenant-scoped table: the key after the primary key with the caller's tenant as default, RLS enabled and forced, one policy for reads and writes")
    func ddl() throws {
        let ddl = try TenancySpecs.ddl(try TenancySpecs.schema(TenancySpecs.domain))
        let items = try #require(ddl.range(of: "CREATE TABLE items (\n"))
        let keyLines = ddl[items.upperBound...].split(separator: "\n").prefix(2).map { $0.split(separator: " ").joined(separator: " ") }
        #expect(keyLines == ["item_id uuid NOT NULL DEFAULT gen_random_uuid(),",
                             "tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('taxiway.tenant', true), '')::uuid,"])
        for table in ["items", "projects"] {
            #expect(ddl.contains("""
                ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
                ALTER TABLE \(table) FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON \(table)
                    USING (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid)
                    WITH CHECK (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid);
                """))
        }
        #expect(ddl.contains("CREATE UNIQUE INDEX ux_projects_email_lookup ON projects USING btree (tenant_id, email_lookup) WHERE deleted_at IS NULL;"))
        #expect(ddl.contains("CREATE UNIQUE INDEX ux_projects_name_status ON projects USING btree (tenant_id, name, status);"))
        #expect(ddl.contains("CREATE INDEX ix_projects_plan_id ON projects USING btree (plan_id);"))
        #expect(ddl.contains("COMMENT ON COLUMN projects.tenant_id IS "))
        // The global catalogue is untouched.
        #expect(!ddl.contains("ON plans\n") && !ddl.contains("ALTER TABLE plans"))
        #expect(ddl.contains("CREATE UNIQUE INDEX ux_plans_code ON plans USING btree (code) WHERE deleted_at IS NULL;"))
    }

    @Test("without tenancy the DDL has no trace of it")
    func noTenancy() throws {
        let ddl = try TenancySpecs.ddl(try TenancySpecs.schema(TenancySpecs.domain, tenancy: nil))
        #expect(!ddl.contains("tenant_id") && !ddl.contains("ROW LEVEL SECURITY") && !ddl.contains("POLICY"))
    }

    @Test("lint passes the generated DDL and reads ENABLE, FORCE and CREATE POLICY back")
    func lintPasses() throws {
        let schema = try TenancySpecs.schema(TenancySpecs.domain)
        let report = try TenancySpecs.lint(schema)
        // Only the DDL is planned here (so validation schemas are not), and one unique index is include_deleted on
        // purpose: the items that read the DDL's tenancy and indexes pass.
        let read = report.results.filter { [.tenantIsolation, .indexes, .auditFields, .baseClass].contains($0.item) }
        let failing = read.filter { !$0.passed }.flatMap(\.findings)
        #expect(failing.isEmpty, "\(failing)")
        let item = try #require(report.entities.first { $0.entity == "Project" }?.results.first { $0.item == .tenantIsolation })
        #expect(item.detail == "tenant_id; row-level security enabled and forced; policy tenant_isolation")
        #expect(report.entities.first { $0.entity == "Plan" }?.results.first { $0.item == .tenantIsolation }?.detail == "not tenant-scoped")
    }

    /// The findings of the tenant-isolation item for `Project` when the DDL is edited by `edit`.
    private func findings(_ edit: (String) -> String) throws -> [String] {
        let schema = try TenancySpecs.schema(TenancySpecs.domain)
        let report = try TenancySpecs.lint(schema, ddl: edit(try TenancySpecs.ddl(schema)))
        return report.entities.first { $0.entity == "Project" }?.results.first { $0.item == .tenantIsolation }?.findings.map(\.message) ?? ["no result"]
    }

    /// `ddl` without the statement that starts with `prefix` (up to its `;`).
    private func removing(_ prefix: String, from ddl: String) -> String {
        guard let start = ddl.range(of: prefix), let end = ddl[start.lowerBound...].firstIndex(of: ";") else { return ddl }
        return String(ddl[..<start.lowerBound] + ddl[ddl.index(after: end)...])
    }

    @Test("lint fails a tenant-scoped table without its policy, without ENABLE or FORCE, or with RLS switched off again")
    func lintFails() throws {
        #expect(try findings { removing("CREATE POLICY tenant_isolation ON projects", from: $0) }
            .contains { $0.contains("is tenant-scoped but the DDL has no tenant policy") })
        #expect(try findings { removing("ALTER TABLE projects ENABLE", from: $0) }
            == ["the DDL does not `ALTER TABLE projects ENABLE ROW LEVEL SECURITY`: every tenant sees every row"])
        #expect(try findings { removing("ALTER TABLE projects FORCE", from: $0) }
            == ["the DDL does not `ALTER TABLE projects FORCE ROW LEVEL SECURITY`: the table's owner is not held to the tenant policy"])
        #expect(try findings { $0.replacingOccurrences(of: "COMMIT;", with: "ALTER TABLE projects DISABLE ROW LEVEL SECURITY;\nCOMMIT;") }
            == ["the DDL switches row-level security of 'projects' off again"])
        #expect(try findings { $0.replacingOccurrences(of: "COMMIT;", with: "CREATE POLICY open_door ON projects USING (true);\nCOMMIT;") }
            == ["policy `OPEN_DOOR` on 'projects' is permissive: permissive policies are OR-ed, so it can show or accept rows of other tenants"])
        #expect(try findings { $0.replacingOccurrences(of: "COMMIT;", with: "CREATE POLICY narrower ON projects AS RESTRICTIVE USING (true);\nCOMMIT;") } == [])
        // The projects policy's WITH CHECK accepts any row.
        let anyRow = try findings { ddl in
            let policy = ddl.range(of: "CREATE POLICY tenant_isolation ON projects")!
            let check = ddl.range(of: "WITH CHECK (", range: policy.upperBound..<ddl.endIndex)!
            let end = ddl.range(of: ");", range: check.upperBound..<ddl.endIndex)!
            return ddl.replacingCharacters(in: check.lowerBound..<end.upperBound, with: "WITH CHECK (true);")
        }
        #expect(anyRow.contains { $0.contains("policy `TENANT_ISOLATION` on 'projects' is permissive") }, "\(anyRow)")
        let noKey = try findings { ddl in
            ddl.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !($0.hasPrefix("    tenant_id ") && $0.contains("current_setting")) }.joined(separator: "\n")
        }
        #expect(noKey.contains { $0.hasPrefix("the DDL declares the tenant key as `nothing`") }, "\(noKey)")
    }
}
