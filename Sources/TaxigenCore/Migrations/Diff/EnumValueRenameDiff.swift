import Foundation

/// The enum values one column renames in a migration (`renamed_values:` of an enum field): the rows holding a
/// former value the last migration's CHECK allows are rewritten to the new value, between the old CHECK's drop
/// and the new CHECK's validation.
public struct EnumValueRename: Sendable {
    /// The table (its name after the migration).
    public let table: String
    /// The primary key column, to rewrite in batches by key.
    public let key: String
    /// The column (its name after the migration).
    public let column: String
    /// The column's name before the migration (a downgrade renames it back before its rows are rewritten back).
    public let oldColumn: String
    /// Each former value and the value it becomes, sorted by former value.
    public let values: [Rename]
    /// The values the column's CHECK allowed before, in the old CHECK's order.
    public let oldValues: [String]
    /// The values the column's CHECK allows after.
    public let newValues: [String]

    /// Whether a downgrade can tell the rows apart again: not when a value becomes one that already existed, or
    /// two values become the same one.
    public var isReversible: Bool {
        let targets = values.map(\.to)
        return Set(targets).count == targets.count && !targets.contains(where: oldValues.contains)
    }

    /// The former values no rename covers and the new CHECK no longer allows: rows holding them stop the
    /// migration at the CHECK's validation.
    public var removedValues: [String] {
        oldValues.filter { value in !newValues.contains(value) && !values.contains { $0.from == value } }
    }
}

/// Finds the enum value renames of the tables a migration alters.
enum EnumValueRenameDiff {
    /// The renames of every altered table; a former value the last migration never had is a warning (the new
    /// value is added as a new one).
    static func renames(in tables: [TableDiff], schema: Schema, into log: inout DiagnosticLog) -> [EnumValueRename] {
        var result: [EnumValueRename] = []
        for table in tables {
            guard let entity = schema.entities.first(where: { $0.tableName == table.new.name }) else { continue }
            let oldName = Dictionary(uniqueKeysWithValues: table.renamedColumns.map { ($0.to, $0.from) })
            for column in entity.columns {
                guard case .enumeration(let enumType) = column.type, !enumType.renamedValues.isEmpty else { continue }
                let before = oldName[column.name] ?? column.name
                guard table.old.column(named: before) != nil,
                      let oldValues = table.old.checks.lazy.compactMap({ values(of: $0, column: before) }).first else { continue }
                var renames: [Rename] = []
                for (former, current) in enumType.renamedValues.sorted(by: { $0.key < $1.key }) {
                    if oldValues.contains(former) {
                        renames.append(Rename(from: former, to: current))
                    } else if !oldValues.contains(current) {
                        log.warning("enum value '\(current)' of field '\(column.name)' is renamed from '\(former)', but the last migration's '\(column.name)' has no value '\(former)'",
                                    at: column.location, hint: "'\(current)' is added as a new value; remove `\(former): \(current)` from `renamed_values` if that is right")
                    }
                }
                guard !renames.isEmpty else { continue }
                result.append(EnumValueRename(table: table.new.name, key: table.new.primaryKey, column: column.name, oldColumn: before, values: renames,
                                              oldValues: oldValues, newValues: enumType.values))
            }
        }
        return result
    }

    /// The values of an enum CHECK (`status IN ('open', 'closed')`) on `column`, or nil for another CHECK.
    static func values(of check: CheckSnapshot, column: String) -> [String]? {
        guard check.column == column else { return nil }
        let head = "\(Naming.sqlIdentifier(column)) IN ("
        guard check.expression.hasPrefix(head), check.expression.hasSuffix(")") else { return nil }
        let list = check.expression.dropFirst(head.count).dropLast()
        var values: [String] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
            values.append(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        return values
    }
}
