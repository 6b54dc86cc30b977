import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// The example project of this repository (`taxigen.yaml`, `specs/`), checked and rendered in-process.
enum ExampleProject {
    /// The repository root, found from this file's path.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, DDLTests, Tests, root
        return url.path
    }()

    /// The checked schema of `specs/`.
    static func schema() throws -> Schema {
        try loadSchema(projectDirectory: root)
    }

    /// The checked schema of a project directory; a failure lists every diagnostic.
    static func loadSchema(projectDirectory: String) throws -> Schema {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: projectDirectory, into: &log)
        let schema = Generator(config: config).loadSchema(into: &log)
        return try #require(schema, "the specs do not check:\n\(log.sorted.map(\.description).joined(separator: "\n"))")
    }

    /// The example schema as a server can take it: every entity on PostgreSQL 18, and only the entities
    /// that need no pgvector on PostgreSQL 15.
    static func schema(for server: TestServer) throws -> Schema {
        let schema = try schema()
        return server.hasVector ? schema : Schema(entities: schema.entities.filter { !$0.usesVector })
    }

    /// `SQL/schema.sql` rendered for a schema with the default templates.
    static func ddl(for schema: Schema) throws -> String {
        let generator = Generator(config: ProjectConfig(projectDirectory: root))
        let plan = generator.plan(schema)
        let file = try #require(plan.first { $0.path == "SQL/schema.sql" }, "no SQL/schema.sql is planned")
        return try generator.render([file], with: TemplateSet.defaults())[0].contents
    }
}

/// Applying a DDL script through PostgresNIO, which runs one statement per query (extended protocol).
enum DDLApplier {
    /// What an application of the script took.
    struct Timing: Sendable {
        let statements: Int
        let seconds: Double

        var description: String { String(format: "%d statements in %.0f ms", statements, seconds * 1000) }
    }

    /// Runs every statement of `script` in order on `connection`; after a failure inside the script's
    /// transaction it rolls back (as psql does when it stops on an error) and rethrows.
    @discardableResult
    static func apply(_ script: String, on connection: PostgresConnection, label: String) async throws -> Timing {
        let statements = SQLScript(script).statements
        let clock = ContinuousClock()
        let start = clock.now
        for statement in statements {
            do {
                try await connection.run(statement.text)
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let timing = Timing(statements: statements.count, seconds: seconds)
        print("DDL apply [\(label)]: \(timing.description)")
        return timing
    }
}
