import Foundation

/// The report of `taxigen import`, as text for people and JSON (version 1) for tools.
public enum ImportReport {
    /// The text report: the specs written, the tables left out, then every finding with what to do.
    public static func text(_ result: ImportResult, source: String, specsDirectory: String) -> String {
        var lines = ["imported \(result.specs.count) table\(result.specs.count == 1 ? "" : "s") from \(source) into \(specsDirectory)/:"]
        for spec in result.specs { lines.append("  \(specsDirectory)/\(spec.fileName)  \(spec.entity)") }
        if !result.skippedTables.isEmpty {
            lines.append("not imported (they stay in the database, outside taxigen's migrations):")
            for skipped in result.skippedTables { lines.append("  \(skipped.table): \(skipped.reason)") }
        }
        if !result.skippedStatements.isEmpty {
            lines.append("statements not read (\(result.skippedStatements.count)):")
            for statement in result.skippedStatements.prefix(20) { lines.append("  \(statement)") }
            if result.skippedStatements.count > 20 { lines.append("  … and \(result.skippedStatements.count - 20) more") }
        }
        lines.append("guideline breaks and limits (\(result.findings.count)):")
        for finding in result.findings {
            lines.append("  \(finding.table)\(finding.object.map { ".\($0)" } ?? ""): [\(finding.rule)] \(finding.message)")
            lines.append("      fix: \(finding.fix)")
        }
        let counts = Dictionary(grouping: result.findings, by: \.rule).map { "\($0.key) \($0.value.count)" }.sorted()
        lines.append("summary: " + (counts.isEmpty ? "the schema follows the guidelines" : counts.joined(separator: ", ")))
        lines.append("next: review the specs, then `taxigen migrate baseline --database URL` records this state and writes the migration that brings it to the guidelines")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON report (version 1).
    public static func json(_ result: ImportResult, source: String, specsDirectory: String) throws -> String {
        struct Document: Encodable {
            let version = 1
            let source: String
            let specs: [SpecEntry]
            let skippedTables: [Skipped]
            let skippedStatements: [String]
            let findings: [ImportFinding]
            enum CodingKeys: String, CodingKey {
                case version, source, specs, findings
                case skippedTables = "skipped_tables", skippedStatements = "skipped_statements"
            }
        }
        struct SpecEntry: Encodable { let table: String; let entity: String; let file: String }
        struct Skipped: Encodable { let table: String; let reason: String }
        let document = Document(
            source: source,
            specs: result.specs.map { SpecEntry(table: $0.table, entity: $0.entity, file: "\(specsDirectory)/\($0.fileName)") },
            skippedTables: result.skippedTables.map { Skipped(table: $0.table, reason: $0.reason) },
            skippedStatements: result.skippedStatements, findings: result.findings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}

/// The checklist items the imported specs still fail (`taxigen lint`): what the adoption does not change by
/// itself, because only the team can decide it (a sensitive field to seal, a history for critical data).
extension ImportResult {
    /// Adds a finding for each failed checklist item of an imported table.
    public mutating func addLintFindings(_ report: LintReport) {
        let tables = Set(specs.map(\.table))
        for entity in report.entities where tables.contains(entity.table) {
            for result in entity.results where !result.passed {
                for finding in result.findings {
                    findings.append(ImportFinding(("lint_" + result.item.rawValue, result.item.title), table: entity.table, object: nil,
                                                  message: finding.message,
                                                  fix: "the adoption leaves this to you: change the spec as the message says (`taxigen lint` checks it), then `taxigen migrate new`"))
                }
            }
        }
    }
}
