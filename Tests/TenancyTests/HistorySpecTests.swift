import Foundation
@testable import TaxigenCore
import Testing

/// `history: true` on a tenant-scoped entity: accepted by the checker, its history table carries the tenant key
/// and the entity's row-level security, and lint's tenant-isolation item reads that back from the DDL.
@Suite("Tenancy: history of tenant-scoped entities (check, DDL, lint)")
struct TenantHistorySpecTests {
    /// The tenancy domain with `history: true` on `Item`.
    static let domain: [String: String] = {
        var files = TenancySpecs.domain
        files["specs/item.yaml"] = """
            entity: Item
            history: true
            fields:
              project_id: { type: ref, entity: Project }
              title: { type: string, max_length: 100 }
            """
        return files
    }()

    static let policy = """
        CREATE POLICY tenant_isolation ON items_history
            USING (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid)
            WITH CHECK (tenant_id = NULLIF(current_setting('taxiway.tenant', true), '')::uuid);
        """

    @Test("a tenant-scoped entity may have a history; a tenant key named like a history column is refused where the entity is declared")
    func check() throws {
        #expect(TenancySpecs.errors(Self.domain).isEmpty)
        let errors = TenancySpecs.errors(Self.domain, tenancy: TenancySetting(key: "history_at"))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("specs/item.yaml:1:9: the project's tenant key 'history_at' has the name of a column of the history table 'items_history'") == true,
                "\(errors)")
        // Not tenant-scoped: the same key name is no problem.
        var shared = Self.domain
        shared["specs/item.yaml"] = Self.domain["specs/item.yaml"]! + "\ntenant_scoped: false"
        #expect(TenancySpecs.errors(shared, tenancy: TenancySetting(key: "history_at")).isEmpty)
    }

    @Test("the history table copies the tenant key after the key, and has row-level security enabled, forced and the table's policy; the trigger copies the key")
    func ddl() throws {
        let ddl = try TenancySpecs.ddl(try TenancySpecs.schema(Self.domain))
        let table = try #require(ddl.range(of: "CREATE TABLE items_history (\n"))
        let lines = ddl[table.upperBound...].split(separator: "\n").prefix(6).map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines[4] == "item_id uuid NULL,")
        #expect(lines[5] == "tenant_id uuid NULL,")
        #expect(ddl.contains("ALTER TABLE items_history ENABLE ROW LEVEL SECURITY;\n\nALTER TABLE items_history FORCE ROW LEVEL SECURITY;\n\n" + Self.policy))
        #expect(ddl.contains("INSERT INTO items_history (history_operation, history_at, history_principal, item_id, tenant_id, "))
        #expect(ddl.contains("v_row.item_id, v_row.tenant_id, "))
        // Without tenancy the history has none of it.
        let plain = try TenancySpecs.ddl(try TenancySpecs.schema(Self.domain, tenancy: nil))
        #expect(plain.contains("CREATE TABLE items_history (") && !plain.contains("tenant_id"))
    }

    /// The tenant-isolation findings of `Item` when the DDL is edited by `edit`.
    private func findings(_ edit: (String) -> String) throws -> [String] {
        let schema = try TenancySpecs.schema(Self.domain)
        let report = try TenancySpecs.lint(schema, ddl: edit(try TenancySpecs.ddl(schema)))
        let item = report.entities.first { $0.entity == "Item" }?.results.first { $0.item == .tenantIsolation }
        return item?.findings.map(\.message) ?? ["no result"]
    }

    @Test("lint passes the generated DDL, and fails a history without its policy, without FORCE, switched off, with another permissive policy, or without the key")
    func lint() throws {
        #expect(try findings { $0 }.isEmpty)
        let schema = try TenancySpecs.schema(Self.domain)
        let item = try TenancySpecs.lint(schema).entities.first { $0.entity == "Item" }?.results.first { $0.item == .tenantIsolation }
        #expect(item?.detail == "tenant_id; row-level security enabled and forced; policy tenant_isolation (table and history)")

        let noPolicy = try findings { $0.replacingOccurrences(of: Self.policy, with: "") }
        #expect(noPolicy.contains { $0.hasPrefix("'items_history' is tenant-scoped but the DDL has no tenant policy") }, "\(noPolicy)")
        let noForce = try findings { $0.replacingOccurrences(of: "ALTER TABLE items_history FORCE ROW LEVEL SECURITY;\n", with: "") }
        #expect(noForce == ["the DDL does not `ALTER TABLE items_history FORCE ROW LEVEL SECURITY`: the table's owner is not held to the tenant policy"])
        let disabled = try findings { $0 + "\nALTER TABLE items_history DISABLE ROW LEVEL SECURITY;\n" }
        #expect(disabled == ["the DDL switches row-level security of 'items_history' off again"])
        let permissive = try findings { $0.replacingOccurrences(of: "COMMIT;", with: "CREATE POLICY everyone ON items_history USING (true);\nCOMMIT;") }
        #expect(permissive.contains { $0.hasPrefix("policy `EVERYONE` on 'items_history' is permissive") }, "\(permissive)")
        let noKey = try findings { ddl in
            ddl.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { $0.split(separator: " ") != ["tenant_id", "uuid", "NULL,"] }.joined(separator: "\n")
        }
        #expect(noKey.contains { $0.hasPrefix("the DDL declares the tenant key of history table 'items_history' as `nothing`") }, "\(noKey)")
        // The entity's own table is still read: its policy gone is a finding of its own.
        let tablePolicy = try findings { $0.replacingOccurrences(of: "CREATE POLICY tenant_isolation ON items\n", with: "CREATE POLICY other ON items\n") }
        #expect(tablePolicy.contains { $0.hasPrefix("'items' is tenant-scoped but the DDL has no tenant policy") }, "\(tablePolicy)")
    }

    @Test("a partitioned append-only tenant-scoped table gives each partition it creates the parent's row-level security")
    func partitions() throws {
        var files = TenancySpecs.domain
        files["specs/event.yaml"] = """
            entity: Event
            append_only:
              partition: { by: created_at, interval: month, ahead: 1 }
            fields:
              note: { type: string, max_length: 100 }
            """
        let ddl = try TenancySpecs.ddl(try TenancySpecs.schema(files))
        #expect(ddl.contains("ALTER TABLE events ENABLE ROW LEVEL SECURITY;\nALTER TABLE events FORCE ROW LEVEL SECURITY;"))
        #expect(ddl.contains("EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', parent_schema, partition_name);"))
        #expect(ddl.contains("EXECUTE format('CREATE POLICY tenant_isolation ON %I.%I USING (%s) WITH CHECK (%s)',"))
        let plain = try TenancySpecs.ddl(try TenancySpecs.schema(files, tenancy: nil))
        #expect(!plain.contains("ROW LEVEL SECURITY"))
    }
}
