/// Going back up over a migration whose downgrade stopped partway (a unit after the first failed: a
/// `VALIDATE` a row breaks, a unique index over duplicates, a lock timeout).
///
/// Some of the downgrade's units are committed, so neither the upgrade's next unit nor its first one
/// fits the database as it is. What the committed downgrade units did is, unit for unit, what the
/// upgrade's first unit undoes anyway (renames back, columns dropped, old CHECKs added `NOT VALID`, types
/// back), except for two kinds of temporary objects the downgrade makes on the way, which the upgrade
/// does not know about:
///
/// - the `NOT NULL` helper CHECKs (`ck_<table>_<column>_not_null`) of columns the downgrade makes
///   NOT NULL again;
/// - the indexes it builds under a temporary name (`<name>_rebuilt`) to replace an index in place.
///
/// So the roll-forward drops those (`IF EXISTS`), deletes the migration's ledger row in the same
/// transaction, and then runs the upgrade again from its first unit. Its statements are computed from
/// `down.sql` itself, so they hold for migrations written before this existed.
public struct RollForward: Sendable {
    /// The migration.
    public let migration: Migration

    /// Creates the roll-forward of a migration.
    public init(migration: Migration) {
        self.migration = migration
    }

    /// The statements of the one transaction that prepares the upgrade (without `BEGIN`/`COMMIT`): the
    /// temporary objects dropped, the ledger row deleted. Each is written with its `-- squawk-ignore`
    /// lines first (the offline script shows them to squawk).
    public var statements: [MigrationStatement] {
        var result: [MigrationStatement] = []
        for index in temporaryIndexes {
            result.append(MigrationStatement(
                "DROP INDEX IF EXISTS \(Naming.sqlIdentifier(index))",
                comments: ["A temporary index the downgrade was rebuilding; the upgrade builds its own (a brief lock, in a recovery)."],
                squawkIgnores: ["require-concurrent-index-deletion"]))
        }
        for check in helperChecks {
            result.append(MigrationStatement(
                "ALTER TABLE IF EXISTS \(Naming.sqlIdentifier(check.table)) DROP CONSTRAINT IF EXISTS \(Naming.sqlIdentifier(check.name))",
                comments: ["A NOT NULL helper CHECK of the downgrade."], squawkIgnores: ["ban-drop-constraint"]))
        }
        result.append(MigrationStatement("DELETE FROM \(Ledger.table) WHERE version = \(SQLLiteral.string(migration.id))",
                                         comments: ["The upgrade runs again from its first unit."]))
        return result
    }

    /// The indexes `down.sql` builds `CONCURRENTLY` under a name it later renames (an index rebuilt in place).
    var temporaryIndexes: [String] {
        guard let down = migration.down else { return [] }
        let built = Set(down.units.compactMap(\.concurrentIndex))
        var renamed: [String] = []
        for statement in down.units.flatMap(\.parsedStatements) {
            let words = statement.words
            if words.count >= 6, words[0] == "ALTER", words[1] == "INDEX", words[3] == "RENAME", words[4] == "TO" {
                let name = Self.name(words[2])
                if built.contains(name), !renamed.contains(name) { renamed.append(name) }
            }
        }
        return renamed
    }

    /// The CHECKs `down.sql` adds and later drops again: the NOT NULL helpers, with their tables. (A CHECK
    /// it rebuilds is dropped first and added after, and stays.)
    var helperChecks: [(table: String, name: String)] {
        guard let down = migration.down else { return [] }
        var added: [(table: String, name: String)] = []
        var helpers: [(table: String, name: String)] = []
        for statement in down.units.flatMap(\.parsedStatements) {
            let words = statement.words
            guard words.count >= 6, words[0] == "ALTER", words[1] == "TABLE", words[4] == "CONSTRAINT" else { continue }
            let table = Self.name(words[2]), name = Self.name(words[5])
            if words[3] == "ADD" { added.append((table, name)) }
            if words[3] == "DROP", added.contains(where: { $0 == (table, name) }), !helpers.contains(where: { $0 == (table, name) }) {
                helpers.append((table, name))
            }
        }
        return helpers
    }

    /// A word of `SQLScript.Statement.words` as a name: bare words come uppercased and mean lowercase.
    static func name(_ word: String) -> String {
        word == word.uppercased() ? word.lowercased() : word
    }
}

extension MigrationScript.Unit {
    /// The statements of `body`, split, with their words.
    var parsedStatements: [SQLScript.Statement] { SQLScript(body).statements }
}
