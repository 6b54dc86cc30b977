import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `migrate squash --to REV` past an expand not contracted yet: the checkpoint recreates the rename's sync
/// function and trigger as the expand wrote them, so a fresh database from the squashed history has the
/// catalog of one migrated through the long one, and a later `--contract` finishes the rename on both.
@Suite("migrate squash past a rename in progress")
struct SquashExpandTests {
    @Test("squash --to 2 (the expand): a fresh database from the checkpoint equals the long history's (columns, indexes, CHECKs, triggers, functions and their text); the contract then works on both",
          arguments: [TestServer.pg18, .pg15])
    func squashPastAnExpand(server: TestServer) async throws {
        let project = try await RenameProject()
        try project.write(customer: RenameProject.customer2, product: RenameProject.product2)
        try await project.expect("migrate", "new", "-m", "Rename title")
        let long = try project.history()

        try await server.withFreshDatabase { reference in
            try await server.withFreshDatabase { fresh in
                try await RenameProject.apply(long, server, reference)
                try await project.expect("migrate", "squash", "--to", "2")
                let squashed = try project.history()
                #expect(squashed.migrations.map(\.id) == ["0002_rename_name", "0003_rename_title"])
                let checkpoint = try project.file("0002_rename_name", "up.sql")
                #expect(checkpoint.contains("sync trigger of the rename in progress name → full_name"), "its summary says so:\n\(checkpoint)")
                let expand = long.migrations[1].up.units.flatMap(\.statements)
                let function = try #require(expand.first { $0.hasPrefix("CREATE OR REPLACE FUNCTION taxigen_sync_customers_full_name(") })
                #expect(checkpoint.contains(function + ";"), "the function as the expand wrote it:\n\(checkpoint)")
                #expect(function.contains("'anonymous'"), "the old column's default, which the snapshot no longer has, is in the function")
                #expect(checkpoint.contains("CREATE TRIGGER trg_customers_sync_full_name BEFORE INSERT OR UPDATE ON customers"))
                #expect(try await project.run("migrate", "check").status == 0)

                try await RenameProject.apply(squashed, server, fresh)
                try await Self.expectSameCatalog(server, fresh, reference, "the squashed history vs the long one")
                // The checkpoint's trigger works: a row written under the old name shows under the new one.
                try await server.withConnection(to: fresh) { connection in
                    try await connection.run("INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com')")
                    #expect(try await connection.text("SELECT full_name FROM customers WHERE email = 'ada@example.com'") == "Ada")
                }

                // The contract of both renames, written on the squashed history, runs on both databases.
                try project.write(customer: RenameProject.customer3, product: """
                    entity: Product
                    fields:
                      label: { type: string, max_length: 100 }
                    """)
                try await project.expect("migrate", "new", "-m", "Contract", "--contract")
                let contracted = try project.history()
                try await RenameProject.apply(contracted, server, reference)
                try await RenameProject.apply(contracted, server, fresh)
                try await Self.expectSameCatalog(server, fresh, reference, "after the contract")
                try await server.withConnection(to: fresh) { connection in
                    let catalog = try await CatalogState.read(connection)
                    #expect(catalog.tables["customers"]?.columns["name"] == nil && catalog.tables["products"]?.columns["title"] == nil)
                    #expect(catalog.tables.values.allSatisfy { $0.triggers.keys.allSatisfy { !$0.contains("_sync_") } })
                    #expect(try await RenameProject.syncFunctions(connection).isEmpty)
                }
            }
        }
    }

    /// The two databases' catalogs are equal, and so are their sync functions' texts.
    private static func expectSameCatalog(_ server: TestServer, _ actual: String, _ expected: String, _ label: String,
                                          sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let (catalog, functions) = try await server.withConnection(to: actual) { (try await CatalogState.read($0), try await RenameProject.syncFunctions($0)) }
        let (reference, referenceFunctions) = try await server.withConnection(to: expected) { (try await CatalogState.read($0), try await RenameProject.syncFunctions($0)) }
        let differences = catalog.differences(from: reference)
        #expect(differences.isEmpty, "\(server) \(label):\n\(differences.joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(functions == referenceFunctions, "\(server) \(label): the sync functions' text", sourceLocation: sourceLocation)
    }
}
