/// Raised when a stored value cannot be read as its Swift type: a `timestamptz` that is `infinity` or
/// `-infinity`, a `numeric` that is `NaN`, `±Infinity` or beyond `Decimal`'s 38 digits and 10^±127, a `date`
/// outside years 1…9999, or a column whose type no longer matches the code.
///
/// Such values come from outside the generated repositories (raw SQL, another service, an old release):
/// every value a repository writes reads back. The message names the column and the Swift type, never the
/// value; retrying does not help.
public struct UnreadableValue: TaxiwayError, Equatable {
    /// The column's name as the statement returned it.
    public let column: String
    /// The column's position in the row, from 0.
    public let index: Int
    /// The Swift type the column was read as, e.g. `Date`.
    public let swiftType: String
    /// Why it could not be read, e.g. `timestamp is infinity`.
    public let reason: String

    /// An unreadable value in column `column` (at `index`) read as `swiftType`.
    public init(column: String, index: Int, swiftType: String, reason: String) {
        self.column = column
        self.index = index
        self.swiftType = swiftType
        self.reason = reason
    }

    /// A message naming the column, the type and the reason.
    public var description: String {
        "column \(column) (\(index)) cannot be read as \(swiftType): \(reason)"
    }
}
