/// `taxigen migrate sql`: the script a DBA reviews and runs with psql, for production.
///
/// It sets `lock_timeout` and `statement_timeout`, takes an advisory lock, creates the ledger if needed,
/// refuses to go on when the ledger does not match (`LedgerGuard`, in SQL), then runs each unit of each
/// migration behind a psql `\if` that skips units the ledger records as done, so the script can be run
/// again after a failure or a success. Transaction units run as `BEGIN … COMMIT` with the ledger written
/// inside; `CREATE INDEX CONCURRENTLY` units run on their own after dropping the invalid index a failed
/// build may have left.
public struct OfflineScript: Sendable {
    /// The history the script is written from.
    public let history: MigrationHistory
    /// The position the database is expected at (0: no migration).
    public let from: Int
    /// The position the script takes it to.
    public let to: Int
    /// `SET lock_timeout`.
    public var lockTimeout = MigrationFileText.defaultLockTimeout
    /// `SET statement_timeout`.
    public var statementTimeout = MigrationFileText.defaultStatementTimeout
    /// Whether tables with vector columns and the `vector` extension are left out (`--without-vector`,
    /// see `VectorlessTarget`).
    public var withoutVector = false
    /// Only the units of one phase (`--phase`, see `PhaseFilter`): a pre-deploy script ends before the first
    /// post-deploy unit; a post-deploy script refuses to run while a unit before its first post-deploy unit is
    /// not applied (run the pre-deploy script first), and ends before the next pre-deploy unit. Upgrades only.
    public var phase: MigrationUnit.Phase?

    /// Creates a script from position `from` to `to` (a downgrade when `to` < `from`).
    public init(history: MigrationHistory, from: Int, to: Int) {
        self.history = history
        self.from = from
        self.to = to
    }

    /// Which way the script goes.
    public var direction: LedgerGuard.Direction { to < from ? .downgrade : .upgrade }

    /// The script; a downgrade past an irreversible migration is refused.
    public func text() throws -> String {
        let migrations = history.migrations
        let steps: [Migration] = direction == .upgrade ? Array(migrations[from..<to]) : Array(migrations[to..<from].reversed())
        if direction == .downgrade, let blocked = steps.first(where: { !$0.isReversible }) {
            throw MigrationError("\(blocked.id) is irreversible: no downgrade script can pass it",
                                 hint: "see \(history.directory)/\(blocked.id)/IRREVERSIBLE; write a new migration forward instead")
        }
        if direction == .upgrade { try DataStep.refuseUnwritten(steps, directory: history.directory) }
        if phase != nil, direction == .downgrade {
            throw MigrationError("--phase applies to upgrades only; this is a downgrade", hint: "leave out --phase to downgrade")
        }
        let name: (Int) -> String = { $0 == 0 ? "base (no migration)" : migrations[$0 - 1].id }
        var lines = [
            "-- taxigen migrate sql: \(direction.rawValue) from \(name(from)) to \(name(to)), \(steps.count) migration\(steps.count == 1 ? "" : "s")" + (steps.isEmpty ? "" : ":"),
        ]
        lines += steps.map { "--   \($0.id)" }
        lines += Self.introduction
        lines += [
            "", "\\set ON_ERROR_STOP on",
            "-- PostgreSQL's DETAIL lines quote row values (the duplicated key, the failing row): terse messages keep",
            "-- them out of consoles and CI logs.",
            "\\set VERBOSITY terse",
            "SET lock_timeout = \(SQLLiteral.string(lockTimeout));",
            "SET statement_timeout = \(SQLLiteral.string(statementTimeout));",
            "", "-- One migrator at a time.",
            "SELECT pg_advisory_lock(\(Ledger.lockKey)) AS taxigen_locked \\gset",
            "", "-- The ledger: one row per migration, written unit by unit.",
            Ledger.createTable + ";",
        ]
        let known = direction == .upgrade ? Array(migrations[..<to]) : Array(migrations[..<from])
        lines += SquashAdoption(history: history).scriptBlocks(known: known)
        lines += [
            "", "-- The guard: refuse to run unless the ledger matches the migrations before this run.",
            guardBlock(known: known, required: direction == .upgrade ? from : to) + ";",
        ]
        if withoutVector {
            lines += try vectorlessGuard()
        }
        var actions = PhaseActions(phase: phase)
        for migration in steps {
            let block = try migrationBlock(migration, actions: &actions)
            lines += block
            if actions.stopped { break }
        }
        lines += ["", "SELECT pg_advisory_unlock(\(Ledger.lockKey)) AS taxigen_unlocked \\gset",
                  "\\echo 'taxigen: \(direction.rawValue) to \(name(to)) done'"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static let introduction = [
        "--",
        "-- Review it, then run it with psql (it uses psql's \\if and \\gset):",
        "--     psql -X -v ON_ERROR_STOP=1 -f this-file.sql \"$DATABASE_URL\"",
        "-- It records every migration, unit by unit, in the ledger table taxiway_migrations with its checksum;",
        "-- refuses to run when the ledger does not match the migrations before it (an edited migration, another",
        "-- history, a database at another migration); and skips what the ledger records as done, so it can be",
        "-- run again, after a failure (it resumes at the failed unit) or a success (it changes nothing).",
        "-- Each unit is one transaction, except CREATE/DROP INDEX CONCURRENTLY, which PostgreSQL runs only",
        "-- outside one.",
    ]

    private func migrationBlock(_ migration: Migration, actions: inout PhaseActions) throws -> [String] {
        let script = direction == .upgrade ? migration.up : migration.down!
        let total = script.units.count
        var lines = ["", "-- " + String(repeating: "=", count: 100),
                     "-- \(migration.id) (\(direction.rawValue), checksum \(migration.checksum))"]
        lines += script.headerComments.map { $0.isEmpty ? "--" : "-- \($0)" }
        lines.append("-- " + String(repeating: "=", count: 100))
        if direction == .upgrade, migration.isReversible {
            lines += rollForwardBlock(migration)
        }
        let vectorless = withoutVector ? try VectorlessTarget(history: history) : nil
        for (offset, unit) in script.units.enumerated() {
            let number = offset + 1
            let label = "\(migration.id): unit \(number) of \(total)"
            let record = direction == .upgrade ? Ledger.recordUp(migration, unit: number) : Ledger.recordDown(migration, unit: number)
            switch actions.next(unit.phase) {
            case .run: break
            case .stop:
                lines += ["", "-- \(label) runs \(unit.phase.rawValue): this \(phase!.rawValue) script ends here.",
                          "\\echo 'taxigen: stopped before \(label), which runs \(unit.phase.rawValue)'"]
                return lines
            case .requireApplied:
                lines += ["", pendingQuery(migration, unit: number) + " \\gset", "\\if :taxigen_run", unit.marker,
                          "DO $taxigen$ BEGIN RAISE EXCEPTION \(SQLLiteral.string("taxigen: \(label) runs before the deploy and is not applied: run the pre-deploy script (migrate sql --phase pre-deploy) first; this post-deploy script changed nothing")); END $taxigen$;",
                          "\\endif"]
                continue
            }
            lines += ["", pendingQuery(migration, unit: number) + " \\gset", "\\if :taxigen_run", unit.marker]
            var body = unit.body
            var runsStatement = true
            if let vectorless {
                let kept = vectorless.kept(unit)
                if kept.count != unit.parsedStatements.count {
                    body = (["-- --without-vector: \(unit.parsedStatements.count - kept.count) statement(s) on tables with vector columns left out."]
                            + kept.map { $0 + ";" }).joined(separator: "\n")
                    runsStatement = !kept.isEmpty
                }
            }
            let step = unit.dataStep.map { DataStep.stepName(migration, $0) }
            if let file = unit.dataStep {
                lines.append("-- Data step \(file) of \(migration.id) (hand-written, checksummed with the migration), run with \(AlterSQL.maintenanceSetting) on:")
            }
            switch unit.kind {
            case .transaction:
                lines += ["BEGIN;"] + (step.map(DataStep.localSettings) ?? []).map { $0 + ";" }
                lines += [body, "", "-- The ledger, in the same transaction.", record + ";", "COMMIT;"]
            case .standalone:
                if let step {
                    lines += ["-- Outside a transaction: what it commits stays; a batched step records its progress in \(DataStep.progressTable)."]
                    lines += DataStep.sessionSetup(step: step).map { $0 + ";" }
                }
                if let index = unit.concurrentIndex, runsStatement {
                    lines += concurrentIndexLines(index, body: body, label: label)
                } else {
                    lines.append(body)
                }
                if let step {
                    lines += DataStep.sessionReset.map { $0 + ";" }
                    lines += ["", "-- The ledger, right after the unit (clearing the step's progress).", DataStep.record(record, step: step) + ";"]
                } else {
                    lines += ["", "-- The ledger, right after the unit.", record + ";"]
                }
            }
            lines += ["\\echo '\(label) \(direction == .upgrade ? "applied" : "reverted")'",
                      "\\else", "\\echo '\(label) already \(direction == .upgrade ? "applied" : "reverted"), skipped'", "\\endif"]
        }
        return lines
    }

    /// A `CREATE INDEX CONCURRENTLY` unit. A failed build leaves an invalid index behind: one left by an
    /// earlier run is dropped before the build, and one this build leaves is dropped at once, before the
    /// script stops (psql goes on after the failed statement only to do that: `ON_ERROR_STOP` is off for
    /// that one statement, and `:ERROR` says whether it failed).
    private func concurrentIndexLines(_ index: String, body: String, label: String) -> [String] {
        let invalid = Ledger.invalidIndexQuery(index) + " AS taxigen_invalid \\gset"
        return ["-- A failed build leaves an invalid index behind: drop one left by an earlier run before building again.",
                invalid,
                "\\if :taxigen_invalid",
                AlterSQL.dropIndexConcurrently(index) + ";",
                "\\endif",
                "\\set ON_ERROR_STOP off",
                body,
                "\\set ON_ERROR_STOP on",
                "\\if :ERROR",
                "-- The build failed: drop the invalid index it left at once, then stop.",
                invalid,
                "\\if :taxigen_invalid",
                AlterSQL.dropIndexConcurrently(index) + ";",
                "\\endif",
                "DO $taxigen$ BEGIN RAISE EXCEPTION \(SQLLiteral.string("taxigen: \(label) failed (the error is above); the invalid index \(index) it left was dropped. Fix the cause and run the script again: it resumes at this unit")); END $taxigen$;",
                "\\endif"]
    }

    /// The roll-forward of an upgrade over a migration whose downgrade stopped partway (`RollForward`),
    /// behind a `\\if` that holds only then.
    private func rollForwardBlock(_ migration: Migration) -> [String] {
        let version = SQLLiteral.string(migration.id)
        var lines = ["", "-- If the downgrade of \(migration.id) stopped partway, its upgrade runs again from its first unit.",
                     "SELECT EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = \(version) AND applied_at IS NOT NULL AND units_reverted > 0) AS taxigen_partly_reverted \\gset",
                     "\\if :taxigen_partly_reverted",
                     "\\echo '\(migration.id): its downgrade stopped partway; the upgrade runs again from its first unit'",
                     "BEGIN;"]
        for statement in RollForward(migration: migration).statements {
            lines += statement.comments.map { "-- \($0)" } + statement.squawkIgnores.map { "-- squawk-ignore \($0)" } + [statement.sql + ";"]
        }
        lines += ["COMMIT;", "\\endif"]
        return lines
    }

    /// With `--without-vector`: refuse a database where a table it leaves out exists.
    private func vectorlessGuard() throws -> [String] {
        let vectorless = try VectorlessTarget(history: history)
        guard !vectorless.tables.isEmpty else { return [] }
        let names = vectorless.tables.joined(separator: ", ")
        return ["", "-- --without-vector leaves out \(names) (tables with vector columns) and the vector extension:",
                "-- refuse a database where one of them exists (it was migrated with pgvector).",
                """
                DO $taxigen$
                DECLARE
                    found text;
                BEGIN
                    \(vectorless.existingTablesQuery.replacingOccurrences(of: "SELECT t FROM", with: "SELECT string_agg(t, ', ') INTO found FROM").replacingOccurrences(of: " ORDER BY t", with: ""));
                    IF found IS NOT NULL THEN
                        RAISE EXCEPTION 'taxigen: --without-vector leaves out %, but % exists in this database: it was migrated with pgvector; write the script without --without-vector', \(SQLLiteral.string(names)), found;
                    END IF;
                END
                $taxigen$;
                """]
    }

    /// `SELECT … AS taxigen_run`: whether a unit is still to run, from the ledger.
    private func pendingQuery(_ migration: Migration, unit: Int) -> String {
        let version = SQLLiteral.string(migration.id)
        switch direction {
        case .upgrade:
            return "SELECT NOT EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = \(version) AND units_done >= \(unit)) AS taxigen_run"
        case .downgrade:
            return "SELECT EXISTS (SELECT 1 FROM \(Ledger.table) WHERE version = \(version) AND applied_at IS NOT NULL AND units_reverted < \(unit)) AS taxigen_run"
        }
    }
}

/// Which units a script of one phase runs, unit after unit in order (see `OfflineScript.phase`).
struct PhaseActions {
    /// What happens to one unit.
    enum Action { case run, requireApplied, stop }

    let phase: MigrationUnit.Phase?
    /// Whether a post-deploy script has met its first post-deploy unit.
    private var started = false
    /// Whether the script has ended.
    private(set) var stopped = false

    init(phase: MigrationUnit.Phase?) {
        self.phase = phase
    }

    /// The action for the next unit, whose phase is `unit`.
    mutating func next(_ unit: MigrationUnit.Phase) -> Action {
        switch (phase, unit) {
        case (nil, _), (.preDeploy, .preDeploy):
            return .run
        case (.postDeploy, .postDeploy):
            started = true
            return .run
        case (.postDeploy, .preDeploy) where !started:
            return .requireApplied
        default:
            stopped = true
            return .stop
        }
    }
}
