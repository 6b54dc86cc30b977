import Foundation
import TaxigenCore

/// The command a user runs, end to end: `taxigen generate` (the release binary beside this one) on a
/// project of N synthesized specs on disk, as its own process. "new" generates into a folder that does not
/// exist yet; "again" runs once more over the tree it wrote, where nothing changes. With
/// `TAXIGEN_BENCH_KEEP` set, the project is kept (its path is printed), to profile the command on it.
enum CommandBenchmark {
    static func run(sizes: [Int], runs: Int, writeDirectory: String) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("taxigen").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            FileHandle.standardError.write(Data("build it first: swift build -c release --product taxigen (\(executable))\n".utf8))
            exit(69)
        }
        print("| entities | `taxigen generate`, new | `taxigen generate`, again | files |")
        print("|---:|---:|---:|---:|")
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
            var new: [Double] = [], again: [Double] = []
            for _ in 0..<runs {
                try? FileManager.default.removeItem(atPath: output)
                new.append(try time(executable, in: project))
                again.append(try time(executable, in: project))
            }
            let files = try LocalFileSystem().files(under: output).count
            func ms(_ values: [Double]) -> String { String(format: "%.0f ms", Measurement.median(values) * 1000) }
            print("| \(size) | \(ms(new)) | \(ms(again)) | \(files) |")
        }
        print("\nMedians of \(runs) runs of the release binary as its own process, project under \(writeDirectory).")
    }

    /// The wall time of one `taxigen generate` in `project`, spawned and waited for with `posix_spawn` and
    /// `waitpid`, so that nothing but the child's run is timed; a failure stops the benchmark.
    private static func time(_ executable: String, in project: String) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "generate", "--project", project]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, &argv, environ) == 0 else {
            FileHandle.standardError.write(Data("cannot start \(executable)\n".utf8))
            exit(1)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else {
            FileHandle.standardError.write(Data("taxigen generate failed (wait status \(status))\n".utf8))
            exit(1)
        }
        return seconds
    }
}
