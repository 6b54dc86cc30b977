/// The checklist item about change tracking ("implement change tracking for critical data"): an entity whose
/// name reads as critical data (a payment, an invoice, an order, an account, …) has a history
/// (`history: true`), and the DDL creates its history table and recording trigger.
///
/// An entity declines in its spec with `history: false` written out; a project chooses its own words with
/// `critical_words:` in `taxigen.yaml` (`[]` turns the item into a check of declared histories only).
public enum HistoryLint {
    /// The words that mark an entity as critical when its name or table holds one (singular or plural).
    public static let defaultCriticalWords = [
        "payment", "invoice", "order", "account", "transaction", "ledger", "refund", "balance", "contract", "audit",
        "payout", "charge", "billing", "wallet", "transfer", "deposit", "withdrawal", "credit", "debit", "settlement",
    ]

    /// The critical word an entity's name or table holds, if any: its snake_case words are compared with
    /// `words`, each also without a plural `s`/`es`.
    public static func criticalWord(of entity: Entity, words: [String]) -> String? {
        let wanted = Set(words.map { $0.lowercased() })
        let parts = (entity.snakeName.split(separator: "_") + entity.tableName.split(separator: "_")).map(String.init)
        for part in parts {
            for form in [part, part.hasSuffix("s") ? String(part.dropLast()) : part,
                         part.hasSuffix("es") ? String(part.dropLast(2)) : part] where wanted.contains(form) {
                return form
            }
        }
        return nil
    }

    /// The outcome of the change-tracking item for one entity.
    static func changeTracking(_ subject: LintSubject, criticalWords: [String]) -> LintOutcome {
        let entity = subject.entity
        if entity.traits.history {
            let table = HistoryNames.table(of: entity.tableName)
            let trigger = HistoryNames.trigger(of: entity.tableName)
            var findings: [LintFinding] = []
            let uppercased = subject.ddl.uppercased
            if !uppercased.contains(where: { $0.hasPrefix("CREATE TABLE \(Naming.sqlIdentifier(table).uppercased()) (") }) {
                findings.append(subject.finding("the DDL does not create history table '\(table)' of entity '\(entity.name)' (history: true)"))
            }
            if !uppercased.contains(where: { $0.hasPrefix("CREATE TRIGGER \(Naming.sqlIdentifier(trigger).uppercased()) AFTER INSERT OR UPDATE OR DELETE") }) {
                findings.append(subject.finding("the DDL does not create the recording trigger '\(trigger)' of entity '\(entity.name)' (history: true)"))
            }
            return LintOutcome(findings, "history \(table), trigger \(trigger)")
        }
        if entity.traits.appendOnly != nil {
            return LintOutcome([], "append-only: its rows are never changed, so the table is its own history")
        }
        guard let word = criticalWord(of: entity, words: criticalWords) else {
            return LintOutcome([], "not critical by name")
        }
        if entity.traits.historyDeclinedExplicitly {
            return LintOutcome([], "critical by name ('\(word)'), history declined (history: false)")
        }
        return LintOutcome([subject.finding("entity '\(entity.name)' reads as critical data ('\(word)') but has no change history; add `history: true`, or `history: false` to decline")],
                           "")
    }
}
