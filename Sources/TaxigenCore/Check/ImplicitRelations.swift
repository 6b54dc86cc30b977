/// The relations the generated SQL makes without naming them in a `CREATE TABLE` or `CREATE INDEX` of its own,
/// for the schema-wide namespace check (`PostgresNames.checkNamespace`):
///
/// - the identity sequence of each history table's `history_id`, which PostgreSQL names
///   `<history table>_history_id_seq` (cut to 63 bytes by its `makeObjectName`);
/// - the partitions a partitioned table's `<table>_create_partitions()` makes, `<table>_pYYYYMMDD` for any date,
///   and the indexes PostgreSQL clones onto each of them, named by `ChooseIndexName` after the partition:
///   `<partition>_pkey` and `<partition>_<columns>_idx` (cut to 63 bytes, which can cut into the date, with a
///   number after the label when the name is taken). A partitioned table has no DEFAULT partition;
/// - the migration ledger and data-step progress tables (and their primary-key indexes) that taxigen's
///   migrations create beside the tables.
///
/// - the temporary name a migration builds an index under when it rebuilds it in place (`<name>_rebuilt`).
///
/// TOAST tables and their indexes live in `pg_toast`, outside the schema's namespace.
enum ImplicitRelations {
    /// The temporary name a migration builds a changed index under, `CONCURRENTLY`, before it drops the old one
    /// and renames the new: `<name>_rebuilt`, the name cut to fit 63 bytes. A relation of the schema with that
    /// name would be taken for the rebuilt index (`CREATE INDEX … IF NOT EXISTS` skips it), so it is refused.
    static func rebuiltIndex(_ name: String) -> String {
        String(name.prefix(Naming.maxIdentifierBytes - 8)) + "_rebuilt"
    }

    /// The identity sequence PostgreSQL makes for the history table's `history_id`.
    static func historySequence(of table: String) -> String {
        objectName(HistoryNames.table(of: table), HistoryNames.idColumn, label: "seq")
    }

    /// The name PostgreSQL's `makeObjectName` gives `<first>_<second>_<label>`: the longer of the two names is
    /// cut, a byte at a time, until the whole fits 63 bytes.
    static func objectName(_ first: String, _ second: String?, label: String) -> String {
        let pattern = objectName(literal(first), second.map(literal), label: literal(label))
        return String(decoding: pattern.compactMap { $0 }, as: UTF8.self)
    }

    /// The relations taxigen's migrations create in the schema, beside the tables (`CREATE TABLE IF NOT EXISTS`).
    static let migrationRelations: [(name: String, what: String)] = [
        (Ledger.table, "the migration ledger table '\(Ledger.table)' that taxigen's migrations create"),
        (DerivedNames.primaryKeyConstraint(table: Ledger.table),
         "the primary-key index '\(DerivedNames.primaryKeyConstraint(table: Ledger.table))' of taxigen's migration ledger"),
        (DataStep.progressTable, "the data-step progress table '\(DataStep.progressTable)' that taxigen's migrations create"),
        (DerivedNames.primaryKeyConstraint(table: DataStep.progressTable),
         "the primary-key index '\(DerivedNames.primaryKeyConstraint(table: DataStep.progressTable))' of taxigen's data-step progress table"),
    ]

    // MARK: - Partitions

    /// A name with some bytes left open: nil stands for any ASCII digit (a partition's date, or the number
    /// PostgreSQL adds to a label when the name is taken).
    typealias Pattern = [UInt8?]

    /// The most digits PostgreSQL's added number is matched with (`_idx1` … `_idx9999`: a daily partition for
    /// 27 years whose indexes' names all lost their date).
    static let maxLabelDigits = 4

    /// A pattern that matches `text` alone.
    static func literal(_ text: String) -> Pattern { text.utf8.map { $0 } }

    /// A name every partition of one partitioned table, or one of its indexes, can have.
    struct PartitionPattern {
        enum Kind { case partition, primaryKey, index }
        let pattern: Pattern
        let kind: Kind
        /// The partitioned table and its entity.
        let table: String
        let entity: String
        /// Where the spec says `append_only:`.
        let location: SourceLocation

        func matches(_ name: [UInt8]) -> Bool {
            guard name.count == pattern.count else { return false }
            for (byte, expected) in zip(name, pattern) {
                if let expected {
                    if byte != expected { return false }
                } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    return false
                }
            }
            return true
        }

        /// What a diagnostic says after "has the name of".
        var what: String {
            let create = DerivedNames.createPartitionsFunction(table: table)
            switch kind {
            case .partition:
                return "a partition of table '\(table)' of entity '\(entity)' (\(location)), which `\(create)()` names `\(table)_pYYYYMMDD`"
            case .primaryKey:
                return "the primary-key index PostgreSQL makes on each partition of table '\(table)' of entity '\(entity)' (\(location)), `\(table)_pYYYYMMDD_pkey`"
            case .index:
                return "an index PostgreSQL makes on each partition of table '\(table)' of entity '\(entity)' (\(location)), named after the partition `\(table)_pYYYYMMDD` and the indexed columns"
            }
        }
    }

    /// The names the partitions of a partitioned entity, and their indexes, can take; empty for any other entity.
    static func partitionPatterns(of entity: Entity) -> [PartitionPattern] {
        guard let trait = entity.traits.appendOnly, trait.partitioning != nil else { return [] }
        let partition = literal(entity.tableName + "_p") + Pattern(repeating: nil, count: 8)
        func make(_ pattern: Pattern, _ kind: PartitionPattern.Kind) -> PartitionPattern {
            PartitionPattern(pattern: pattern, kind: kind, table: entity.tableName, entity: entity.name, location: trait.location)
        }
        var result = [make(partition, .partition)]
        for digits in 0...maxLabelDigits {
            let number = Pattern(repeating: nil, count: digits)
            result.append(make(objectName(partition, nil, label: literal("pkey") + number), .primaryKey))
            for index in entity.indexes {
                result.append(make(objectName(partition, literal(indexNameAddition(index.columns)), label: literal("idx") + number),
                                   .index))
            }
        }
        return result
    }

    /// PostgreSQL's `ChooseIndexNameAddition`: the column names joined by `_`, stopping once 64 bytes are reached.
    static func indexNameAddition(_ columns: [String]) -> String {
        var result = ""
        for column in columns {
            if !result.isEmpty { result += "_" }
            result += column
            if result.utf8.count >= Naming.maxIdentifierBytes + 1 { break }
        }
        return result
    }

    /// PostgreSQL's `makeObjectName` over patterns: the longer of the two names is cut, a byte at a time, until
    /// `<first>_<second>_<label>` fits 63 bytes (never in the middle of a character).
    static func objectName(_ first: Pattern, _ second: Pattern?, label: Pattern) -> Pattern {
        var one = first.count, two = second?.count ?? 0
        let available = Naming.maxIdentifierBytes - label.count - 1 - (second == nil ? 0 : 1)
        while one + two > available {
            if one > two { one -= 1 } else { two -= 1 }
        }
        func clip(_ bytes: Pattern, _ count: Int) -> Pattern {
            var count = count
            while count > 0, count < bytes.count, let byte = bytes[count], byte & 0xC0 == 0x80 { count -= 1 }
            return Array(bytes.prefix(count))
        }
        var result = clip(first, one)
        if let second { result += [UInt8(ascii: "_")] + clip(second, two) }
        return result + [UInt8(ascii: "_")] + label
    }
}
