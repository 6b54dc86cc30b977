import Foundation

/// Migrating a database whose server has no pgvector (PostgreSQL 15 without the extension, a managed
/// server that does not offer it): `migrate apply --without-vector` and `migrate sql --without-vector`.
///
/// Every table that has a vector column in **any** migration of the history is left out, from the
/// migration that creates it to the last, with its indexes, triggers and comments, its history table (which
/// copies the vector column) and the functions named after it (the history's recording function, a
/// partitioned table's maintenance functions and the statements that call them), and so is the `vector`
/// extension; every other table is migrated exactly as usual, so each table is either complete or absent
/// (the repositories of the vector entities then fail with "relation does not exist"; the others work).
/// The units keep their numbers (a unit left empty still records its ledger row), so the ledger is the
/// same as a database migrated with pgvector, and `migrate apply` refuses to mix the two ways:
///
/// - with `--without-vector`, a left-out table that exists (the database was migrated with pgvector, or a
///   later migration gave an existing table a vector column) is refused before anything runs;
/// - without it, a database that lacks the extension although its last applied migration has it (it was
///   migrated `--without-vector`) is refused, and so is a server that cannot install the extension.
public struct VectorlessTarget: Sendable {
    /// The extension left out.
    public static let extensionName = "vector"

    /// The tables left out, sorted: those with a vector column in any snapshot, and their history tables.
    public let tables: [String]
    /// Every index of those tables in any snapshot, and their temporary rebuild names.
    let indexes: Set<String>
    /// The functions named after those tables: a statement that names one is left out.
    let functions: Set<String>

    /// The target for a history: the tables that ever have a vector column.
    public init(history: MigrationHistory) throws {
        var tables: Set<String> = []
        var indexes: Set<String> = []
        let snapshots = try history.migrations.map { try $0.snapshot }
        for snapshot in snapshots {
            for table in snapshot.tables where table.columns.contains(where: { $0.type.hasPrefix("vector(") || $0.type.hasPrefix("vector[") }) {
                tables.insert(table.name)
            }
        }
        for table in snapshots.flatMap(\.tables) where tables.contains(table.name) {
            for index in table.indexes {
                indexes.insert(index.name)
                indexes.insert(ImplicitRelations.rebuiltIndex(index.name))
            }
        }
        var functions: Set<String> = []
        var histories: Set<String> = []
        for table in snapshots.flatMap(\.tables) where tables.contains(table.name) {
            if table.history != nil {
                histories.insert(HistoryNames.table(of: table.name))
                functions.insert(HistoryNames.recordFunction(of: table.name))
            }
            if table.appendOnly?.partition != nil {
                functions.insert(DerivedNames.createPartitionsFunction(table: table.name))
                functions.insert(DerivedNames.detachPartitionsFunction(table: table.name))
            }
        }
        self.tables = tables.union(histories).sorted()
        self.indexes = indexes
        self.functions = functions
    }

    /// Whether a statement is run on such a database (false: it creates, changes or drops a left-out table,
    /// one of its indexes, or the extension).
    public func keeps(_ statement: SQLScript.Statement) -> Bool {
        let words = statement.words.map(RollForward.name)
        if words.contains(where: functions.contains) { return false }
        if words.first == "do" {
            // A backfill's DO block: the table is inside the dollar-quoted body.
            return !statement.text.split(whereSeparator: { $0.isWhitespace }).contains { word in
                tables.contains(RollForward.name(String(word).trimmingCharacters(in: CharacterSet(charactersIn: "\"().;"))))
            }
        }
        for (offset, word) in words.enumerated() {
            guard let target = Self.object(after: offset, in: words) else { continue }
            switch word {
            case "table", "update", "on":
                if tables.contains(target) { return false }
            case "column" where offset > 0 && words[offset - 1] == "on":
                if tables.contains(target) { return false }
            case "index":
                if indexes.contains(target) { return false }
            case "extension":
                if target == Self.extensionName { return false }
            default:
                break
            }
        }
        return true
    }

    /// The statements of a unit that run.
    public func kept(_ unit: MigrationScript.Unit) -> [String] {
        unit.parsedStatements.filter(keeps).map(\.text)
    }

    /// The word naming the object after a keyword, skipping `IF [NOT] EXISTS`, `ONLY` and `CONCURRENTLY`.
    private static func object(after offset: Int, in words: [String]) -> String? {
        var index = offset + 1
        while index < words.count, ["if", "not", "exists", "only", "concurrently"].contains(words[index]) { index += 1 }
        return index < words.count ? words[index] : nil
    }

    /// The query that lists the left-out tables that exist in a database (empty when none does).
    var existingTablesQuery: String {
        let names = tables.map { SQLLiteral.string($0) }.joined(separator: ", ")
        return "SELECT t FROM unnest(ARRAY[\(names)]::text[]) AS t WHERE to_regclass(quote_ident(t)) IS NOT NULL ORDER BY t"
    }
}
