import Foundation
@testable import TaxigenCore
import Testing

/// The check stage: `tenancy:` in taxigen.yaml, `tenant_scoped:` in a spec, collisions with the tenant key, and
/// the indexes tenancy leads with the key.
@Suite("Tenancy: config and check stage")
struct TenancyCheckTests {
    @Test("every entity is tenant-scoped unless its spec says tenant_scoped: false; without tenancy none is")
    func scope() throws {
        let schema = try TenancySpecs.schema(TenancySpecs.domain)
        #expect(schema.entity(named: "Project")?.traits.tenantKey == "tenant_id")
        #expect(schema.entity(named: "Project")?.traits.tenantScoped == true)
        #expect(schema.entity(named: "Item")?.traits.tenantKey == "tenant_id")
        #expect(schema.entity(named: "Plan")?.traits.tenantKey == nil)
        #expect(schema.entity(named: "Plan")?.traits.tenantScoped == false)
        let plain = try TenancySpecs.schema(TenancySpecs.domain, tenancy: nil)
        #expect(plain.entities.allSatisfy { $0.traits.tenantKey == nil && !$0.traits.tenantScoped })
        // The key is no column of the model: models, requests, typed columns and queries never carry it.
        #expect(schema.entities.allSatisfy { $0.column(named: "tenant_id") == nil })
    }

    @Test("tenant_scoped: true without the project's tenancy is a located error with a hint; false is harmless")
    func scopedWithoutTenancy() {
        let files = ["specs/a.yaml": "entity: Alpha\ntenant_scoped: true\nfields:\n  name: { type: text }\n",
                     "specs/b.yaml": "entity: Beta\ntenant_scoped: false\nfields:\n  name: { type: text }\n"]
        let diagnostics = TenancySpecs.diagnostics(files, tenancy: nil).filter { $0.severity == .error }
        #expect(diagnostics.map { "\($0.location): \($0.message)" } == ["specs/a.yaml:2:16: tenant_scoped: true, but the project declares no tenancy"])
        #expect(diagnostics.first?.hint?.contains("tenancy: { key: tenant_id }") == true)
        #expect(TenancySpecs.errors(["specs/a.yaml": "entity: Alpha\ntenant_scoped: yes please\nfields:\n  name: { type: text }\n"], tenancy: nil)
            == ["specs/a.yaml:2:16: 'tenant_scoped' in the spec must be true or false, not the string 'yes please'"])
    }

    @Test("a field, a lookup column or a key named like the tenant key is a located error, each reported at once")
    func collisions() {
        let files = [
            "specs/account.yaml": "entity: Account\nfields:\n  tenant_id: { type: uuid }\n  name: { type: text }\n",
            "specs/tenant.yaml": "entity: Tenant\nfields:\n  name: { type: text }\n",
            "specs/secret.yaml": "entity: Secret\nfields:\n  tenant: { type: string, max_length: 10, sensitive: true, lookup: true }\n",
            "specs/free.yaml": "entity: Free\ntenant_scoped: false\nfields:\n  tenant_id: { type: uuid }\n",
        ]
        let errors = TenancySpecs.errors(files)
        #expect(errors == [
            "specs/account.yaml:3:3: field 'tenant_id' collides with the project's tenant key 'tenant_id'",
            "specs/tenant.yaml:1:9: the key column of entity 'Tenant' is 'tenant_id', the project's tenant key",
        ])
        let lookup = TenancySpecs.errors(files.filter { $0.key == "specs/secret.yaml" }, tenancy: TenancySetting(key: "tenant_lookup"))
        #expect(lookup == ["specs/secret.yaml:3:3: the lookup column 'tenant_lookup' of a sensitive field collides with the project's tenant key 'tenant_lookup'"])
        let hints = TenancySpecs.diagnostics(files).compactMap(\.hint)
        #expect(hints.contains { $0.contains("tenant_scoped: false") })
    }

    @Test("unique and spec-requested btree indexes lead with the tenant key; refs, version, GIN do not")
    func indexes() throws {
        let project = try #require(try TenancySpecs.schema(TenancySpecs.domain).entity(named: "Project"))
        let columns = Dictionary(uniqueKeysWithValues: project.indexes.map { ($0.name, $0.columns) })
        #expect(columns["ux_projects_name"] == ["tenant_id", "name"])
        #expect(columns["ux_projects_email_lookup"] == ["tenant_id", "email_lookup"])
        #expect(columns["ux_projects_name_status"] == ["tenant_id", "name", "status"])
        #expect(columns["ix_projects_status_created_at"] == ["tenant_id", "status", "created_at"])
        #expect(columns["ix_projects_plan_id"] == ["plan_id"])
        #expect(columns["ix_projects_version"] == ["version"])
        #expect(columns["ix_projects_tags"] == ["tags"])
        // Partial stays partial, and index names are those of the spec's fields.
        #expect(project.indexes.first { $0.name == "ux_projects_name" }?.isPartial == true)
        #expect(project.indexes.first { $0.name == "ux_projects_name_status" }?.isPartial == false)
        // The named query is still served: the key is compared by row-level security in every query.
        let query = try #require(project.queries.first)
        #expect(QueryIndexRules.servingIndexes(query, of: project).map(\.name).contains("ix_projects_status_created_at"))
    }

    @Test("a GIN index on a tenant-scoped table is a located warning (row-level security leaves it unused); without tenancy, none")
    func ginIndexWarning() throws {
        let spec = "entity: Note\nfields:\n  tags: { type: array, items: string, max_length: 20, index: gin }\n"
        let warnings = TenancySpecs.diagnostics(["specs/note.yaml": spec]).filter { $0.severity == .warning }
        #expect(warnings.map { "\($0.location)" } == ["specs/note.yaml:3:62"])  // at `gin`
        #expect(warnings.first?.message.contains("serves none of the repositories' queries") == true)
        #expect(warnings.first?.hint?.contains("tenant_scoped: false") == true)
        #expect(TenancySpecs.diagnostics(["specs/note.yaml": spec], tenancy: nil).isEmpty)
        let shared = spec.replacingOccurrences(of: "fields:", with: "tenant_scoped: false\nfields:")
        #expect(TenancySpecs.diagnostics(["specs/note.yaml": shared]).isEmpty)
    }

    @Test("an index of 32 fields has no room for the tenant key: a located error")
    func indexTooWide() {
        let fields = (1...32).map { "f\($0)" }
        let spec = "entity: Wide\nfields:\n" + fields.map { "  \($0): { type: int }\n" }.joined()
            + "indexes:\n  - fields: [\(fields.joined(separator: ", "))]\n"
        let errors = TenancySpecs.errors(["specs/wide.yaml": spec])
        #expect(errors == ["specs/wide.yaml:36:5: an index of a tenant-scoped entity can hold at most 31 fields (the tenant key 'tenant_id' leads it), and this one lists 32"])
        #expect(TenancySpecs.errors(["specs/wide.yaml": spec], tenancy: nil).isEmpty)
    }

    @Test("tenancy in taxigen.yaml: key defaults to tenant_id; bad shapes and names are located errors")
    func config() throws {
        func load(_ text: String) throws -> (ProjectConfig, [String]) {
            let directory = FileManager.default.temporaryDirectory.path + "/tenancy-config-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try text.write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
            var log = DiagnosticLog()
            let config = ProjectConfig.load(projectDirectory: directory, into: &log)
            return (config, log.sorted.map { "\($0.location): \($0.message)" })
        }
        #expect(try load("tenancy: { key: org_id }\n").0.tenancy?.key == "org_id")
        #expect(try load("tenancy: {}\n").0.tenancy?.key == "tenant_id")
        #expect(try load("module: Domain\n").0.tenancy == nil)
        #expect(try load("tenancy: true\n").1 == ["taxigen.yaml:1:10: 'tenancy' in taxigen.yaml must be a mapping, not the boolean true"])
        #expect(try load("tenancy: { key: Tenant-ID }\n").1 == ["taxigen.yaml:1:17: tenant key 'Tenant-ID' is not a lowercase snake_case SQL name"])
        #expect(try load("tenancy: { key: version }\n").1 == ["taxigen.yaml:1:17: tenant key 'version' is the name of a column every table already has"])
        #expect(try load("tenancy: { kee: tenant_id }\n").1 == ["taxigen.yaml:1:12: unknown key 'kee' in tenancy"])
        #expect(try load("tenancy: { key: \(String(repeating: "k", count: 64)) }\n").1.count == 1)
    }
}
