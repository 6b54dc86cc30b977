import Foundation

/// A data step: a hand-written unit of a migration (a backfill, a data fix), kept in the migration's
/// `data/<name>.sql` and included by its `up.sql` as a unit of the chain, `\ir data/<name>.sql`, in the
/// place `migrate new --data` gave it (after the catalog changes and the generated backfills, before
/// indexes, validations and `SET NOT NULL`).
///
/// It is checksummed like every file of the migration (`taxigen migrate seal` records it after it is
/// written), printed inline by `migrate sql`, and recorded in the ledger as its unit. It runs with
/// `taxiway.maintenance` on (the touch trigger keeps `version` and `updated_at`) and with
/// `taxiway.data_step` naming it. A data file is either `BEGIN; … COMMIT;` (one transaction, the ledger
/// written inside) or one statement that commits as it goes, such as the batched `DO` block
/// `migrate new --data NAME --batched TABLE` writes: each batch commits with its progress (the batch's last
/// key) in `taxiway_migration_progress`, so a run stopped anywhere, even by `kill -9`, resumes after the last
/// committed batch; the ledger clears the step's progress when it records the unit.
public enum DataStep {
    /// The folder of a migration that holds its data steps.
    public static let directory = "data"
    /// The table where batched data steps record their progress (created when one first runs).
    public static let progressTable = "taxiway_migration_progress"
    /// The setting that names the running data step (`<migration id>/data/<name>.sql`).
    public static let stepSetting = "taxiway.data_step"

    /// What `migrate new --data` adds: a name, and the table to batch by key (nil: one transaction).
    public struct Request: Sendable {
        /// The step's name: lowercase words joined by `_`.
        public let name: String
        /// The table (or entity) to batch by key, or nil for a single transaction.
        public let batchedTable: String?

        /// Creates a request.
        public init(name: String, batchedTable: String?) {
            self.name = name
            self.batchedTable = batchedTable
        }
    }

    /// `data/<name>.sql`.
    public static func file(named name: String) -> String { "\(directory)/\(name).sql" }

    /// Whether a path relative to a migration is a data step's file.
    static func isFileName(_ file: String) -> Bool {
        guard file.hasPrefix(directory + "/"), file.hasSuffix(".sql") else { return false }
        return Migration.isSlug(String(file.dropFirst(directory.count + 1).dropLast(4)))
    }

    /// The file a unit includes, when its only line that is not a comment is `\ir <file>`.
    static func includedFile(_ lines: [Substring]) -> String? {
        var code: Substring?
        for line in lines where !line.isEmpty && !line.hasPrefix("--") {
            guard code == nil, line.hasPrefix("\\ir ") else { return nil }
            code = line
        }
        return code.map { String($0.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
    }

    /// The line of `up.sql` that includes a data step (psql runs it with `psql -f up.sql` too).
    static func includeLine(_ file: String) -> String { "\\ir \(file)" }

    /// The unit of the plan that includes a data step.
    static func unit(_ request: Request) -> MigrationUnit {
        let file = file(named: request.name)
        let how = request.batchedTable.map { "in batches of \(batchSize) rows of \($0) by key, each its own transaction with its progress (so outside one)" }
            ?? "one transaction"
        return MigrationUnit(kind: .standalone, purpose: "data step \(request.name), hand-written in \(file): \(how), with \(AlterSQL.maintenanceSetting) on",
                             statements: [MigrationStatement(includeLine(file))])
    }

    /// What the line of a template that refuses to run says: a step that still has it is not written yet.
    static let unwrittenMarker = "(and remove this"

    /// Refuses, before anything runs, an upgrade through a data step that is still the template.
    static func refuseUnwritten(_ migrations: some Sequence<Migration>, directory: String) throws {
        for migration in migrations {
            for unit in migration.up.units where unit.dataStep != nil && unit.body.contains(unwrittenMarker) {
                throw MigrationError("the data step \(directory)/\(migration.id)/\(unit.dataStep!) is not written yet: it is the template `migrate new --data` wrote",
                                     hint: "write it (and remove the line that refuses to run), then `taxigen migrate seal`; nothing ran")
            }
        }
    }

    /// What `migrate check` reports for each data step that is still the template: the file, at the line
    /// that refuses to run, as an error with a hint. `path` is the migrations directory, resolved (the
    /// messages show `history.directory`).
    public static func unwrittenProblems(_ history: MigrationHistory, path resolved: String) -> [HistoryProblem] {
        history.migrations.flatMap { migration in
            migration.up.units.compactMap { unit -> HistoryProblem? in
                guard let file = unit.dataStep, unit.body.contains(unwrittenMarker) else { return nil }
                let path = "\(history.directory)/\(migration.id)/\(file)"
                let lines = (try? String(contentsOfFile: "\(resolved)/\(migration.id)/\(file)", encoding: .utf8))?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
                let place = lines.firstIndex { $0.contains(unwrittenMarker) }.map { line in
                    ":\(line + 1):\(lines[line].prefix { $0 == " " }.count + 1)"
                } ?? ""
                return HistoryProblem(kind: .malformed, path: path + place,
                                      message: "the data step is not written yet: it is the template `migrate new --data` wrote, and it refuses to run",
                                      hint: "write its statements (and remove the line that raises), then run `taxigen migrate seal`")
            }
        }
    }

    /// How many rows one batch of the generated batched step changes.
    public static let batchSize = 1000

    /// `CREATE TABLE IF NOT EXISTS taxiway_migration_progress (…)`.
    public static let createProgressTable = """
        CREATE TABLE IF NOT EXISTS \(progressTable) (
            step       text        NOT NULL,
            last_key   text        NOT NULL,
            batches    bigint      NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_\(progressTable) PRIMARY KEY (step)
        )
        """

    /// The step's name in `taxiway.data_step` and `taxiway_migration_progress`: `<id>/data/<name>.sql`.
    static func stepName(_ migration: Migration, _ file: String) -> String { "\(migration.id)/\(file)" }

    /// What runs before a data step outside a transaction: the progress table, and the session settings.
    static func sessionSetup(step: String) -> [String] {
        [createProgressTable,
         "SET \(AlterSQL.maintenanceSetting) = 'on'",
         "SET \(stepSetting) = \(SQLLiteral.string(step))"]
    }

    /// What runs after it (and after it failed, when the session is still there).
    static let sessionReset = ["RESET \(stepSetting)", "RESET \(AlterSQL.maintenanceSetting)"]

    /// The settings of a data step in a transaction, right after `BEGIN`.
    static func localSettings(step: String) -> [String] {
        ["SET LOCAL \(AlterSQL.maintenanceSetting) = 'on'",
         "SET LOCAL \(stepSetting) = \(SQLLiteral.string(step))"]
    }

    /// The ledger statement of a data step outside a transaction: it clears the step's progress in the same
    /// statement (a step run again after a downgrade starts from its first batch).
    static func record(_ record: String, step: String) -> String {
        "WITH taxigen_progress AS (DELETE FROM \(progressTable) WHERE step = \(SQLLiteral.string(step)))\n" + record
    }

    /// The file `migrate new --data` writes, for the user to complete. Until the line that raises is
    /// removed, it refuses to run.
    static func template(_ request: Request, migration id: String, table: TableSnapshot?) -> String {
        let header = [
            "-- Data step \(request.name) of \(id): hand-written. Write it, then run `taxigen migrate seal`, which",
            "-- records its checksum in checksums.txt; once the migration is committed, never edit it.",
            "--",
        ]
        guard let table, let key = table.column(named: table.primaryKey) else {
            return (header + [
                "-- It runs as one transaction (the ledger is written inside it) with \(AlterSQL.maintenanceSetting) on: the touch",
                "-- trigger keeps each row's version and updated_at. For many rows, batch it by key instead:",
                "-- `taxigen migrate new --data \(request.name) --batched TABLE` writes that form.",
                "BEGIN;",
                "",
                "DO $data$ BEGIN RAISE EXCEPTION 'data step \(request.name): write its statements (and remove this one), then run taxigen migrate seal'; END $data$;",
                "",
                "COMMIT;",
            ]).joined(separator: "\n") + "\n"
        }
        let name = table.sqlName
        let column = key.sqlName
        let type = key.type
        return (header + [
            "-- It changes \(table.name) in batches of \(batchSize) rows, in the order of its key \(key.name). Each batch is its",
            "-- own transaction, committed together with its progress (the batch's last key) in \(progressTable):",
            "-- a run stopped anywhere (an error, a timeout, the client or the server killed) keeps its committed",
            "-- batches and, run again, goes on after the last of them, so no batch runs twice. taxigen runs it with",
            "-- \(AlterSQL.maintenanceSetting) on: the touch trigger keeps each row's version and updated_at.",
            "-- Change only the UPDATE (keep `WHERE \(key.name) = ANY(taxigen_keys)`: the batch's rows).",
            "DO $data$",
            "DECLARE",
            "    taxigen_step       CONSTANT text := current_setting('\(stepSetting)', true);",
            "    taxigen_batch_size CONSTANT integer := \(batchSize);",
            "    taxigen_last       \(type);",
            "    taxigen_keys       \(type)[];",
            "BEGIN",
            "    IF taxigen_step IS NULL THEN",
            "        RAISE EXCEPTION 'run this data step through taxigen migrate apply or the script of taxigen migrate sql: they record its progress';",
            "    END IF;",
            "    RAISE EXCEPTION 'data step \(request.name): write its UPDATE (and remove this line), then run taxigen migrate seal';",
            "    SELECT last_key::\(type) INTO taxigen_last FROM \(progressTable) WHERE step = taxigen_step;",
            "    LOOP",
            "        IF taxigen_last IS NULL THEN",
            "            taxigen_keys := ARRAY(SELECT \(column) FROM \(name) ORDER BY \(column) LIMIT taxigen_batch_size);",
            "        ELSE",
            "            taxigen_keys := ARRAY(SELECT \(column) FROM \(name) WHERE \(column) > taxigen_last ORDER BY \(column) LIMIT taxigen_batch_size);",
            "        END IF;",
            "        EXIT WHEN cardinality(taxigen_keys) = 0;",
            "",
            "        -- The change, to this batch's rows:",
            "        UPDATE \(name) SET version = version",
            "        WHERE \(column) = ANY(taxigen_keys);",
            "",
            "        taxigen_last := taxigen_keys[cardinality(taxigen_keys)];",
            "        INSERT INTO \(progressTable) (step, last_key, batches) VALUES (taxigen_step, taxigen_last::text, 1)",
            "        ON CONFLICT (step) DO UPDATE SET last_key = EXCLUDED.last_key, batches = \(progressTable).batches + 1, updated_at = now();",
            "        COMMIT;",
            "    END LOOP;",
            "END",
            "$data$;",
        ]).joined(separator: "\n") + "\n"
    }
}
