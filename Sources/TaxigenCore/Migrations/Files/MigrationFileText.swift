/// Writes a migration's files: `up.sql` and `down.sql` (a header, the session timeouts, then each unit
/// behind a `-- unit N of M:` marker), or the `IRREVERSIBLE` note instead of `down.sql`.
public enum MigrationFileText {
    /// The statement timeouts every migration file sets before its first unit (`migrate sql` and `migrate
    /// apply` set their own, from their options, instead).
    public static let defaultLockTimeout = "5s"
    /// See `defaultLockTimeout`.
    public static let defaultStatementTimeout = "15min"

    /// `up.sql`.
    public static func up(id: String, message: String, parent: String?, plan: MigrationPlan) -> String {
        var header = [
            "taxigen migration \(id): upgrade",
            "\"\(oneLine(message))\", " + (parent.map { "after \($0)." } ?? "the first migration."),
        ] + commonHeader
        header += ["", "Changes:"] + plan.summary.map { "  \($0)" }
        if !plan.warnings.isEmpty {
            header += ["", "Review:"] + plan.warnings.map { "  \($0)" }
        }
        header += ["", plan.isReversible ? "down.sql reverts it." : "It is IRREVERSIBLE: see the IRREVERSIBLE file next to it."]
        return text(header: header, units: plan.up)
    }

    /// `down.sql`.
    public static func down(id: String, message: String, plan: MigrationPlan) -> String {
        let header = [
            "taxigen migration \(id): downgrade",
            "Reverts \"\(oneLine(message))\"; the database is then as its parent migration left it.",
        ] + commonHeader
        return text(header: header, units: plan.down)
    }

    /// The `IRREVERSIBLE` note.
    public static func irreversible(id: String, plan: MigrationPlan) -> String {
        var lines = ["\(id) is irreversible: taxigen wrote no down.sql, because", ""]
        lines += plan.irreversibleReasons.map { "- \($0)" }
        lines += ["", "To undo it, change the specs back and write a new migration (`taxigen migrate new`), restoring",
                  "the lost data from a backup where you need it. `taxigen migrate apply --to` and",
                  "`taxigen migrate sql --to` refuse to downgrade past this migration."]
        return lines.joined(separator: "\n") + "\n"
    }

    private static let commonHeader = [
        "Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,",
        "and `taxigen migrate check` and the ledger guard refuse an edited migration.",
        "Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).",
    ]

    private static func text(header: [String], units: [MigrationUnit]) -> String {
        var lines = header.map { $0.isEmpty ? "--" : "-- \($0)" }
        lines += ["", "SET lock_timeout = '\(defaultLockTimeout)';", "SET statement_timeout = '\(defaultStatementTimeout)';"]
        for (offset, unit) in units.enumerated() {
            lines += ["", "\(MigrationScript.unitMarker)\(offset + 1) of \(units.count): \(MigrationScript.phaseTag(unit.phase))\(unit.purpose)"]
            switch unit.kind {
            case .transaction:
                lines.append("BEGIN;")
                for statement in unit.statements {
                    if !statement.joinsPrevious { lines.append("") }
                    lines += statementLines(statement)
                }
                lines += ["", "COMMIT;"]
            case .standalone:
                lines += unit.statements.flatMap(statementLines)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func statementLines(_ statement: MigrationStatement) -> [String] {
        // A psql meta-command (a data step's `\ir data/NAME.sql`) takes no `;`.
        statement.comments.map { "-- \(oneLine($0))" } + statement.squawkIgnores.map { "-- squawk-ignore \($0)" }
            + [statement.sql.hasPrefix("\\") ? statement.sql : statement.sql + ";"]
    }

    /// Text on one line (line breaks become spaces), for comments.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
