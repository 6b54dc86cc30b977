import Foundation
import TaxigenCore

/// The command a user runs, end to end: `taxigen generate` (the release binary beside this one) on a
/// project of N synthesized specs on disk, as its own process. "new" generates into a folder that does not
/// exist yet; "again" runs once more over the tree it wrote, where nothing changes (so the run is skipped,
/// see `GenerationStamp`); "again, --force" does the whole work over it anyway. With
/// `TAXIGEN_BENCH_KEEP` set, the project is kept (its path is printed), to profile the command on it.
enum CommandBenchmark {
    static func run(sizes: [Int], runs: Int, writeDirectory: String) throws {
        let executable = try CommandTimer.sibling("taxigen")
        print("| entities | `taxigen generate`, new | again (skipped) | again, `--force` | files |")
        print("|---:|---:|---:|---:|---:|")
        for size in sizes {
            let project = (writeDirectory as NSString).appendingPathComponent("taxigen-bench-project-" + UUID().uuidString)
            defer {
                if ProcessInfo.processInfo.environment["TAXIGEN_BENCH_KEEP"] == nil {
                    try? FileManager.default.removeItem(atPath: project)
                } else {
                    FileHandle.standardError.write(Data("kept \(project)\n".utf8))
                }
            }
            for spec in SpecSynthesizer.specs(count: size) {
                let path = (project as NSString).appendingPathComponent(spec.path)
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try spec.text.write(toFile: path, atomically: false, encoding: .utf8)
            }
            let output = (project as NSString).appendingPathComponent("Generated")
            var new: [Double] = [], again: [Double] = [], forced: [Double] = []
            for _ in 0..<runs {
                try? FileManager.default.removeItem(atPath: output)
                new.append(try CommandTimer.time(executable, ["generate", "--project", project], allowing: [0]))
                again.append(try CommandTimer.time(executable, ["generate", "--project", project], allowing: [0]))
                forced.append(try CommandTimer.time(executable, ["generate", "--force", "--project", project], allowing: [0]))
            }
            let files = try LocalFileSystem().files(under: output).filter { !$0.hasPrefix(GenerationStamp.cacheDirectoryName + "/") }.count
            func ms(_ values: [Double]) -> String { String(format: "%.0f ms", Measurement.median(values) * 1000) }
            print("| \(size) | \(ms(new)) | \(ms(again)) | \(ms(forced)) | \(files) |")
        }
        print("\nMedians of \(runs) runs of the release binary as its own process, project under \(writeDirectory).")
    }
}
