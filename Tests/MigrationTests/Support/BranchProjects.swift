import Foundation
import TaxigenCore
import Testing

/// Two branches of one project, as folders: `main` with a first migration, `branchA` adding an entity and
/// `branchB` adding a field and an index to an existing one, each with the migration `migrate new` writes
/// for it, and `merged`: main with both branches' migration directories copied in and both changes in its
/// specs, as a merge leaves it. No vector column, so PostgreSQL 15 runs it too.
struct BranchProjects {
    /// The specs of main.
    static let baseSpecs = [
        "customer.yaml": """
            entity: Customer
            fields:
              name: { type: string, max_length: 100 }
              email: { type: string, max_length: 320, unique: true }
            """,
    ]
    /// Branch A's spec: a new entity.
    static let coupon = """
        entity: Coupon
        fields:
          code: { type: string, max_length: 20, unique: true }
          percent: { type: int, minimum: 1, maximum: 100, default: 10 }
        """
    /// Branch B's change: a field and an index on Customer.
    static let customerWithPhone = """
        entity: Customer
        fields:
          name: { type: string, max_length: 100 }
          email: { type: string, max_length: 320, unique: true }
          phone: { type: string, max_length: 32, nullable: true }
        indexes:
          - fields: [name]
        """

    /// The folder holding the four projects and `fixtures/rev1` (main's specs), `fixtures/rev2` (merged).
    let root: String
    /// The merged project's folder.
    var merged: String { root + "/merged" }
    /// The fixtures folder for `expectCatalog` (rev1: main, rev2: merged).
    var fixtures: String { root + "/fixtures" }
    /// Branch A's migration id.
    let idA: String
    /// Branch B's migration id.
    let idB: String

    /// Writes main, runs `migrate new` on it and on each branch, and merges them into `merged`.
    init() async throws {
        root = try Revisions.temporaryDirectory("branches")
        let main = root + "/main"
        try Self.writeProject(main, specs: Self.baseSpecs)
        try await Self.expectRun(["migrate", "new", "-m", "Initial"], in: main)
        for name in ["branchA", "branchB", "merged"] {
            try FileManager.default.copyItem(atPath: main, toPath: root + "/" + name)
        }
        try Self.coupon.write(toFile: root + "/branchA/specs/coupon.yaml", atomically: true, encoding: .utf8)
        try await Self.expectRun(["migrate", "new", "-m", "Add coupons"], in: root + "/branchA")
        try Self.customerWithPhone.write(toFile: root + "/branchB/specs/customer.yaml", atomically: true, encoding: .utf8)
        try await Self.expectRun(["migrate", "new", "-m", "Customer phone"], in: root + "/branchB")
        idA = "0002_add_coupons"
        idB = "0002_customer_phone"
        // The merge: git adds each branch's new files; nothing else changed on either side.
        for (branch, id) in [("branchA", idA), ("branchB", idB)] {
            try FileManager.default.copyItem(atPath: "\(root)/\(branch)/migrations/\(id)", toPath: "\(merged)/migrations/\(id)")
        }
        try Self.coupon.write(toFile: merged + "/specs/coupon.yaml", atomically: true, encoding: .utf8)
        try Self.customerWithPhone.write(toFile: merged + "/specs/customer.yaml", atomically: true, encoding: .utf8)
        try Self.writeSpecs(fixtures + "/rev1", Self.baseSpecs)
        try Self.writeSpecs(fixtures + "/rev2", ["customer.yaml": Self.customerWithPhone, "coupon.yaml": Self.coupon])
    }

    /// A project folder: `taxigen.yaml` and `specs/`.
    static func writeProject(_ path: String, specs: [String: String]) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "specs: specs\nmigrations: migrations\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
        try writeSpecs(path + "/specs", specs)
    }

    static func writeSpecs(_ folder: String, _ specs: [String: String]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in specs { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
    }

    /// Runs taxigen in a folder and expects exit 0.
    @discardableResult
    static func expectRun(_ arguments: [String], in directory: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> ProcessRun {
        let run = try await CLI.run(arguments, in: directory)
        #expect(run.status == 0, "taxigen \(arguments.joined(separator: " ")): \(run.output)", sourceLocation: sourceLocation)
        return run
    }

    /// Every file under a folder, relative path → bytes.
    static func files(under directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for relative in try LocalFileSystem().files(under: directory) {
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + relative))
        }
        return files
    }

    /// The paths (relative to the migrations folder) a branch added or changed compared with main's.
    func changedMigrationFiles(_ branch: String) throws -> Set<String> {
        let before = try Self.files(under: root + "/main/migrations")
        let after = try Self.files(under: "\(root)/\(branch)/migrations")
        return Set(after.filter { before[$0.key] != $0.value }.keys).union(before.keys.filter { after[$0] == nil })
    }

    /// The project as the core library sees it.
    static func project(_ path: String) -> MigrationProject {
        var log = DiagnosticLog()
        return MigrationProject(config: ProjectConfig.load(projectDirectory: path, into: &log))
    }
}
