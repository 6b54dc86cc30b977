import Foundation
import TaxigenCore
import Testing

/// `taxigen db diff` while a rename is in progress: the old column, its index and CHECK are what the
/// migration history expects (expand applied, contract not yet), not drift; a genuinely extra column is.
@Suite("db diff during a rename in progress")
struct DatabaseDiffRenameTests {
    @Test("after the expand no drift (old column, index, CHECK expected); an extra column is reported alone; the old column gone is missing; after the contract's pre-deploy run and its post-deploy run no drift; likewise around a deprecated field's drop",
          arguments: [TestServer.pg18, .pg15])
    func renameInProgress(server: TestServer) async throws {
        let project = try await RenameProject()
        try await server.withFreshDatabase { database in
            let url = try server.url(database: database)
            func diff() async throws -> ProcessRun { try await project.run("db", "diff", "--database", url) }
            func expectNoDrift(_ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
                let run = try await diff()
                #expect(run.status == 0 && run.standardOutput.contains("No drift"), "\(server) \(label): \(run.output)", sourceLocation: sourceLocation)
            }
            try await project.expect("migrate", "apply", "--database", url)
            try await server.withConnection(to: database) { connection in
                // What the expand keeps: the old column, its index and its CHECK.
                let catalog = try await CatalogState.read(connection)
                let customers = try #require(catalog.tables["customers"])
                #expect(customers.columns["name"] != nil && customers.indexes["ix_customers_name"] != nil, "\(server)")
                #expect(customers.constraints.keys.contains { $0.hasPrefix("ck_customers_name") }, "\(server): \(customers.constraints.keys)")
            }
            try await expectNoDrift("after the expand")

            try await server.withConnection(to: database) { try await $0.run("ALTER TABLE customers ADD COLUMN fax text") }
            let extra = try await diff()
            #expect(extra.status == 2, "\(server): \(extra.output)")
            #expect(extra.standardOutput.split(separator: "\n") == ["extra column customers.fax: text"], "\(server): \(extra.standardOutput)")
            try await server.withConnection(to: database) { connection in
                try await connection.run("ALTER TABLE customers DROP COLUMN fax")
                try await connection.run("ALTER TABLE customers RENAME COLUMN name TO name_gone")
            }
            let missing = try await diff()
            #expect(missing.status == 2, "\(server): \(missing.output)")
            #expect(missing.standardOutput.contains("missing column customers.name: varchar(100)"), "\(server): \(missing.standardOutput)")
            #expect(missing.standardOutput.contains("extra column customers.name_gone"), "\(server): \(missing.standardOutput)")
            try await server.withConnection(to: database) { try await $0.run("ALTER TABLE customers RENAME COLUMN name_gone TO name") }
            try await expectNoDrift("the column back")

            // The contract is written; until its post-deploy units run the old column is still expected.
            try project.write(customer: RenameProject.customer3, product: RenameProject.product1)
            try await project.expect("migrate", "new", "-m", "Contract", "--contract")
            try await expectNoDrift("the contract written, not applied")
            try await project.expect("migrate", "apply", "--database", url, "--phase", "pre-deploy")
            try await expectNoDrift("the contract's pre-deploy run")
            try await project.expect("migrate", "apply", "--database", url, "--phase", "post-deploy")
            try await expectNoDrift("after the contract")
            try await server.withConnection(to: database) { connection in
                #expect(try await CatalogState.read(connection).tables["customers"]?.columns["name"] == nil)
                try await connection.run("ALTER TABLE customers ADD COLUMN name varchar(100)")
            }
            let leftOver = try await diff()
            #expect(leftOver.status == 2 && leftOver.standardOutput.contains("extra column customers.name"), "after the contract the old column is drift: \(leftOver.output)")
            try await server.withConnection(to: database) { try await $0.run("ALTER TABLE customers DROP COLUMN name") }

            // A deprecated field removed: between the migration's pre-deploy and post-deploy runs the column it
            // drops is still expected.
            let sku = "\n  sku: { type: string, max_length: 20, nullable: true, index: true }"
            try project.write(customer: RenameProject.customer3,
                              product: "entity: Product\nfields:\n  title: { type: string, max_length: 100, nullable: true, index: true }" + sku)
            try await project.expect("migrate", "new", "-m", "Sku")
            try await project.expect("migrate", "apply", "--database", url)
            try project.write(customer: RenameProject.customer3, product: "entity: Product\nfields:\n"
                              + "  title: { type: string, max_length: 100, nullable: true, index: true, deprecated: true }" + sku)
            try await project.expect("migrate", "new", "-m", "Deprecate title")
            try await project.expect("migrate", "apply", "--database", url)
            try await expectNoDrift("title deprecated")
            try project.write(customer: RenameProject.customer3, product: "entity: Product\nfields:" + sku)
            try await project.expect("migrate", "new", "-m", "Drop title")
            try await project.expect("migrate", "apply", "--database", url, "--phase", "pre-deploy")
            try await expectNoDrift("the drop's pre-deploy run")
            try await project.expect("migrate", "apply", "--database", url, "--phase", "post-deploy")
            try await expectNoDrift("after the drop")
        }
    }
}
