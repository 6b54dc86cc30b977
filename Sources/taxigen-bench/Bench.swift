import Foundation

/// `taxigen-bench [generator] [--sizes 10,100,1000,10000] [--runs 5] [--write-dir DIR]`: prints a Markdown
/// table of medians. `taxigen-bench command [--sizes 1000 | --project DIR] [--runs 5] [--write-dir DIR]` times
/// the release `taxigen generate` as its own process. `taxigen-bench repository [--rows 2000] [--runs 5] [--batch-size 2000]` benchmarks the
/// generated repositories against the test database (`TAXIWAY_TEST_DATABASE_URL`); `taxigen-bench executor
/// [--rows 3000] [--runs 5]` times one statement through Taxiway's `Database` against PostgresNIO's pool;
/// `taxigen-bench routing [--rows 2000] [--runs 5]` times a get through a `Database` with a read replica against a
/// plain `Database` on that replica (`RoutingBenchmark`);
/// `taxigen-bench json [--rows N] [--runs 5]` times request bodies decoded and responses encoded by the generated
/// `Codable` against derived twins (`JSONBenchmark`);
/// `taxigen-bench observability [--rows 2000] [--runs 5]` times a get with observability off and on (`ObservabilityBenchmark`);
/// `taxigen-bench traits [--rows 2000] [--runs 5]` times history on create and update, and tenancy on a get (`TraitsBenchmark`);
/// `taxigen-bench migrate --project DIR [--runs 5]` times `migrate new`, `check` and `status` on a project (`MigrateBenchmark`);
/// `taxigen-bench compile --package DIR --sources DIR [--runs 7]` times the debug compile of generated Swift (`CompileBenchmark`);
/// `taxigen-bench fuzz [--seconds 600] [--seed 1] [--count N] [--no-tests]` holds random specs to the real judges (`FuzzRun`).
@main
struct Bench {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let suite = arguments.first.map { $0.hasPrefix("--") ? "generator" : arguments.removeFirst() } ?? "generator"
        var sizes = [10, 100, 1000, 10_000]
        var runs = 5
        var writeDirectory = NSTemporaryDirectory()
        var repositoryOptions = RepositoryBenchmark.Options()
        var fuzzOptions = FuzzRun.Options()
        var project: String?
        var package: String?
        var sources: [String] = []
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--sizes":
                sizes = arguments[index + 1].split(separator: ",").compactMap { Int($0) }
                index += 2
            case "--write-dir":
                writeDirectory = arguments[index + 1]
                index += 2
            case "--runs":
                runs = Int(arguments[index + 1]) ?? runs
                repositoryOptions.runs = runs
                index += 2
            case "--rows":
                repositoryOptions.rows = Int(arguments[index + 1]) ?? repositoryOptions.rows
                index += 2
            case "--batch-size":
                repositoryOptions.batchSize = Int(arguments[index + 1]) ?? repositoryOptions.batchSize
                index += 2
            case "--seconds":
                fuzzOptions.seconds = Double(arguments[index + 1]) ?? fuzzOptions.seconds
                index += 2
            case "--seed":
                fuzzOptions.seed = UInt64(arguments[index + 1]) ?? fuzzOptions.seed
                index += 2
            case "--package":
                package = arguments[index + 1]
                index += 2
            case "--sources":
                sources = arguments[index + 1].split(separator: ",").map(String.init)
                index += 2
            case "--project":
                project = arguments[index + 1]
                index += 2
            case "--verbose":
                fuzzOptions.verbose = true
                index += 1
            case "--no-tests":
                fuzzOptions.runsGeneratedTests = false
                index += 1
            case "--count":
                fuzzOptions.count = Int(arguments[index + 1]) ?? fuzzOptions.count
                index += 2
            default:
                FileHandle.standardError.write(Data("unknown argument \(arguments[index])\n".utf8))
                exit(64)
            }
        }
        switch suite {
        case "generator":
            if let project {
                try GeneratorBenchmark.phases(project: project, runs: runs)
            } else {
                try GeneratorBenchmark.run(sizes: sizes, runs: runs, writeDirectory: writeDirectory)
            }
        case "repository":
            try await RepositoryBenchmark.run(repositoryOptions)
        case "command":
            if let project {
                try CommandBenchmark.run(project: project, runs: runs, writeDirectory: writeDirectory)
            } else {
                try CommandBenchmark.run(sizes: sizes, runs: runs, writeDirectory: writeDirectory)
            }
        case "templates":
            try TemplateBreakdown.run(entities: sizes.first ?? 100)
        case "executor":
            try await ExecutorBenchmark.run(statements: repositoryOptions.rows, runs: runs)
        case "routing":
            try await RoutingBenchmark.run(gets: repositoryOptions.rows, runs: runs)
        case "json":
            try JSONBenchmark.run(count: repositoryOptions.rows, runs: runs)
        case "observability":
            try await ObservabilityBenchmark.run(gets: repositoryOptions.rows, runs: runs)
        case "traits":
            try await TraitsBenchmark.run(rows: repositoryOptions.rows, runs: runs)
        case "fuzz":
            fuzzOptions.project = project
            try FuzzRun.run(fuzzOptions)
        case "compile":
            guard let package, !sources.isEmpty else {
                FileHandle.standardError.write(Data("taxigen-bench compile --package DIR --sources DIR[,DIR…] [--runs N]\n".utf8))
                exit(64)
            }
            try CompileBenchmark.run(package: package, sources: sources, runs: runs)
        case "migrate":
            guard let project else {
                FileHandle.standardError.write(Data("taxigen-bench migrate --project DIR: a project such as `python3 ../shared/bench/to_taxigen.py 1000 DIR` writes\n".utf8))
                exit(64)
            }
            try await MigrateBenchmark.run(project: project, runs: runs, writeDirectory: writeDirectory)
        default:
            FileHandle.standardError.write(Data("unknown suite \(suite); use: generator, command, compile, migrate, templates, repository, executor, observability, routing, traits, fuzz\n".utf8))
            exit(64)
        }
    }
}
