import Foundation
import TaxigenCore

/// The generator benchmark: parse, check, render and write for synthesized N-entity spec sets, plus the
/// parse-only floor (Yams composing the documents, nothing else).
enum GeneratorBenchmark {
    static func run(sizes: [Int], runs: Int, writeDirectory: String) throws {
        print("| entities | spec bytes | YAML floor | parse | check | plan+render | write | total | rewrite | peak MB | files | output MB |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size in sizes {
            let specs = SpecSynthesizer.specs(count: size)
            let sources = specs.map { SpecLoader.Source(path: $0.path, text: $0.text) }
            let bytes = specs.reduce(0) { $0 + $1.text.utf8.count }
            var floor: [Double] = [], parse: [Double] = [], check: [Double] = [], render: [Double] = []
            var write: [Double] = [], total: [Double] = [], rewrite: [Double] = [], peak: [Double] = []
            var fileCount = 0
            var outputBytes = 0
            let repetitions = size >= 10_000 ? max(3, runs / 2) : runs
            for _ in 0..<repetitions {
                let floorSeconds = try Measurement.yamlFloor(sources.map(\.text))
                var log = DiagnosticLog()
                let (documents, parseSample) = Measurement.measure { SpecLoader.load(sources, into: &log) }
                let (schema, checkSample) = Measurement.measure { Checker.check(documents, into: &log) }
                guard let schema else { throw DiagnosticsError(log.sorted) }
                let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
                let templates = try TemplateSet.defaults()
                let (files, renderSample) = try Measurement.measure { try generator.generate(schema, with: templates) }
                let directory = (writeDirectory as NSString).appendingPathComponent("taxigen-bench-" + UUID().uuidString)
                let (_, writeSample) = try Measurement.measure { try OutputWriter(root: directory).write(files) }
                let (_, rewriteSample) = try Measurement.measure { try OutputWriter(root: directory).write(files) }
                rewrite.append(rewriteSample.seconds)
                try? FileManager.default.removeItem(atPath: directory)
                fileCount = files.count
                outputBytes = files.reduce(0) { $0 + $1.contents.utf8.count }
                floor.append(floorSeconds)
                parse.append(parseSample.seconds)
                check.append(checkSample.seconds)
                render.append(renderSample.seconds)
                write.append(writeSample.seconds)
                total.append(parseSample.seconds + checkSample.seconds + renderSample.seconds + writeSample.seconds)
                peak.append([parseSample, checkSample, renderSample, writeSample].map(\.peakMegabytes).max() ?? 0)
            }
            func ms(_ values: [Double]) -> String { String(format: "%.1f ms", Measurement.median(values) * 1000) }
            print("| \(size) | \(bytes) | \(ms(floor)) | \(ms(parse)) | \(ms(check)) | \(ms(render)) | \(ms(write)) | \(ms(total)) | \(ms(rewrite)) | \(String(format: "%.0f", Measurement.median(peak))) | \(fileCount) | \(String(format: "%.1f", Double(outputBytes) / 1_000_000)) |")
        }
        print("\nMedians of \(runs) runs (3 at 10,000 entities), writing under \(writeDirectory); peak MB is the process's resident set high-water mark during the phase.")
    }

    /// `taxigen-bench generator --project DIR`: the phases of `taxigen generate` on a project of real specs
    /// (what `../shared/bench/to_taxigen.py 1000 DIR` writes, say), in this process, over its existing output:
    /// listing and reading the specs, parsing, checking, loading the templates, planning and rendering, and
    /// comparing with (or writing) the output folder, and the YAML floor of its specs. Generate the project once first.
    static func phases(project: String, runs: Int) throws {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project, into: &log)
        let generator = Generator(config: config)
        var samples: [String: [Double]] = [:]
        let names = ["read", "parse", "check", "templates", "plan+render", "write (unchanged)", "total", "YAML floor"]
        for _ in 0..<runs {
            var log = DiagnosticLog()
            let (sources, read) = Measurement.measure { generator.readSpecs(into: &log) }
            let floor = try Measurement.yamlFloor((sources ?? []).map(\.text))
            let (documents, parse) = Measurement.measure { SpecLoader.load(sources ?? [], into: &log) }
            let (schema, check) = Measurement.measure { generator.check(documents, into: &log) }
            guard let schema else { throw DiagnosticsError(log.sorted) }
            let (templates, loading) = try Measurement.measure { try generator.templates() }
            let (files, render) = try Measurement.measure { try generator.generate(schema, with: templates) }
            let (_, write) = try Measurement.measure {
                try OutputWriter(root: config.resolve(config.outputDirectory)).write(files)
            }
            let phases = [read, parse, check, loading, render, write].map(\.seconds)
            for (name, seconds) in zip(names, phases + [phases.reduce(0, +), floor]) { samples[name, default: []].append(seconds) }
        }
        print("| phase | ms, median (min–max) |")
        print("|---|---:|")
        for name in names {
            let values = samples[name] ?? []
            print(String(format: "| %@ | %.1f (%.1f–%.1f) |", name, Measurement.median(values) * 1000,
                         (values.min() ?? 0) * 1000, (values.max() ?? 0) * 1000))
        }
        print("\nMedians of \(runs) runs in this process, over the project's existing output. The YAML floor is Yams")
        print("composing the same specs on one thread and nothing else (not part of the total): it measures the machine.")
    }
}
