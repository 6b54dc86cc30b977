import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen lint`: the guidelines' compliance checklist, item by item, for every entity.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every entity against the database guidelines' compliance checklist.",
        discussion: """
        Prints PASS or FAIL per checklist item and entity, with the spec location (path:line:column) of \
        every failure. The checks are described in docs/lint.md. Exit status: 0 every item passes; 1 a \
        failed item, or invalid specs.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("entity"), help: "Lint only these entities (repeatable; default: every entity).")
    var entities: [String] = []

    @Flag(help: "Print only the failed items.")
    var failuresOnly = false

    func run() throws {
        // An error in taxigen.yaml is reported with the specs' errors, all at once.
        let (config, configProblems) = try project.configForChecking()
        let generator = Generator(config: config)
        var log = DiagnosticLog()
        let schema = generator.loadSchema(into: &log)
        // Added after the check, which reads the files with errors in the log as specs it could not read.
        log.append(contentsOf: configProblems)
        ConsoleOutput.printDiagnostics(log.sorted)
        let configErrors = configProblems.contains { $0.severity == .error }
        guard let schema, !configErrors else {
            let errors = log.diagnostics.filter { $0.severity == .error }.count
            let place = configErrors ? "\(ProjectConfig.fileName) and the specs" : "the specs"
            ConsoleOutput.printError("\(errors) error\(errors == 1 ? "" : "s") in \(place); nothing was linted.")
            throw ExitCode(1)
        }
        let unknown = entities.filter { schema.entity(named: $0) == nil }
        if !unknown.isEmpty {
            ConsoleOutput.printError("error: no entity is named \(unknown.map { "'\($0)'" }.joined(separator: ", ")); the entities are \(schema.entities.map(\.name).joined(separator: ", "))")
            throw ExitCode(1)
        }
        let report: LintReport
        do {
            report = try generator.lint(schema)
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        print(LintPrinter(failuresOnly: failuresOnly).text(of: report, entities: Set(entities)), terminator: "")
        let shown = report.entities.filter { entities.isEmpty || entities.contains($0.entity) }
        if shown.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}

/// How `taxigen lint` prints a report.
struct LintPrinter {
    /// Whether passed items are left out.
    let failuresOnly: Bool

    /// The report as text: one block per entity, then a summary.
    func text(of report: LintReport, entities filter: Set<String>) -> String {
        let shown = report.entities.filter { filter.isEmpty || filter.contains($0.entity) }
        var lines = ["Database Guidelines Compliance Checklist (taxigen lint; see docs/lint.md)", ""]
        for entity in shown {
            lines.append("\(entity.entity) (table \(entity.table), \(entity.location))")
            for result in entity.results where !(failuresOnly && result.passed) {
                if result.passed {
                    lines.append("  PASS  \(result.item.title)" + (result.detail.isEmpty ? "" : " — \(result.detail)"))
                } else {
                    lines.append("  FAIL  \(result.item.title)")
                    lines += result.findings.map { "        \($0.location): error: \($0.message)" }
                }
            }
            lines.append("")
        }
        let results = shown.flatMap(\.results)
        let failed = results.filter { !$0.passed }.count
        let failedEntities = shown.filter { !$0.passed }.count
        let passed = results.count - failed
        var summary = "\(entityCount(shown.count)) × \(ChecklistItem.allCases.count) items: \(passed) passed, \(failed) failed"
        summary += failed == 0 ? "." : " (in \(entityCount(failedEntities)))."
        lines.append(summary)
        lines.append("Not checked from specs (the process of a change): " + ChecklistItem.notCheckable.joined(separator: "; ") + ".")
        return lines.joined(separator: "\n") + "\n"
    }

    private func entityCount(_ count: Int) -> String {
        count == 1 ? "1 entity" : "\(count) entities"
    }
}
