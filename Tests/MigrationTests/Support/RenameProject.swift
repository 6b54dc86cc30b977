import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A `zero_downtime` project whose second migration expands a rename: `customers.name` (a default, a CHECK
/// and an index of its own) becomes `full_name`, and the rename stays in progress until a migration written
/// with `migrate new --contract`. Products are there for a second rename (`title` → `label`). No vector
/// column, so PostgreSQL 15 runs it too. For the tests of rebase, squash and `db diff` around a rename in
/// progress.
struct RenameProject {
    /// Release 1: customers with `name`, products with `title`.
    static let customer1 = """
        entity: Customer
        fields:
          name: { type: string, min_length: 1, max_length: 100, default: "anonymous", index: true }
          email: { type: string, max_length: 320, unique: true }
        """
    /// Release 2: `name` renamed `full_name` (the expand).
    static let customer2 = """
        entity: Customer
        fields:
          full_name: { type: string, min_length: 1, max_length: 100, default: "anonymous", index: true, renamed_from: name }
          email: { type: string, max_length: 320, unique: true }
        """
    /// Release 3: the rename finished (its migration is the contract).
    static let customer3 = """
        entity: Customer
        fields:
          full_name: { type: string, min_length: 1, max_length: 100, default: "anonymous", index: true }
          email: { type: string, max_length: 320, unique: true }
        """
    /// Products, as release 1 has them.
    static let product1 = """
        entity: Product
        fields:
          title: { type: string, max_length: 100 }
        """
    /// Products with `title` renamed `label` (another expand).
    static let product2 = """
        entity: Product
        fields:
          label: { type: string, max_length: 100, renamed_from: title }
        """

    /// The project's folder.
    let path: String

    /// Writes release 1 and its migration `0001_initial`, then release 2 and its expand `0002_rename_name`.
    init() async throws {
        path = try Revisions.temporaryDirectory("renames")
        try FileManager.default.createDirectory(atPath: path + "/specs", withIntermediateDirectories: true)
        try "specs: specs\nmigrations: { directory: migrations, zero_downtime: true }\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
        try write(customer: Self.customer1, product: Self.product1)
        try await expect("migrate", "new", "-m", "Initial")
        try write(customer: Self.customer2, product: Self.product1)
        try await expect("migrate", "new", "-m", "Rename name")
    }

    /// A copy of such a project at `path` (a branch of it).
    init(copy path: String) {
        self.path = path
    }

    /// Replaces the specs.
    func write(customer: String, product: String) throws {
        try customer.write(toFile: path + "/specs/customer.yaml", atomically: true, encoding: .utf8)
        try product.write(toFile: path + "/specs/product.yaml", atomically: true, encoding: .utf8)
    }

    /// Runs taxigen in the project.
    func run(_ arguments: String...) async throws -> ProcessRun { try await CLI.run(arguments, in: path) }

    /// Runs taxigen in the project and expects exit 0.
    @discardableResult
    func expect(_ arguments: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> ProcessRun {
        let run = try await CLI.run(arguments, in: path)
        #expect(run.status == 0, "taxigen \(arguments.joined(separator: " ")): \(run.output)", sourceLocation: sourceLocation)
        return run
    }

    /// The project's verified history.
    func history() throws -> MigrationHistory { try BranchProjects.project(path).history() }

    /// A migration's file.
    func file(_ migration: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(path)/migrations/\(migration)/\(name)", encoding: .utf8)
    }

    /// Applies a history to its head on a database (the sessions' timeouts short).
    static func apply(_ history: MigrationHistory, _ server: TestServer, _ database: String) async throws {
        try await server.withConnection(to: database) { connection in
            var runner = MigrationRunner(history: history)
            runner.lockTimeout = "2s"
            _ = try await runner.apply(to: history.migrations.count, on: NIOMigrationConnection(connection: connection))
        }
    }

    /// Every `taxigen_sync_*` function of a database, name → `pg_get_functiondef` (its whole text).
    static func syncFunctions(_ connection: PostgresConnection) async throws -> [String: String] {
        var functions: [String: String] = [:]
        for row in try await connection.texts("""
            SELECT p.proname::text, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND p.proname LIKE 'taxigen_sync_%'
            """) {
            functions[row[0]!] = row[1]
        }
        return functions
    }
}
