/// A `sensitive` column as the field cipher sees it: where its values live (table and column, and the names
/// the table and the column had before `renamed_from` renames), whether it has a keyed lookup column, and how
/// SQL names it.
///
/// Generated repositories keep one per sensitive field (`Rows.sealedTable.fields`). A value sealed for one
/// `SealedField` and row opens only for the same table, one of the column's names and the same row key.
public struct SealedField: Sendable, Hashable {
    /// How a plaintext is normalised before its lookup digest is made.
    public enum Lookup: String, Sendable, Hashable, CaseIterable {
        /// Unicode canonical composition (NFC) only: equal where Swift's `==` says two strings are equal.
        case exact
        /// NFC, then lowercased: `Ann@Example.com` finds `ann@example.com`.
        case caseInsensitive = "case_insensitive"
    }

    /// The table, unquoted (`customers`).
    public let table: String
    /// The column, unquoted (`tax_number`).
    public let column: String
    /// The column's former names, most recent first (the spec's `renamed_from`): values sealed under them
    /// still open, and `resealSensitiveFields` moves them to ``column``.
    public let formerColumns: [String]
    /// The table's former names, most recent first (the entity's `renamed_from`): values sealed under them
    /// still open, and `resealSensitiveFields` moves them to ``table``.
    public let formerTables: [String]
    /// How lookup digests normalise the plaintext; nil when the field has no lookup column.
    public let lookup: Lookup?
    /// The column as SQL writes it (quoted where PostgreSQL reserves the name).
    public let sqlColumn: String
    /// The lookup column as SQL writes it (`tax_number_lookup`); nil when the field has none.
    public let lookupSQLColumn: String?
    /// Whether the column may be NULL; an erased NOT NULL value holds ``FieldCipher/erasedValue``.
    public let isNullable: Bool

    /// A sealed column of `table`.
    public init(table: String, column: String, formerColumns: [String] = [], formerTables: [String] = [],
                lookup: Lookup? = nil, sqlColumn: String? = nil, lookupSQLColumn: String? = nil, isNullable: Bool = true) {
        self.table = table
        self.column = column
        self.formerColumns = formerColumns
        self.formerTables = formerTables
        self.lookup = lookup
        self.sqlColumn = sqlColumn ?? column
        self.lookupSQLColumn = lookup == nil ? nil : (lookupSQLColumn ?? column + "_lookup")
        self.isNullable = isNullable
    }

    /// The column's names, current first, then the former ones.
    public var names: [String] { [column] + formerColumns }

    /// Every (table, column) a value of the field may have been sealed or digested under, the current pair
    /// first: each of the table's names with each of the column's, since either may have been renamed since.
    public var sealedNames: [(table: String, column: String)] {
        ([table] + formerTables).flatMap { table in names.map { (table: table, column: $0) } }
    }
}
