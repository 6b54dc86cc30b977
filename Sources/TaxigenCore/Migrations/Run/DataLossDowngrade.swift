/// Going below an irreversible migration on a development or test database: `migrate apply --to REV
/// --accept-data-loss`.
///
/// An irreversible migration has no `down.sql` because what it did cannot be undone without data it
/// destroyed (a dropped table or column, a widened vector, a NULL replaced). Going below it therefore
/// means: **every table the migration changed is dropped and created again, empty, as the snapshot below
/// it says** (the snapshot of the migration before, or no table at all below the first). Tables the
/// migration did not change keep their rows. Precisely, comparing the migration's snapshot with the one
/// below it:
///
/// - a table only in the migration's snapshot (it created it) is dropped;
/// - a table only in the lower snapshot (it dropped it) is created empty;
/// - a table in both that differs in anything (a column, a CHECK, an index, a comment) is dropped and
///   created empty;
/// - extensions and the touch function the lower snapshot has and the migration's lacks are created first,
///   and those it lacks are dropped last.
///
/// Everything runs in **one transaction** with the deletion of the migration's ledger row, so the database
/// is either still at the migration or exactly at the lower snapshot. A table is created from its snapshot
/// (which holds what the database sees, spelled as the DDL spells it); the touch function's definition is
/// the last one the history's upgrades wrote. Only a database marked development or test may do it
/// (`refusal(environment:database:)`): production and staging never go below an irreversible migration.
///
/// Only plain tables are made again: a table to drop or create that has a history, is append-only or
/// tenant-scoped (objects a snapshot does not describe: the history table, its triggers and recording
/// function, an append-only table's guards and partition functions, row-level security) is refused before
/// anything runs, with the way out (a new database, migrated to the revision wanted).
public struct DataLossDowngrade: Sendable {
    /// The irreversible migration gone below.
    public let migration: Migration
    /// The schema after it.
    public let upper: SchemaSnapshot
    /// The schema below it.
    public let lower: SchemaSnapshot
    /// The touch function's `CREATE OR REPLACE FUNCTION`, as the upgrades up to the lower snapshot wrote it.
    let touchFunction: String?

    /// The environments where data may be lost (`taxiway.environment`, any case).
    public static let allowedEnvironments = ["development", "test"]

    /// The data-loss downgrade of the migration at `position` (1-based) of a history.
    public init(position: Int, of history: MigrationHistory) throws {
        migration = history.migrations[position - 1]
        upper = try migration.snapshot
        lower = position >= 2 ? try history.migrations[position - 2].snapshot : .empty
        let head = "CREATE OR REPLACE FUNCTION \(SQLStatements.touchFunction)("
        touchFunction = history.migrations[..<(position - 1)].reversed().lazy
            .compactMap { $0.up.units.flatMap(\.statements).last { $0.hasPrefix(head) } }.first
    }

    /// The tables whose rows are lost: dropped, or dropped and created again empty.
    public var tablesLosingRows: [String] {
        upper.tables.filter { lower.table(named: $0.name) != $0 }.map(\.name)
    }

    /// The statements, in order, without the ledger's.
    public func statements() throws -> [String] {
        let remade = upper.tables.filter { lower.table(named: $0.name) != $0 } + lower.tables.filter { upper.table(named: $0.name) != $0 }
        if let table = remade.first(where: { $0.history != nil || $0.appendOnly != nil || $0.tenancy != nil }) {
            let kind = table.history != nil ? "has a history" : table.appendOnly != nil ? "is append-only" : "is tenant-scoped"
            throw MigrationError("\(migration.id): going below it drops table \(table.name) and makes it again empty, but it \(kind), and taxigen makes only plain tables again; nothing was changed",
                                 hint: "on a development or test database, drop and create the database, then migrate it to the revision you want (taxigen migrate apply --to REV)")
        }
        var result: [String] = []
        for name in lower.extensions where !upper.extensions.contains(name) {
            result.append(AlterSQL.createExtension(name))
        }
        for name in lower.functions where !upper.functions.contains(name) {
            guard name == SQLStatements.touchFunction, let touchFunction else {
                throw MigrationError("\(migration.id): the database below it has the function \(name)(), which taxigen does not make again; nothing was changed",
                                     hint: "on a development or test database, drop and create the database, then migrate it to the revision you want (taxigen migrate apply --to REV)")
            }
            result.append(touchFunction)
        }
        for table in upper.tables.reversed() where lower.table(named: table.name) != table {
            result.append(AlterSQL.dropTable(table.sqlName))
        }
        for table in lower.tables where upper.table(named: table.name) != table {
            result += Self.create(table)
        }
        for name in upper.functions where !lower.functions.contains(name) {
            result.append(AlterSQL.dropFunction(name))
        }
        for name in upper.extensions where !lower.extensions.contains(name) {
            result.append(AlterSQL.dropExtension(name))
        }
        return result
    }

    /// The one transaction unit that runs it.
    func unit() throws -> MigrationScript.Unit {
        let body = try statements().map { $0 + ";" }.joined(separator: "\n\n")
        return MigrationScript.Unit(kind: .transaction, marker: "-- unit 1 of 1: below the irreversible \(migration.id), losing data",
                                    body: body, concurrentIndex: nil)
    }

    /// The ledger statement of the same transaction: the migration is no longer applied.
    var record: String {
        "DELETE FROM \(Ledger.table) WHERE version = \(SQLLiteral.string(migration.id))"
    }

    /// A table as its snapshot has it: `CREATE TABLE` (key first, the audit columns last, as `schema.sql`
    /// orders them), its touch trigger, its indexes and its comments.
    static func create(_ table: TableSnapshot) -> [String] {
        let audit = ["created_at", "updated_at", "deleted_at", "version"]
        let ordered = table.columns.filter { $0.name == table.primaryKey }
            + table.columns.filter { $0.name != table.primaryKey && !audit.contains($0.name) }
            + audit.compactMap { table.column(named: $0) }
        var elements = ordered.map { column in
            "    \(column.sqlName) \(column.type) \(column.nullable ? "NULL" : "NOT NULL")"
                + (column.defaultExpression.map { " DEFAULT \($0)" } ?? "")
        }
        elements.append("    CONSTRAINT \(Naming.sqlIdentifier(table.primaryKeyConstraint)) PRIMARY KEY (\(Naming.sqlIdentifier(table.primaryKey)))")
        elements += table.checks.map { "    CONSTRAINT \(Naming.sqlIdentifier($0.name)) CHECK (\($0.expression))" }
        var result = ["CREATE TABLE \(table.sqlName) (\n" + elements.joined(separator: ",\n") + "\n)"]
        result.append("CREATE TRIGGER \(Naming.sqlIdentifier(table.trigger)) BEFORE UPDATE ON \(table.sqlName) FOR EACH ROW EXECUTE FUNCTION \(SQLStatements.touchFunction)()")
        result += table.indexes.map(\.definition)
        if let comment = table.comment { result.append(AlterSQL.commentOnTable(table.sqlName, comment)) }
        for column in ordered {
            if let comment = column.comment { result.append(AlterSQL.commentOnColumn(table.sqlName, column.sqlName, comment)) }
        }
        return result
    }

    /// Why `--accept-data-loss` may not be used on a database, or nil when it may: only a database whose
    /// `taxiway.environment` is development or test (an unmarked one is refused even with `--allow-unmarked`).
    public static func refusal(environment: String?, database: String) -> MigrationError? {
        if let environment, allowedEnvironments.contains(environment.lowercased()) { return nil }
        let name = database.isEmpty ? "the database" : "database \(database)"
        let mark = environment.map { "\(ProductionGuard.setting) is \(SQLLiteral.string($0.count > 60 ? String($0.prefix(60)) + "…" : $0))" }
            ?? "\(ProductionGuard.setting) is not set"
        return MigrationError(
            "refusing --accept-data-loss on \(name): \(mark); going below an irreversible migration drops tables and their rows, which only a database marked development or test may do",
            hint: "production and staging never go below an irreversible migration: change the specs back and write a new migration (taxigen migrate new), restoring lost data from a backup; a development database says so exactly: ALTER DATABASE \(Naming.sqlIdentifier(database.isEmpty ? "<name>" : database)) SET \(ProductionGuard.setting) = 'development'")
    }
}
