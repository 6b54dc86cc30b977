import Foundation
import TaxigenCore

/// The command a user runs, end to end: `taxigen generate` (the release binary beside this one) on a
/// project on disk, as its own process: N synthesized specs, or a copy of a real project (`--project DIR`,
/// what `../shared/bench/to_taxigen.py 1000 DIR` writes, say). "new" generates into a folder that does not
/// exist yet; "again" runs once more over the tree it wrote, where nothing changes (so the run is skipped,
/// see `GenerationStamp`); "again, --force" does the whole work over it anyway. With `TAXIGEN_BENCH_KEEP`
/// set, the project is kept (its path is printed), to profile the command on it.
///
/// Each row also gives the YAML floor of the same specs (Yams composing them on one thread in this process,
/// nothing else) and the `--force` run as a multiple of it: the floor measures the machine, so the multiple
/// compares runs across machines where milliseconds do not.
enum CommandBenchmark {
    /// Synthesized projects of `sizes` entities.
    static func run(sizes: [Int], runs: Int, writeDirectory: String) throws {
        printHeader()
        for size in sizes {
            let specs = SpecSynthesizer.specs(count: size)
            try measure(label: "\(size)", specs: specs.map(\.text), runs: runs, writeDirectory: writeDirectory) { project in
                for spec in specs {
                    let path = (project as NSString).appendingPathComponent(spec.path)
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                            withIntermediateDirectories: true)
                    try spec.text.write(toFile: path, atomically: false, encoding: .utf8)
                }
            }
        }
        printFooter(runs: runs, writeDirectory: writeDirectory)
    }

    /// A copy of the project at `source` (its output, if it has one, is removed before each run's "new").
    static func run(project source: String, runs: Int, writeDirectory: String) throws {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: source, into: &log)
        guard !log.hasErrors else { throw DiagnosticsError(log.sorted) }
        let generator = Generator(config: config)
        let specs = (generator.readSpecs(into: &log) ?? []).map(\.text)
        guard !log.hasErrors, !specs.isEmpty else { throw DiagnosticsError(log.sorted) }
        let label = "\(specs.count) (\((source as NSString).lastPathComponent))"
        try measure(label: label, specs: specs, runs: runs, writeDirectory: writeDirectory) { project in
            try FileManager.default.copyItem(atPath: source, toPath: project)
        }
        printFooter(runs: runs, writeDirectory: writeDirectory)
    }

    private static func printHeader() {
        print("| entities | `taxigen generate`, new | again (skipped) | again, `--force` | files | YAML floor | `--force` ÷ floor |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
    }

    private static func printFooter(runs: Int, writeDirectory: String) {
        print("\nMedians of \(runs) runs of the release binary as its own process, project under \(writeDirectory).")
    }

    /// Makes the project with `setUp` (given its folder), times the three runs `runs` times and the YAML
    /// floor of `specs` as often, and prints the row.
    private static func measure(label: String, specs: [String], runs: Int, writeDirectory: String,
                                setUp: (String) throws -> Void) throws {
        let executable = try CommandTimer.sibling("taxigen")
        let project = (writeDirectory as NSString).appendingPathComponent("taxigen-bench-project-" + UUID().uuidString)
        defer {
            if ProcessInfo.processInfo.environment["TAXIGEN_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(atPath: project)
            } else {
                FileHandle.standardError.write(Data("kept \(project)\n".utf8))
            }
        }
        try setUp(project)
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project, into: &log)
        let output = config.resolve(config.outputDirectory)
        var new: [Double] = [], again: [Double] = [], forced: [Double] = [], floor: [Double] = []
        for _ in 0..<runs {
            try? FileManager.default.removeItem(atPath: output)
            new.append(try CommandTimer.time(executable, ["generate", "--project", project], allowing: [0]))
            again.append(try CommandTimer.time(executable, ["generate", "--project", project], allowing: [0]))
            forced.append(try CommandTimer.time(executable, ["generate", "--force", "--project", project], allowing: [0]))
            floor.append(try Measurement.yamlFloor(specs))
        }
        let files = try LocalFileSystem().files(under: output).filter { !$0.hasPrefix(GenerationStamp.cacheDirectoryName + "/") }.count
        func ms(_ values: [Double]) -> String { String(format: "%.0f ms", Measurement.median(values) * 1000) }
        let multiple = Measurement.median(forced) / Measurement.median(floor)
        print("| \(label) | \(ms(new)) | \(ms(again)) | \(ms(forced)) | \(files) | \(ms(floor)) | \(String(format: "%.1f×", multiple)) |")
    }
}
