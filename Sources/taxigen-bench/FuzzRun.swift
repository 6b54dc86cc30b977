import Foundation
import TaxigenFuzz

/// `taxigen-bench fuzz [--seconds 600] [--seed 1]`: judges random spec projects, one seed after another, for
/// as long as asked (each accepted project's generated tests run too, unless `--no-tests`), and prints the seed of every project that broke taxigen's promise (reproduce one with
/// `--seed N --count 1`). `taxigen-bench fuzz --project DIR` judges one hand-written project instead (a
/// folder with `taxigen.yaml` and `specs/`, as a regression case under `Tests/JudgeTests/Regressions`). Needs the test servers (`scripts/with-test-databases`) and a debug build of the
/// package with its tests (`swift build --build-tests`), whose flags the Swift judge reuses.
enum FuzzRun {
    struct Options {
        var seconds = 600.0
        var seed: UInt64 = 1
        var count = Int.max
        var verbose = false
        /// A hand-written project folder to judge instead of random ones.
        var project: String?
        /// Whether accepted projects' generated tests are run (`--no-tests` leaves them compiled only).
        var runsGeneratedTests = true
    }

    static func run(_ options: Options) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let pg18 = environment["TAXIWAY_TEST_DATABASE_URL"], let pg15 = environment["TAXIWAY_TEST_PG15_DATABASE_URL"],
              let judge18 = PostgresJudge(label: "PostgreSQL 18", url: pg18),
              let judge15 = PostgresJudge(label: "PostgreSQL 15", url: pg15)
        else {
            FileHandle.standardError.write(Data("taxigen-bench fuzz: run it under the test servers (psql needed):\n  scripts/with-test-databases swift run taxigen-bench fuzz\n".utf8))
            exit(2)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        guard let swift = SwiftJudge(buildDescription: root + "/.build/debug.yaml") else {
            FileHandle.standardError.write(Data("taxigen-bench fuzz: build the package with its tests first (swift build --build-tests)\n".utf8))
            exit(2)
        }
        let work = NSTemporaryDirectory() + "taxigen-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let judge = Judge(postgres: [(judge18, true), (judge15, false)], swift: swift, workDirectory: work,
                          runsGeneratedTests: options.runsGeneratedTests)
        if let folder = options.project {
            let verdict = try judge.judge(FuzzProject(contentsOf: folder), name: "project")
            print("\(folder): \(verdict.accepted ? "accepted" : "refused") in \(verdict.checkDuration)")
            for diagnostic in verdict.diagnostics { print("  \(diagnostic)") }
            for failure in verdict.failures { print("FAIL \(failure)") }
            exit(verdict.failures.isEmpty ? 0 : 1)
        }

        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(options.seconds * 1000))
        var seed = options.seed
        var judged = 0, accepted = 0, tested = 0, failed: [UInt64] = []
        var slowestRefusal = Duration.zero
        while clock.now < deadline, judged < options.count {
            var fuzzer = SpecFuzzer(seed: seed)
            let verdict = try judge.judge(fuzzer.project(), name: "seed\(seed)")
            judged += 1
            if verdict.ranGeneratedTests { tested += 1 }
            if verdict.accepted { accepted += 1 } else { slowestRefusal = max(slowestRefusal, verdict.checkDuration) }
            if options.verbose {
                print(verdict.accepted
                    ? "accepted seed \(seed)\(verdict.ranGeneratedTests ? ", its generated tests run" : "")"
                    : "refused seed \(seed): \(verdict.diagnostics.first.map { String($0.prefix(300)) } ?? "")")
            }
            if options.count == 1 {
                var again = SpecFuzzer(seed: seed)
                for spec in again.project().specs { print("--- \(spec.path)\n\(spec.text)") }
            }
            if !verdict.failures.isEmpty {
                failed.append(seed)
                print("FAIL seed \(seed) (\(verdict.accepted ? "accepted" : "refused")):")
                for failure in verdict.failures { print("  \(failure)") }
            }
            seed &+= 1
            if judged % 25 == 0 {
                print("fuzz: \(judged) projects so far, \(accepted) accepted, \(failed.count) failed")
            }
        }
        print("fuzz: \(judged) projects (seeds \(options.seed)…\(seed &- 1)), \(accepted) accepted (\(tested) with their generated tests run), "
              + "\(judged - accepted) refused, \(failed.count) failed; slowest refusal \(slowestRefusal)")
        if !failed.isEmpty {
            print("failed seeds: \(failed.map(String.init).joined(separator: " "))")
            exit(1)
        }
    }
}
