import Foundation
import TaxigenCore
import TaxigenFuzz

/// `taxigen-bench compile --package DIR --sources DIR[,DIR…] [--runs 7]`: how long the debug build takes to
/// compile a folder of generated Swift as one module, the way SwiftPM compiles the `ExampleDomain` target.
///
/// It takes that target's compiler invocation from the package's debug build (`DIR/.build/debug.yaml`, so
/// build the package in debug first), replaces its sources by every `.swift` file under `--sources`, and
/// runs it (compile and emit the module, as a build does) in a scratch folder. Timing the compiler alone
/// leaves out SwiftPM's planning, which costs the same whatever is compiled. Several packages (an older
/// checkout of this repository, say) measure their own generated code with their own Taxiway.
enum CompileBenchmark {
    static func run(package: String, sources: [String], runs: Int) throws {
        let invocation = try compilerInvocation(package: package, module: "ExampleDomain")
        var files: [String] = []
        for directory in sources {
            let found = try LocalFileSystem().files(under: directory).filter { $0.hasSuffix(".swift") }
            files += found.map { (directory as NSString).appendingPathComponent($0) }.sorted()
        }
        let lines = try files.reduce(0) { count, path in
            count + (try String(contentsOfFile: path, encoding: .utf8)).utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        }
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("taxigen-bench-compile-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let arguments = Array(invocation.dropFirst()) + files
            + ["-c", "-emit-module", "-emit-module-path", (scratch as NSString).appendingPathComponent("Module.swiftmodule")]
        // The first run fills the module cache; it is not counted.
        _ = try CommandTimer.timeWithCPU(invocation[0], arguments, in: scratch)
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<runs {
            let (seconds, processor) = try CommandTimer.timeWithCPU(invocation[0], arguments, in: scratch)
            wall.append(seconds)
            cpu.append(processor)
        }
        print("| files | lines | wall, median (min) | CPU, median (min) |")
        print("|---:|---:|---:|---:|")
        print(String(format: "| %d | %d | %.2f s (%.2f) | %.2f s (%.2f) |", files.count, lines, Measurement.median(wall),
                     wall.min() ?? 0, Measurement.median(cpu), cpu.min() ?? 0))
        print("\n\(runs) runs of the debug compile (compile and emit module) with the flags of \(package)'s ExampleDomain.")
    }

    /// The compiler invocation SwiftPM wrote for `module` in the package's debug build (read as the Swift
    /// judge reads it), without its sources, its output paths and incremental-build flags.
    static func compilerInvocation(package: String, module: String) throws -> [String] {
        let description = try String(contentsOfFile: (package as NSString).appendingPathComponent(".build/debug.yaml"), encoding: .utf8)
        guard let all = SwiftJudge.compileArguments(ofModule: module, in: description) else {
            FileHandle.standardError.write(Data("no \(module) compile command in \(package)/.build/debug.yaml: swift build it first\n".utf8))
            exit(69)
        }
        var kept: [String] = []
        var skipNext = false
        for argument in all {
            if skipNext { skipNext = false; continue }
            if ["-output-file-map", "-emit-module-path", "-emit-objc-header-path"].contains(argument) { skipNext = true; continue }
            if ["-emit-dependencies", "-incremental", "-parseable-output", "-emit-module", "-emit-objc-header"].contains(argument)
                || argument.hasPrefix("@") || argument.hasSuffix(".swift") {
                continue
            }
            kept.append(argument)
        }
        return kept
    }
}
