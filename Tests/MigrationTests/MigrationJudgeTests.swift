import Foundation
import TaxigenCore
import TaxigenFuzz
import Testing

/// The real judges for migrations, on random specs: for every fuzzer project taxigen accepts, `taxigen migrate
/// new` writes the first migration and then one for a change to every spec (a nullable field, a NOT NULL field
/// with a default, every `max_length` widened); PostgreSQL 18 applies both with `migrate apply`, `db diff` then
/// finds no drift from the changed specs, and after the downgrade to the first migration none from the first
/// specs. The CLI runs as a user runs it.
@Suite("The migration judge", .serialized)
struct MigrationJudgeTests {
    /// The fuzzer seeds CI runs (the same generator as the judges of `generate`, other seeds).
    static let seeds: ClosedRange<UInt64> = 19_000...19_120

    /// `text` with two fields added at the top of its `fields:` and every `max_length` widened by 10.
    static func changed(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let fields = lines.firstIndex(of: "fields:") {
            lines.insert(contentsOf: ["  zz_extra: { type: string, max_length: 40, nullable: true }",
                                      "  zz_count: { type: int, default: 3 }"], at: fields + 1)
        }
        return lines.map { line in
            guard let range = line.range(of: "max_length: ") else { return line }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            guard let value = Int(digits) else { return line }
            return line.replacingCharacters(in: range.upperBound..<line.index(range.upperBound, offsetBy: digits.count),
                                            with: String(value + 10))
        }.joined(separator: "\n")
    }

    @Test("random accepted projects: two migrations applied with no drift, and downgraded with none")
    func randomProjects() async throws {
        var judged = 0
        var failures: [String] = []
        for seed in Self.seeds {
            var fuzzer = SpecFuzzer(seed: seed)
            let project = fuzzer.project()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-migration-judge-\(seed)").path
            try? FileManager.default.removeItem(atPath: directory)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try FileManager.default.createDirectory(atPath: directory + "/specs", withIntermediateDirectories: true)
            try "specs: specs\noutput: Generated\nmodule: JudgedMigrations\nmigrations: migrations\n"
                .write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
            func writeSpecs(_ transform: (String) -> String) throws {
                for spec in project.specs {
                    let path = directory + "/" + spec.path
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try transform(spec.text).write(toFile: path, atomically: true, encoding: .utf8)
                }
            }
            try writeSpecs { $0 }
            // Refused projects are the other judges' business; a project taxigen accepts must migrate.
            guard try await CLI.run(["migrate", "new", "-m", "initial"], in: directory).status == 0 else { continue }
            try writeSpecs(Self.changed)
            guard try await CLI.run(["migrate", "new", "-m", "changed"], in: directory).status == 0 else {
                failures.append("seed \(seed): the change to accepted specs was refused")
                continue
            }
            judged += 1
            let problems: [String] = try await TestServer.withFreshDatabase { database in
                let url = try TestServer.url(database: database)
                var problems: [String] = []
                func step(_ arguments: [String]) async throws -> Bool {
                    let run = try await CLI.run(arguments, in: directory)
                    if run.status != 0 { problems.append("`taxigen \(arguments.prefix(2).joined(separator: " "))` exited \(run.status): \(run.output.prefix(600))") }
                    return run.status == 0
                }
                guard try await step(["migrate", "apply", "--database", url]),
                      try await step(["db", "diff", "--database", url]) else { return problems }
                if FileManager.default.fileExists(atPath: directory + "/migrations/0002_changed/down.sql") {
                    guard try await step(["migrate", "apply", "--database", url, "--to", "0001"]) else { return problems }
                    try writeSpecs { $0 }
                    _ = try await step(["db", "diff", "--database", url])
                }
                return problems
            }
            failures += problems.map { "seed \(seed): \($0)" }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(judged >= 5, "only \(judged) of \(Self.seeds.count) projects were accepted and migrated")
    }
}
