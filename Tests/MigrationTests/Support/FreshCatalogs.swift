import PostgresNIO
import TaxigenCore
import Testing

/// The catalog of a fresh database built from a revision's `schema.sql`, built once per revision and
/// shared by the tests (each in a database of its own, dropped afterwards).
actor FreshCatalogs {
    /// The shared cache.
    static let shared = FreshCatalogs()

    private var catalogs: [String: CatalogState] = [:]

    /// The fresh catalog of revision `revision` (0: an empty database) of a fixtures directory, on a server.
    func catalog(_ revision: Int, fixtures: String = Revisions.fixtures, server: TestServer = .pg18) async throws -> CatalogState {
        let key = "\(server.rawValue) \(fixtures) \(revision)"
        if let catalog = catalogs[key] { return catalog }
        let catalog = try await Self.build(revision, fixtures: fixtures, server: server)
        catalogs[key] = catalog
        return catalog
    }

    private static func build(_ revision: Int, fixtures: String, server: TestServer) async throws -> CatalogState {
        let ddl = revision == 0 ? "" : try Revisions.freshDDL(revision, fixtures: fixtures)
        return try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { connection in
                for statement in SQLScript(ddl).statements { try await connection.run(statement.text) }
                return try await CatalogState.read(connection)
            }
        }
    }
}

/// Expects the catalog of the database a connection is on to equal a fresh database of `revision`.
func expectCatalog(of connection: PostgresConnection, equalsFresh revision: Int, _ label: String,
                   fixtures: String = Revisions.fixtures, server: TestServer = .pg18,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
    let actual = try await CatalogState.read(connection)
    let expected = try await FreshCatalogs.shared.catalog(revision, fixtures: fixtures, server: server)
    let differences = actual.differences(from: expected)
    #expect(differences.isEmpty, "\(label): the catalog differs from a fresh rev\(revision) database:\n\(differences.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    if revision > 0 {
        #expect(expected.tables.count == (try Revisions.schema(revision, fixtures: fixtures)).entities.count, "rev\(revision): fresh tables",
                sourceLocation: sourceLocation)
    }
}

/// A duration in whole milliseconds, for timing lines.
func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
}
