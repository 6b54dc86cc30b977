/// How a database migrated before a squash keeps working after it (`migrate squash --to REV`).
///
/// The squash checkpoint keeps the id of the last migration it replaces, so the migrations after it still
/// follow it. A database whose ledger holds every replaced migration, complete and with the checksum the
/// checkpoint's `squashed.txt` lists, is at the checkpoint: before anything else, `migrate apply` and the
/// offline script rewrite its ledger in one transaction to say so (the checkpoint's row, with its checksum
/// and units and the first replaced migration's `started_at`; the other rows deleted), and from then on it
/// is exactly like a database that applied the checkpoint. A database holding only some of them (in the
/// middle of the squashed range, or one of them partly applied) is refused with what to do, and so is one
/// where a replaced migration has another checksum (it was edited after it was applied).
public struct SquashAdoption: Sendable {
    /// The history run from.
    public let history: MigrationHistory

    /// Creates the adoption for a history.
    public init(history: MigrationHistory) {
        self.history = history
    }

    /// The checkpoint (always the history's first migration) and what it replaces, if there is one.
    var checkpoint: (migration: Migration, squashed: SquashedMigrations)? {
        guard let first = history.migrations.first, let squashed = first.squashed else { return nil }
        return (first, squashed)
    }

    /// What adopting a ledger means.
    enum Decision: Equatable {
        /// Nothing to do: no replaced migration in the ledger (a fresh database, or adopted already).
        case none
        /// The ledger holds the whole squashed range: rewrite it.
        case adopt
        /// Refused, with the message and hint.
        case refuse(message: String, hint: String)
    }

    /// The decision for a ledger's rows.
    func decision(_ rows: [Ledger.Row]) -> Decision {
        guard let (checkpoint, squashed) = checkpoint else { return .none }
        let ids = Set(squashed.ids)
        let replaced = rows.filter { ids.contains($0.version) && !($0.version == checkpoint.id && $0.checksum == checkpoint.checksum) }
        if replaced.isEmpty { return .none }
        if let edited = replaced.sorted(by: { $0.version < $1.version }).first(where: { !squashed.contains(id: $0.version, checksum: $0.checksum) }) {
            return .refuse(message: Self.editedMessage(edited.version, checkpoint.id), hint: Self.editedHint)
        }
        let atCheckpoint = rows.contains { $0.version == checkpoint.id && $0.isComplete }
        if !atCheckpoint || replaced.contains(where: { !$0.isComplete }) {
            let last = replaced.filter(\.isComplete).map(\.version).max()
            return .refuse(message: Self.middleMessage(last, squashed, checkpoint.id), hint: Self.middleHint(checkpoint.id, history.directory))
        }
        return .adopt
    }

    /// Rewrites the ledger of a database migrated before the squash, or refuses it; nothing when there is
    /// no checkpoint or nothing to adopt.
    func adopt(on connection: some MigrationConnection, progress: @Sendable (String) -> Void) async throws {
        guard let (checkpoint, _) = checkpoint else { return }
        let rows = try await connection.query(Ledger.selectRows).map { values in
            guard let row = Ledger.Row(values) else { throw MigrationError("the ledger \(Ledger.table) has a row taxigen cannot read") }
            return row
        }
        switch decision(rows) {
        case .none:
            return
        case .refuse(let message, let hint):
            throw MigrationError(message, hint: hint)
        case .adopt:
            do {
                try await connection.execute("BEGIN")
                for statement in adoptionStatements() { try await connection.execute(statement) }
                try await connection.execute("COMMIT")
            } catch {
                try? await connection.execute("ROLLBACK")
                throw MigrationError("rewriting the ledger for the squash checkpoint \(checkpoint.id) failed and was rolled back: \(error)", hint: "nothing changed; run again")
            }
            progress("\(checkpoint.id): the ledger's \(rows.filter { Set(checkpoint.squashed?.ids ?? []).contains($0.version) }.count) squashed migrations recorded as the checkpoint \(checkpoint.id)")
        }
    }

    /// The ledger as it reads once adopted, for `migrate status` (which only reads): the checkpoint's row
    /// in place of the replaced ones.
    func adoptedView(_ entries: [Ledger.Entry]) -> [Ledger.Entry] {
        guard let (checkpoint, squashed) = checkpoint else { return entries }
        let ids = Set(squashed.ids)
        let replaced = entries.filter { ids.contains($0.row.version) }
        guard let last = replaced.first(where: { $0.row.version == checkpoint.id }) else { return entries }
        let units = checkpoint.up.units.count
        let row = Ledger.Row(version: checkpoint.id, checksum: checkpoint.checksum, unitsTotal: units, unitsDone: units, unitsReverted: 0, isApplied: true)
        let started = replaced.compactMap(\.startedAt).min()
        return entries.filter { !ids.contains($0.row.version) } + [Ledger.Entry(row: row, startedAt: started, appliedAt: last.appliedAt)]
    }

    /// The statements that rewrite the ledger (in one transaction).
    func adoptionStatements() -> [String] {
        guard let (checkpoint, squashed) = checkpoint else { return [] }
        let others = squashed.ids.filter { $0 != checkpoint.id }.map { SQLLiteral.string($0) }
        let all = squashed.ids.map { SQLLiteral.string($0) }.joined(separator: ", ")
        let units = checkpoint.up.units.count
        var statements = ["""
            UPDATE \(Ledger.table) SET checksum = \(SQLLiteral.string(checkpoint.checksum)), units_total = \(units), units_done = \(units), units_reverted = 0,
                started_at = (SELECT min(started_at) FROM \(Ledger.table) WHERE version IN (\(all)))
            WHERE version = \(SQLLiteral.string(checkpoint.id))
            """]
        if !others.isEmpty {
            statements.append("DELETE FROM \(Ledger.table) WHERE version IN (\(others.joined(separator: ", ")))")
        }
        return statements
    }

    /// The offline script's adoption: a `DO` block (its own transaction) after the ledger is created and
    /// before the guard, when the script knows the checkpoint.
    func scriptBlocks(known: [Migration]) -> [String] {
        guard let (checkpoint, squashed) = checkpoint, known.first?.id == checkpoint.id else { return [] }
        let ids = squashed.entries.map { SQLLiteral.string($0.id) }.joined(separator: ", ")
        let sums = squashed.entries.map { SQLLiteral.string($0.checksum) }.joined(separator: ", ")
        let adoption = adoptionStatements().map { "    " + $0.replacingOccurrences(of: "\n", with: "\n    ") + ";" }.joined(separator: "\n")
        let middle = Self.middleMessage(nil, squashed, checkpoint.id)
        return ["", "-- \(checkpoint.id) is a squash checkpoint: a database migrated before the squash, whose ledger holds every",
                "-- migration it replaces, is recorded as at the checkpoint (one transaction); one in the middle of them is refused.",
                """
                DO $taxigen$
                DECLARE
                    squashed       CONSTANT text[] := ARRAY[\(ids)]::text[];
                    sums           CONSTANT text[] := ARRAY[\(sums)]::text[];
                    checkpoint     CONSTANT text := \(SQLLiteral.string(checkpoint.id));
                    checkpoint_sum CONSTANT text := \(SQLLiteral.string(checkpoint.checksum));
                    edited    text;
                    last_done text;
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = ANY(squashed) AND NOT (version = checkpoint AND checksum = checkpoint_sum)) THEN
                        RETURN;
                    END IF;
                    SELECT m.version INTO edited FROM \(Ledger.table) m
                    WHERE m.version = ANY(squashed) AND NOT (m.version = checkpoint AND m.checksum = checkpoint_sum)
                      AND NOT EXISTS (SELECT 1 FROM unnest(squashed, sums) AS s(id, sum) WHERE s.id = m.version AND s.sum = m.checksum)
                    ORDER BY m.version LIMIT 1;
                    IF edited IS NOT NULL THEN
                        RAISE EXCEPTION \(SQLLiteral.string("taxigen: " + Self.editedMessage("%", "%"))), edited, checkpoint
                            USING HINT = \(SQLLiteral.string(Self.editedHint));
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = checkpoint AND applied_at IS NOT NULL AND units_reverted = 0)
                       OR EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = ANY(squashed) AND NOT (version = checkpoint AND checksum = checkpoint_sum)
                                  AND (applied_at IS NULL OR units_reverted > 0)) THEN
                        SELECT max(version) INTO last_done FROM \(Ledger.table)
                        WHERE version = ANY(squashed) AND applied_at IS NOT NULL AND units_reverted = 0;
                        RAISE EXCEPTION \(SQLLiteral.string("taxigen: " + middle.replacingOccurrences(of: Self.noneDone, with: "%"))), COALESCE(last_done, \(SQLLiteral.string(Self.noneDone)))
                            USING HINT = \(SQLLiteral.string(Self.middleHint(checkpoint.id, history.directory)));
                    END IF;
                \(adoption)
                END
                $taxigen$;
                """]
    }

    private static let noneDone = "none of them (the first only partly applied)"

    private static func editedMessage(_ version: String, _ checkpoint: String) -> String {
        "\(version) was applied with a checksum that the squash checkpoint \(checkpoint) does not list for it: it was edited after it was applied"
    }

    private static let editedHint = "never edit an applied migration; restore the migrations as they were applied"

    private static func middleMessage(_ last: String?, _ squashed: SquashedMigrations, _ checkpoint: String) -> String {
        let ids = squashed.ids
        let range = ids.count > 1 ? "\(ids.first!) … \(ids.last!)" : ids[0]
        return "the database is at \(last ?? noneDone), in the middle of the migrations \(range) that the squash checkpoint \(checkpoint) replaces: it cannot go on from there with the squashed history"
    }

    private static func middleHint(_ checkpoint: String, _ directory: String) -> String {
        "bring it to \(checkpoint) first with the migrations as they were before the squash (in a checkout of a commit before it, e.g. `git worktree add ../before <commit>`: `taxigen migrate apply --to \(checkpoint)`, or for production `taxigen migrate sql --to \(checkpoint)`), then run this again; or recreate the database, which then starts from the checkpoint (\(directory)/\(checkpoint))"
    }
}
