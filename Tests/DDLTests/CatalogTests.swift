import PostgresNIO
import TaxigenCore
import Testing

/// The example schema's DDL applied to a fresh database of each server, then read back from pg_catalog:
/// every table, column, default, index, constraint, trigger and comment the `Schema` asks for is there,
/// and nothing else (no foreign key at all).
@Suite("DDL catalog")
struct CatalogTests {
    /// Applies the server's share of the example schema to a fresh database and runs `body` on it.
    private func withAppliedSchema(_ server: TestServer, label: String,
                                   _ body: (Catalog, Schema) async throws -> Void) async throws {
        let schema = try ExampleProject.schema(for: server)
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { connection, _ in
            try await DDLApplier.apply(ddl, on: connection, label: "\(server) \(label)")
            try await body(Catalog(connection: connection), schema)
        }
    }

    @Test("the script applies on each server, to the tables of the schema and no others", arguments: TestServer.allCases)
    func tables(server: TestServer) async throws {
        try await withAppliedSchema(server, label: "tables") { catalog, schema in
            let version = try await catalog.serverMajorVersion()
            let tables = try await catalog.tables()
            #expect(version == (server == .pg18 ? 18 : 15))
            #expect(tables == schema.entities.map(\.tableName).sorted())
            if server == .pg15 {
                #expect(!schema.usesVector && schema.entities.count == 6, "PostgreSQL 15 gets every entity but the vector one")
            }
        }
    }

    @Test("every column has its type, nullability and default; the key is a uuid with gen_random_uuid()",
          arguments: TestServer.allCases)
    func columns(server: TestServer) async throws {
        try await withAppliedSchema(server, label: "columns") { catalog, schema in
            var checkedExampleDefaults = 0
            for entity in schema.entities {
                let actual = try await catalog.columns(of: entity.sqlTableName)
                #expect(actual.map(\.name) == entity.columns.map(\.name), "\(entity.tableName): column order")
                for column in entity.columns {
                    guard let found = actual.first(where: { $0.name == column.name }) else { continue }
                    let where_ = "\(entity.tableName).\(column.name)"
                    #expect(found.type == Expected.catalogType(of: column), "\(where_): type")
                    #expect(found.isNotNull == !column.isNullable, "\(where_): nullability")
                    if let implicit = Expected.implicitDefault(of: column) {
                        #expect(found.defaultExpression == implicit, "\(where_): default")
                    } else {
                        #expect((found.defaultExpression != nil) == (column.defaultValue != nil), "\(where_): has a default")
                    }
                    if let expected = Expected.exampleDefaults[where_] {
                        #expect(found.defaultExpression == expected, "\(where_): default")
                        checkedExampleDefaults += 1
                    }
                }
                // The guidelines' audit columns, spelled out once more against the catalog.
                let audit = Dictionary(uniqueKeysWithValues: actual.map { ($0.name, $0) })
                #expect(audit["\(entity.snakeName)_id"] == Catalog.Column(name: "\(entity.snakeName)_id", type: "uuid", isNotNull: true, defaultExpression: "gen_random_uuid()"))
                #expect(audit["created_at"] == Catalog.Column(name: "created_at", type: "timestamp with time zone", isNotNull: true, defaultExpression: "now()"))
                #expect(audit["updated_at"] == Catalog.Column(name: "updated_at", type: "timestamp with time zone", isNotNull: true, defaultExpression: "now()"))
                #expect(audit["deleted_at"] == Catalog.Column(name: "deleted_at", type: "timestamp with time zone", isNotNull: false, defaultExpression: nil))
                #expect(audit["version"] == Catalog.Column(name: "version", type: "integer", isNotNull: true, defaultExpression: "1"))
            }
            #expect(checkedExampleDefaults == Expected.exampleDefaults.keys.filter { key in
                schema.entities.contains { key.hasPrefix("\($0.tableName).") }
            }.count)
        }
    }

    @Test("every index of the schema exists with its columns, uniqueness, access method and predicate",
          arguments: TestServer.allCases)
    func indexes(server: TestServer) async throws {
        try await withAppliedSchema(server, label: "indexes") { catalog, schema in
            for entity in schema.entities {
                let actual = try await catalog.indexes(of: entity.sqlTableName)
                let primaryKey = "pk_\(entity.tableName)"
                #expect(Set(actual.map(\.name)) == Set(entity.indexes.map(\.name) + [primaryKey]),
                        "\(entity.tableName): exactly the schema's indexes and the key")
                let key = actual.first { $0.name == primaryKey }
                #expect(key?.isPrimary == true && key?.columns == [entity.primaryKey.name])
                for index in entity.indexes {
                    guard let found = actual.first(where: { $0.name == index.name }) else { continue }
                    #expect(found.columns == index.columns, "\(index.name): columns")
                    #expect(found.isUnique == index.isUnique, "\(index.name): uniqueness")
                    #expect(found.accessMethod == index.kind.rawValue, "\(index.name): access method")
                    #expect(found.predicate == (index.isPartial ? Expected.activeRowsPredicate : nil), "\(index.name): predicate")
                    #expect(found.definition.hasSuffix(index.isPartial ? "WHERE (deleted_at IS NULL)" : ")"),
                            "\(index.name): \(found.definition)")
                    if let operatorClass = index.operatorClass {
                        #expect(found.operatorClasses == [operatorClass], "\(index.name): operator class")
                    }
                }
                // The guidelines' implicit indexes: every ref and version lead one.
                for (column, _) in entity.refs {
                    #expect(actual.contains { $0.columns.first == column.name }, "\(entity.tableName).\(column.name) is indexed")
                }
                #expect(actual.contains { $0.columns == ["version"] }, "\(entity.tableName).version is indexed")
            }
        }
    }

    @Test("every CHECK constraint exists, the key is pk_<table>, and there is no foreign key at all",
          arguments: TestServer.allCases)
    func constraints(server: TestServer) async throws {
        try await withAppliedSchema(server, label: "constraints") { catalog, schema in
            #expect(try await catalog.foreignKeyCount() == 0)
            for entity in schema.entities {
                let actual = try await catalog.constraints(of: entity.sqlTableName)
                #expect(Set(actual.filter { $0.type == "c" }.map(\.name)) == Set(entity.checks.map(\.name)),
                        "\(entity.tableName): exactly the schema's CHECK constraints")
                #expect(actual.filter { $0.type == "p" }.map(\.name) == ["pk_\(entity.tableName)"])
                #expect(actual.allSatisfy { ["c", "p", "n"].contains($0.type) }, "\(entity.tableName): \(actual.map(\.type))")
                #expect(actual.contains { $0.name == "ck_\(entity.tableName)_version_positive" && $0.definition == "CHECK ((version >= 1))" })
            }
        }
    }

    @Test("every table has the touch trigger, and tables and columns carry their descriptions",
          arguments: TestServer.allCases)
    func triggersAndComments(server: TestServer) async throws {
        try await withAppliedSchema(server, label: "triggers") { catalog, schema in
            #expect(try await catalog.functionExists("taxiway_touch_row"))
            for entity in schema.entities {
                #expect(try await catalog.triggers(of: entity.sqlTableName) == [
                    Catalog.Trigger(name: "trg_\(entity.tableName)_touch", function: "taxiway_touch_row",
                                    type: Expected.beforeUpdateRowTrigger),
                ])
                let comments = try await catalog.comments(of: entity.sqlTableName)
                #expect(comments.table == entity.description?.trimmingTrailingNewlines, "\(entity.tableName): table comment")
                let described = entity.columns.filter { $0.description != nil }
                #expect(Set(comments.columns.keys) == Set(described.map(\.name)), "\(entity.tableName): described columns")
                for column in described {
                    #expect(comments.columns[column.name] == column.description?.trimmingTrailingNewlines)
                }
            }
        }
    }
}

extension String {
    /// The text without the line breaks a YAML block scalar leaves at its end.
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
