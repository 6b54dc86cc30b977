import Foundation
import TaxigenCore
import TaxigenFuzz
import Testing

/// The real judges for migrations, on random specs. For every fuzzer project taxigen accepts, `taxigen migrate
/// new` writes the first migration, then one for a change to every spec. PostgreSQL applies both with `migrate
/// apply`, and `db diff` then finds no drift from the changed specs; after a downgrade to the first migration
/// (when the change is reversible) it finds none from the first specs. The CLI runs as a user runs it.
@Suite("The migration judge")
struct RandomSpecMigrationTests {
    /// The fuzzer seeds CI runs (the same generator as the judges of `generate`, other seeds), in two halves
    /// that run side by side: each project is judged by CLI processes and servers of its own.
    static let seeds: [ClosedRange<UInt64>] = [19_000...19_060, 19_061...19_120]

    /// A change that widens: two fields added at the top of `fields:` (one nullable, one NOT NULL with a
    /// default) and every `max_length` widened by 10. Reversible.
    static func widened(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let fields = lines.firstIndex(of: "fields:") {
            lines.insert(contentsOf: ["  zz_extra: { type: string, max_length: 40, nullable: true }",
                                      "  zz_count: { type: int, default: 3 }"], at: fields + 1)
        }
        return lines.map { line in changingNumber(after: "max_length: ", in: line) { $0 + 10 } }.joined(separator: "\n")
    }

    /// A change that narrows and drops: every `max_length` halved, a value added to every enum, and the last
    /// one-line field of each entity removed (its column dropped). Specs that then refer to a removed field
    /// (an index, a query) are refused, and skipped.
    static func narrowed(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n").map { line in
            var line = changingNumber(after: "max_length: ", in: line) { max(1, $0 / 2) }
            if let values = line.range(of: "values: ["), let close = line[values.upperBound...].firstIndex(of: "]") {
                line.insert(contentsOf: ", zz_new", at: close)
            }
            return line
        }
        if let fields = lines.firstIndex(of: "fields:") {
            let entries = lines[(fields + 1)...].prefix { $0.hasPrefix("  ") }.indices
            let singleLine = entries.filter { !lines[$0].hasPrefix("   ") && lines[$0].contains(": {") && lines[$0].hasSuffix("}") }
            if entries.filter({ !lines[$0].hasPrefix("   ") }).count > 1, let last = singleLine.last { lines.remove(at: last) }
        }
        return lines.joined(separator: "\n")
    }

    /// `line` with the number after `label` changed by `change`.
    private static func changingNumber(after label: String, in line: String, _ change: (Int) -> Int) -> String {
        guard let range = line.range(of: label) else { return line }
        let digits = line[range.upperBound...].prefix { $0.isNumber }
        guard let value = Int(digits) else { return line }
        return line.replacingCharacters(in: range.upperBound..<line.index(range.upperBound, offsetBy: digits.count),
                                        with: String(change(value)))
    }

    /// A fuzzer project on disk, its specs rewritten by a change on demand.
    private struct ProjectFolder {
        let project: FuzzProject
        let path: String

        init(seed: UInt64, change: String) throws {
            var fuzzer = SpecFuzzer(seed: seed)
            project = fuzzer.project()
            path = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-migration-judge-\(change)-\(seed)").path
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path + "/specs", withIntermediateDirectories: true)
            try "specs: specs\noutput: Generated\nmodule: JudgedMigrations\nmigrations: migrations\n"
                .write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
            try writeSpecs { $0 }
        }

        func writeSpecs(_ change: (String) -> String) throws {
            for spec in project.specs {
                let file = path + "/" + spec.path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try change(spec.text).write(toFile: file, atomically: true, encoding: .utf8)
            }
        }

        var hasVectors: Bool { project.specs.contains { $0.text.contains("vector") } }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Applies the two migrations of `folder` on a new database of `server`, compares with `db diff`, and
    /// downgrades when the second migration is reversible; returns what broke.
    private static func judge(_ folder: ProjectFolder, on server: TestServer, change: @escaping (String) -> String) async throws -> [String] {
        try await server.withFreshDatabase { database in
            let url = try server.url(database: database)
            var problems: [String] = []
            func step(_ arguments: [String]) async throws -> Bool {
                let run = try await CLI.run(arguments, in: folder.path)
                if run.status != 0 {
                    problems.append("\(server): `taxigen \(arguments.prefix(2).joined(separator: " "))` exited \(run.status): \(run.output.prefix(600))")
                }
                return run.status == 0
            }
            try folder.writeSpecs(change)
            guard try await step(["migrate", "apply", "--database", url]),
                  try await step(["db", "diff", "--database", url]) else { return problems }
            if let name = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/migrations").first(where: { $0.hasPrefix("0002") }),
               FileManager.default.fileExists(atPath: folder.path + "/migrations/\(name)/down.sql") {
                guard try await step(["migrate", "apply", "--database", url, "--to", "0001"]) else { return problems }
                try folder.writeSpecs { $0 }
                _ = try await step(["db", "diff", "--database", url])
            }
            return problems
        }
    }

    /// Runs the judge on every seed of `seeds` with `change` (named `name`); `mustAccept` says whether a refused
    /// change is a failure.
    private static func run(_ seeds: ClosedRange<UInt64>, change: @escaping (String) -> String, name: String,
                            mustAccept: Bool) async throws -> (judged: Int, failures: [String]) {
        var judged = 0
        var failures: [String] = []
        for seed in seeds {
            let folder = try ProjectFolder(seed: seed, change: name)
            defer { folder.remove() }
            // Refused projects are the other judges' business; a project taxigen accepts must migrate.
            guard try await CLI.run(["migrate", "new", "-m", "initial"], in: folder.path).status == 0 else { continue }
            try folder.writeSpecs(change)
            let second = try await CLI.run(["migrate", "new", "-m", "changed"], in: folder.path)
            guard second.status == 0 else {
                if mustAccept { failures.append("seed \(seed): the change was refused: \(second.output.prefix(600))") }
                continue
            }
            try folder.writeSpecs { $0 }
            judged += 1
            // PostgreSQL 15 has no pgvector: projects with vector fields are judged on 18 only.
            for server in folder.hasVectors ? [TestServer.pg18] : [.pg18, .pg15] {
                failures += try await judge(folder, on: server, change: change).map { "seed \(seed): \($0)" }
            }
        }
        return (judged, failures)
    }

    @Test("widening changes (fields added, lengths widened): applied on PostgreSQL 18 and 15 with no drift, downgraded with none",
          arguments: seeds)
    func widening(_ seeds: ClosedRange<UInt64>) async throws {
        let (judged, failures) = try await Self.run(seeds, change: Self.widened, name: "widened", mustAccept: true)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(judged >= 10, "only \(judged) of \(seeds.count) projects were accepted and migrated")
    }

    @Test("narrowing changes (lengths halved, enum values added, a field dropped): applied on PostgreSQL 18 and 15 with no drift",
          arguments: seeds)
    func narrowing(_ seeds: ClosedRange<UInt64>) async throws {
        let (judged, failures) = try await Self.run(seeds, change: Self.narrowed, name: "narrowed", mustAccept: false)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(judged >= 5, "only \(judged) of \(seeds.count) projects were accepted and migrated")
    }
}
