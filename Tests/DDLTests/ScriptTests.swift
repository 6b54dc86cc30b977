import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// The script as a whole: it runs through `psql -v ON_ERROR_STOP=1 -f`, it is one transaction (a failure
/// leaves nothing behind), and the pgvector parts work where pgvector exists.
@Suite("DDL script")
struct ScriptTests {
    @Test("psql -v ON_ERROR_STOP=1 -f applies the script", arguments: TestServer.allCases)
    func appliesThroughPsql(server: TestServer) async throws {
        let schema = try ExampleProject.schema(for: server)
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { connection, name in
            let run = try await Psql.apply(ddl, to: name, on: server)
            print(String(format: "DDL apply [\(server) psql]: %.0f ms (including psql start-up)", run.seconds * 1000))
            #expect(run.status == 0, "psql: \(run.output)")
            #expect(run.output.isEmpty, "psql printed: \(run.output)")
            #expect(try await Catalog(connection: connection).tables() == schema.entities.map(\.tableName).sorted())
        }
    }

    @Test("on PostgreSQL 15 the whole script stops at CREATE EXTENSION vector and leaves nothing behind")
    func failsAtomicallyWithoutVector() async throws {
        let schema = try ExampleProject.schema()
        #expect(schema.usesVector)
        let ddl = try ExampleProject.ddl(for: schema)
        try await TestServer.pg15.withFreshDatabase { connection, name in
            let run = try await Psql.apply(ddl, to: name, on: .pg15)
            #expect(run.status == 3, "psql stops on the first error with status 3: \(run.output)")
            #expect(run.output.contains("vector"), "\(run.output)")
            let catalog = Catalog(connection: connection)
            #expect(try await catalog.tables().isEmpty)
            #expect(try await catalog.functionExists("taxiway_touch_row") == false)

            // The same through the driver, statement by statement.
            await expectRefusal("0A000", "CREATE EXTENSION vector on PostgreSQL 15") {
                try await DDLApplier.apply(ddl, on: connection, label: "pg15 full script")
            }
            #expect(try await catalog.tables().isEmpty)
            #expect(try await catalog.functionExists("taxiway_touch_row") == false)
        }
    }

    @Test("the vector schema applies on PostgreSQL 18: vector(n), an hnsw index with its operator class, dimensions enforced")
    func vectorColumns() async throws {
        let schema = try ExampleProject.schema()
        let product = try #require(schema.entity(named: "Product"))
        let ddl = try ExampleProject.ddl(for: schema)
        #expect(ddl.contains("CREATE EXTENSION IF NOT EXISTS vector;"))
        try await TestServer.pg18.withFreshDatabase { db, _ in
            try await DDLApplier.apply(ddl, on: db, label: "pg18 vector")
            let index = try await Catalog(connection: db).indexes(of: product.sqlTableName).first { $0.name == "ix_products_embedding" }
            #expect(index?.accessMethod == "hnsw")
            #expect(index?.operatorClasses == ["vector_cosine_ops"])
            let vector = "[" + (1...8).map(String.init).joined(separator: ",") + "]"
            let inserted = try await db.row("INSERT INTO products (sku, name, \"order\", embedding) VALUES ('SKU-1', 'Lamp', 3, \(vector)::vector) RETURNING \"order\", vector_dims(embedding)")
            let (order, dimensions) = try inserted.decode((Int32, Int32).self)
            #expect(order == 3 && dimensions == 8)
            await expectRefusal("22000", "a vector of the wrong dimension") {
                try await db.run("INSERT INTO products (sku, name, embedding) VALUES ('SKU-2', 'Desk', '[1,2,3]')")
            }
            await expectRefusal("23514", constraint: "ck_products_weight_kg_range", "a double above the maximum") {
                try await db.run("INSERT INTO products (sku, name, weight_kg) VALUES ('SKU-3', 'Rock', 1000.6)")
            }
            await expectRefusal("23514", constraint: "ck_products_visibility_values", "an enum value outside") {
                try await db.run("INSERT INTO products (sku, name, visibility) VALUES ('SKU-4', 'Hat', 'secret')")
            }
            let nearest = try await db.row("SELECT sku FROM products ORDER BY embedding <=> \(vector)::vector LIMIT 1")
            #expect(try nearest.decode(String.self) == "SKU-1")
        }
    }

    @Test("a schema without vector entities plans no extension and the same tables otherwise")
    func subsetPlansNoExtension() throws {
        let full = try ExampleProject.schema()
        let subset = Schema(entities: full.entities.filter { !$0.usesVector })
        let ddl = try ExampleProject.ddl(for: subset)
        #expect(!ddl.contains("CREATE EXTENSION"))
        #expect(!ddl.contains("vector("))
        #expect(!ddl.contains("CREATE TABLE products"))
        let fullDDL = try ExampleProject.ddl(for: full)
        // Each table's statements are the same in both scripts.
        for entity in subset.entities {
            let ownStatements = SQLScript(ddl).statements(naming: entity.tableName).map(\.text)
            let fullStatements = SQLScript(fullDDL).statements(naming: entity.tableName).map(\.text)
            #expect(ownStatements == fullStatements, "\(entity.tableName)")
        }
    }
}
