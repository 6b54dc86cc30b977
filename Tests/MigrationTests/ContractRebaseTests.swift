import Foundation
@testable import TaxigenCore
import Testing

/// `migrate rebase` of a contract (`migrate new --contract`): planned again as a contract, of the renames it
/// finished only, so its drops are kept and a rename the other branch expanded is carried on.
@Suite("migrate rebase of a contract")
struct ContractRebaseTests {
    @Test("two branches after an expand: A expands another rename, B contracts the first; B rebased after A keeps its drops, not A's, and applies on PostgreSQL 18 and 15")
    func rebaseKeepsTheContract() async throws {
        let main = try await RenameProject()
        let root = try Revisions.temporaryDirectory("contract-branches")
        for name in ["branchA", "branchB", "merged"] {
            try FileManager.default.copyItem(atPath: main.path, toPath: "\(root)/\(name)")
        }
        let (branchA, branchB, merged) = (RenameProject(copy: root + "/branchA"), RenameProject(copy: root + "/branchB"), RenameProject(copy: root + "/merged"))
        try branchA.write(customer: RenameProject.customer2, product: RenameProject.product2)
        try await branchA.expect("migrate", "new", "-m", "Rename title")
        try branchB.write(customer: RenameProject.customer3, product: RenameProject.product1)
        try await branchB.expect("migrate", "new", "-m", "Contract", "--contract")
        let (idA, idB) = ("0003_rename_title", "0003_contract")
        #expect(try branchB.file(idB, "up.sql").contains("ALTER TABLE customers DROP COLUMN name;"))
        // The merge: both directories, both changes in the specs.
        for (branch, id) in [(branchA, idA), (branchB, idB)] {
            try FileManager.default.copyItem(atPath: "\(branch.path)/migrations/\(id)", toPath: "\(merged.path)/migrations/\(id)")
        }
        try merged.write(customer: RenameProject.customer3, product: RenameProject.product2)
        #expect(try await merged.run("migrate", "check").status == 1)

        let rebase = try await merged.expect("migrate", "rebase", idB)
        #expect(rebase.standardOutput.contains("Rebased migrations/\(idB) → migrations/0004_contract, after \(idA)"), "\(rebase.output)")
        #expect(rebase.standardOutput.contains("customers: contract of name → full_name"), "\(rebase.output)")
        let up = try merged.file("0004_contract", "up.sql")
        #expect(up.contains("DROP TRIGGER IF EXISTS trg_customers_sync_full_name ON customers;"), "\(up)")
        #expect(up.contains("DROP FUNCTION IF EXISTS taxigen_sync_customers_full_name();"))
        #expect(up.contains("ALTER TABLE customers DROP COLUMN name;"))
        #expect(up.contains("[post-deploy]"))
        #expect(!up.contains("DROP COLUMN title") && !up.contains("trg_products_sync_label"), "A's expand is not contracted with B's: \(up)")
        #expect(FileManager.default.fileExists(atPath: merged.path + "/migrations/0004_contract/IRREVERSIBLE"))
        let history = try merged.history()
        #expect(history.migrations.map(\.id) == ["0001_initial", "0002_rename_name", idA, "0004_contract"])
        let snapshot = try history.migrations[3].snapshot
        #expect(snapshot.table(named: "customers")?.column(named: "name") == nil)
        #expect(snapshot.table(named: "products")?.column(named: "title")?.replacedBy == "label")
        let check = try await merged.run("migrate", "check")
        #expect(check.status == 0, "\(check.output)")

        for server in [TestServer.pg18, .pg15] {
            try await server.withFreshDatabase { database in
                let apply = try await merged.expect("migrate", "apply", "--database", try server.url(database: database))
                #expect(apply.standardOutput.contains("4 migration(s) applied"), "\(server): \(apply.output)")
                try await server.withConnection(to: database) { connection in
                    let catalog = try await CatalogState.read(connection)
                    let customers = try #require(catalog.tables["customers"])
                    #expect(customers.columns["name"] == nil && customers.columns["full_name"] != nil, "\(server)")
                    #expect(customers.triggers.keys.allSatisfy { !$0.contains("sync") }, "\(server): \(customers.triggers)")
                    let products = try #require(catalog.tables["products"])
                    #expect(products.columns["title"] != nil && products.columns["label"] != nil, "\(server)")
                    #expect(products.triggers["trg_products_sync_label"] != nil, "\(server): \(products.triggers)")
                    #expect(catalog.functions.filter { $0.hasPrefix("taxigen_sync_") } == ["taxigen_sync_products_label"], "\(server): \(catalog.functions)")
                }
                let status = try await merged.run("migrate", "status", "--database", try server.url(database: database))
                #expect(status.status == 0, "\(server): \(status.output)")
            }
        }
    }

    @Test("the contract is read from the snapshots: a migration that dropped a rename's old column contracted it; one that kept it did not")
    func detection() async throws {
        let project = try await RenameProject()
        try project.write(customer: RenameProject.customer3, product: RenameProject.product1)
        try await project.expect("migrate", "new", "-m", "Contract", "--contract")
        let migrations = try project.history().migrations
        let (expand, contract) = (try migrations[1].snapshot, try migrations[2].snapshot)
        #expect(MigrationRebase.contractedColumns(from: expand, to: contract) == [MigrationPolicy.ColumnReference(table: "customers", column: "name")])
        #expect(MigrationRebase.contractedColumns(from: expand, to: expand).isEmpty)
        #expect(MigrationRebase.contractedColumns(from: try migrations[0].snapshot, to: expand).isEmpty)
    }
}
