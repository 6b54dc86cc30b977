import Foundation
import TaxigenCore
import TaxigenFuzz
import Testing

/// taxigen's promise, held by the real judges on random specs: whatever it accepts, PostgreSQL 18 (with
/// pgvector) and PostgreSQL 15 (vector entities aside) apply, its defaults read back as the spec meant them,
/// swiftc compiles without a warning, and its generated tests pass; whatever it refuses, it refuses with located errors. CI runs a
/// fixed-seed sample; `taxigen-bench fuzz` runs as long as asked and prints the seed of any failure.
@Suite("The real judges", .serialized)
struct JudgeTests {
    /// The seeds CI runs. Each project takes about a second when refused, several when its Swift is compiled.
    static let seeds: ClosedRange<UInt64> = 1...52

    @Test("a fixed-seed sample of random spec projects keeps taxigen's promise")
    func fixedSeedSample() throws {
        let judge = try JudgeSetup.judge()
        var failures: [String] = []
        var accepted = 0
        var acceptedWithQueries = 0
        var tested = 0
        for seed in Self.seeds {
            var fuzzer = SpecFuzzer(seed: seed)
            let project = fuzzer.project()
            let verdict = try judge.judge(project, name: "seed\(seed)")
            if verdict.accepted { accepted += 1 }
            if verdict.ranGeneratedTests { tested += 1 }
            if verdict.accepted, project.specs.contains(where: { $0.text.contains("\nqueries:\n") }) { acceptedWithQueries += 1 }
            if !verdict.failures.isEmpty {
                failures.append("seed \(seed) (\(verdict.accepted ? "accepted" : "refused")):\n  "
                    + verdict.failures.joined(separator: "\n  "))
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.seeds.count) projects broke the promise:\n\(failures.joined(separator: "\n"))")
        // The sample must exercise both paths, or it proves nothing about one of them.
        #expect(accepted >= 8, "only \(accepted) of \(Self.seeds.count) projects were accepted")
        #expect(accepted <= Self.seeds.count - 8, "only \(Self.seeds.count - accepted) projects were refused")
        // Named queries reach swiftc (their methods and their EXPLAIN tests) in some accepted projects.
        #expect(acceptedWithQueries >= 2, "only \(acceptedWithQueries) accepted projects declare named queries")
        // Every accepted project's generated tests ran against PostgreSQL (they run whenever its Swift compiled).
        #expect(tested == accepted, "the generated tests ran for \(tested) of \(accepted) accepted projects")
    }

    @Test("every regression case the judges found keeps the promise", arguments: JudgeSetup.regressionCases())
    func regression(_ name: String) throws {
        let judge = try JudgeSetup.judge()
        let project = try JudgeSetup.loadRegression(name)
        let verdict = try judge.judge(project, name: "regression_\(name)")
        #expect(verdict.failures.isEmpty, "\(name) (\(verdict.accepted ? "accepted" : "refused")):\n  \(verdict.failures.joined(separator: "\n  "))")
    }
}

/// The judges of the test servers and of the package's own build.
enum JudgeSetup {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The judge of the test servers and the package's build; `runsGeneratedTests` as ``Judge`` says.
    static func judge(runsGeneratedTests: Bool = true) throws -> Judge {
        let environment = ProcessInfo.processInfo.environment
        let pg18 = try #require(environment["TAXIWAY_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                                "run through scripts/with-test-databases: TAXIWAY_TEST_DATABASE_URL is not set")
        let pg15 = try #require(environment["TAXIWAY_TEST_PG15_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                                "run through scripts/with-test-databases: TAXIWAY_TEST_PG15_DATABASE_URL is not set")
        let servers = [
            (judge: try #require(PostgresJudge(label: "PostgreSQL 18", url: pg18), "psql is not installed"), hasVector: true),
            (judge: try #require(PostgresJudge(label: "PostgreSQL 15", url: pg15), "psql is not installed"), hasVector: false),
        ]
        let swift = try #require(SwiftJudge(buildDescription: root + "/.build/debug.yaml"),
                                 "the package's build description has no ExampleDomain command: build with `swift build --build-tests`")
        let work = NSTemporaryDirectory() + "taxigen-judge-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        return Judge(postgres: servers, swift: swift, workDirectory: work, runsGeneratedTests: runsGeneratedTests)
    }

    /// The Swift judge alone, with the flags of the package's own build (nil before `swift build --build-tests`).
    static func swiftJudge() -> SwiftJudge? {
        SwiftJudge(buildDescription: root + "/.build/debug.yaml")
    }

    /// The regression cases: one folder each under `Tests/JudgeTests/Regressions`, holding `taxigen.yaml` and `specs/`.
    static func regressionCases() -> [String] {
        let folder = root + "/Tests/JudgeTests/Regressions"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(folder)/\($0)/specs") }.sorted()
    }

    static func loadRegression(_ name: String) throws -> FuzzProject {
        let folder = "\(root)/Tests/JudgeTests/Regressions/\(name)"
        return try FuzzProject(contentsOf: folder)
    }
}
