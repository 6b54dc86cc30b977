/// Whether a database's ledger is where a migration run expects it: the rule `migrate apply` checks in
/// Swift and the offline script's guard checks in SQL (`OfflineScript.guardBlock`), word for word.
///
/// The ledger must hold a prefix of the known migrations, each with its checksum, every row complete but
/// possibly the last; the first `required` migrations must be complete; a downgrade does not start over a
/// migration whose upgrade is under way (finish it first). An upgrade may start over a migration whose
/// downgrade stopped partway: it runs that migration's upgrade again from its first unit (`RollForward`).
public struct LedgerGuard: Sendable {
    /// Which way a run goes.
    public enum Direction: String, Sendable {
        case upgrade, downgrade
    }

    /// The migrations the run knows, in order.
    public let known: [Migration]
    /// How many leading migrations must be complete.
    public let required: Int
    /// Which way the run goes.
    public let direction: Direction

    /// Creates a guard.
    public init(known: [Migration], required: Int, direction: Direction) {
        self.known = known
        self.required = required
        self.direction = direction
    }

    /// What is wrong with the ledger's rows; empty when the run may go on.
    public func problems(_ rows: [Ledger.Row]) -> [String] {
        let positions = Dictionary(uniqueKeysWithValues: known.enumerated().map { ($0.element.id, $0.offset + 1) })
        var seen = 0
        var partial: Ledger.Row?
        let ordered = rows.sorted { (positions[$0.version] ?? 0, $0.version) < (positions[$1.version] ?? 0, $1.version) }
        for row in ordered {
            guard let position = positions[row.version] else {
                return ["\(row.version) is in the ledger, but not among the migrations of this run: the database is newer, or was migrated from another history"]
            }
            let migration = known[position - 1]
            if migration.checksum != row.checksum {
                return ["\(row.version) was applied with checksum \(row.checksum), but the migration's checksum is \(migration.checksum): it was edited after it was applied"]
            }
            if position != seen + 1 {
                return ["\(row.version) is in the ledger, but \(known[seen].id) before it is not"]
            }
            if let partial {
                return ["\(partial.version) is only partly \(partial.isApplied ? "reverted" : "applied"), but \(row.version) after it is in the ledger"]
            }
            if !row.isComplete { partial = row }
            seen = position
        }
        if let partial {
            if direction == .downgrade, !partial.isApplied {
                return ["\(partial.version) is partly applied (\(partial.unitsDone) of \(partial.unitsTotal) units): finish its upgrade first"]
            }
        }
        let complete = partial == nil ? seen : seen - 1
        if complete < required {
            return ["the database is not at \(known[required - 1].id): the ledger's last complete migration is \(complete == 0 ? "none" : known[complete - 1].id)"]
        }
        return []
    }
}
