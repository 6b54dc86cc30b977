import Foundation
import TaxigenCore

/// Where render time goes: every planned file of a synthesized domain rendered on one thread, grouped by
/// template, with the bytes each template writes (`taxigen-bench templates [--sizes 100]`).
enum TemplateBreakdown {
    static func run(entities: Int) throws {
        let sources = SpecSynthesizer.specs(count: entities).map { SpecLoader.Source(path: $0.path, text: $0.text) }
        var log = DiagnosticLog()
        guard let schema = Checker.check(SpecLoader.load(sources, into: &log), into: &log) else {
            throw DiagnosticsError(log.sorted)
        }
        let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
        let templates = try TemplateSet.defaults()
        var seconds: [String: Double] = [:], bytes: [String: Int] = [:], files: [String: Int] = [:]
        for file in generator.plan(schema) {
            let start = DispatchTime.now().uptimeNanoseconds
            let text = try templates.render(file)
            seconds[file.template, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            bytes[file.template, default: 0] += text.utf8.count
            files[file.template, default: 0] += 1
        }
        let total = seconds.values.reduce(0, +)
        print("| template | files | ms (one thread) | share | output KB | MB/s |")
        print("|---|---:|---:|---:|---:|---:|")
        for (template, time) in seconds.sorted(by: { $0.value > $1.value }) {
            let kilobytes = Double(bytes[template] ?? 0) / 1000
            print("| \(template) | \(files[template] ?? 0) | \(String(format: "%.1f", time * 1000)) | \(String(format: "%.0f %%", time / total * 100)) | \(String(format: "%.0f", kilobytes)) | \(String(format: "%.1f", kilobytes / 1000 / time)) |")
        }
        print("\n\(entities) entities, \(String(format: "%.0f", total * 1000)) ms in all, one thread.")
    }
}
