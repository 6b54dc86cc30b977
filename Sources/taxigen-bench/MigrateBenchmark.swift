import Foundation
import PostgresNIO
import TaxigenCore

/// `taxigen-bench migrate --project DIR [--runs 5]`: the migration commands a team runs, timed as their own
/// processes (the release `taxigen` beside this binary) on a copy of a project's specs, such as the one
/// `../shared/bench/to_taxigen.py 1000 DIR` writes:
///
/// - `migrate new` writing the first migration of every entity;
/// - `migrate new` after one nullable field is added to one spec;
/// - `migrate check` and, with `TAXIWAY_TEST_DATABASE_URL` set, `migrate status` against a database the first
///   migration was applied to (a database is created for it and dropped afterwards).
///
/// Then the phases of the one-field `migrate new`, measured in this process: reading the history, loading the
/// specs, planning, and writing.
enum MigrateBenchmark {
    static func run(project source: String, runs: Int, writeDirectory: String) async throws {
        let taxigen = try CommandTimer.sibling("taxigen")
        let project = (writeDirectory as NSString).appendingPathComponent("taxigen-bench-migrate-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: project) }
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        for name in ["specs", "taxigen.yaml"] {
            try FileManager.default.copyItem(atPath: (source as NSString).appendingPathComponent(name),
                                             toPath: (project as NSString).appendingPathComponent(name))
        }
        var configLog = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project, into: &configLog)
        let migrations = config.resolve(config.migrationsDirectory)
        let specs = try FileManager.default.contentsOfDirectory(atPath: config.resolve(config.specsDirectory)).filter { $0.hasSuffix(".yaml") }
        print("| command (\(specs.count) specs) | median | runs |")
        print("|---|---:|---:|")

        var first: [Double] = []
        for _ in 0..<runs {
            try? FileManager.default.removeItem(atPath: migrations)
            first.append(try CommandTimer.time(taxigen, ["migrate", "new", "--project", project, "-m", "initial"]))
        }
        report("`migrate new`, the first migration", first)

        try addField(toFirstSpecIn: config.resolve(config.specsDirectory))
        var oneField: [Double] = []
        for _ in 0..<runs {
            try removeMigrations(after: 1, in: migrations)
            oneField.append(try CommandTimer.time(taxigen, ["migrate", "new", "--project", project, "-m", "one field"]))
        }
        report("`migrate new`, one field added", oneField)

        var check: [Double] = []
        for _ in 0..<runs { check.append(try CommandTimer.time(taxigen, ["migrate", "check", "--project", project])) }
        report("`migrate check`", check)

        if let url = ProcessInfo.processInfo.environment["TAXIWAY_TEST_DATABASE_URL"] {
            try await withDatabase(adminURL: url) { database in
                try removeMigrations(after: 1, in: migrations)
                _ = try CommandTimer.time(taxigen, ["migrate", "apply", "--project", project, "--database", database, "--allow-unmarked"])
                try addField(toFirstSpecIn: config.resolve(config.specsDirectory), undo: true)
                var status: [Double] = []
                for _ in 0..<runs {
                    status.append(try CommandTimer.time(taxigen, ["migrate", "status", "--project", project, "--database", database]))
                }
                report("`migrate status` (applied database)", status)
                try addField(toFirstSpecIn: config.resolve(config.specsDirectory))
            }
        }

        try removeMigrations(after: 1, in: migrations)
        try phases(config: config, runs: runs)
        print("\nMedians of \(runs) runs; the commands run as their own processes, project under \(writeDirectory).")
    }

    private static func report(_ label: String, _ values: [Double]) {
        print("| \(label) | \(String(format: "%.0f ms", Measurement.median(values) * 1000)) | \(values.count) |")
    }

    /// The one-field `migrate new` in this process, phase by phase.
    private static func phases(config: ProjectConfig, runs: Int) throws {
        var samples: [String: [Double]] = [:]
        var order: [String] = []
        func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            if !order.contains(label) { order.append(label) }
            let (result, sample) = try Measurement.measure(body)
            samples[label, default: []].append(sample.seconds)
            return result
        }
        for _ in 0..<runs {
            let project = MigrationProject(config: config)
            let history = try time("read the history (files, checksums, snapshots)") { try project.history() }
            var log = DiagnosticLog()
            guard let schema = time("load and check the specs", { project.schema(into: &log) }) else {
                throw MigrationError("the specs have errors")
            }
            let ddl = try project.freshDDL()
            let migration = try time("diff, plan and render the files") {
                try NewMigration.prepare(history: history, schema: schema, message: "one field", ddl: ddl, into: &log)
            }
            guard let migration else { throw MigrationError("no change planned") }
            let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("taxigen-bench-write-" + UUID().uuidString)
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try time("checksum and write the files") { try migration.write(to: scratch, history: history) }
        }
        print("\n| phase of the one-field `migrate new` (in process) | median |")
        print("|---|---:|")
        for label in order { print("| \(label) | \(String(format: "%.0f ms", Measurement.median(samples[label]!) * 1000)) |") }
    }

    /// Adds (or, with `undo`, removes) a nullable field at the end of the alphabetically first spec.
    private static func addField(toFirstSpecIn directory: String, undo: Bool = false) throws {
        let name = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()[0]
        let path = (directory as NSString).appendingPathComponent(name)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let line = "  bench_nickname: { type: string, max_length: 80, nullable: true }\n"
        if undo {
            text = text.replacingOccurrences(of: line, with: "")
        } else if let fields = text.range(of: "fields:\n") {
            text.insert(contentsOf: line, at: fields.upperBound)
        } else {
            throw MigrationError("\(path) has no `fields:` line to add a field under")
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func removeMigrations(after count: Int, in directory: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            if let number = Int(name.prefix(4)), number > count {
                try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Creates a database beside the one `adminURL` names, runs `body` with its URL, and drops it.
    private static func withDatabase(adminURL: String, _ body: (String) async throws -> Void) async throws {
        guard var components = URLComponents(string: adminURL) else { throw MigrationError("not a URL: \(adminURL)") }
        let name = "taxigen_bench_migrate_\(UInt32.random(in: 0..<UInt32.max))"
        try await BenchDatabase.execute(adminURL: adminURL, "CREATE DATABASE \(name)")
        components.path = "/" + name
        do {
            try await body(components.string!)
        } catch {
            try? await BenchDatabase.execute(adminURL: adminURL, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
        try await BenchDatabase.execute(adminURL: adminURL, "DROP DATABASE \(name) WITH (FORCE)")
    }
}
