import Foundation

/// Raised when a repository reads a `sensitive` column whose value does not open: it was altered, copied
/// from another row or column, sealed with a key that has left the keyring, or written by a release whose
/// format the cipher does not accept.
///
/// The message names the table, the column, the row's key and the cipher's reason, never a value; retrying
/// does not help (``reason`` says what would).
public struct UnreadableSealedValue: TaxiwayError, Equatable {
    /// The table, e.g. `customers`.
    public let table: String
    /// The column, e.g. `tax_number`.
    public let column: String
    /// The key of the row that was read.
    public let id: UUID
    /// Why the cipher refused the value.
    public let reason: FieldCipherError

    /// An unreadable sealed value of `table.column` in the row `id`.
    public init(table: String, column: String, id: UUID, reason: FieldCipherError) {
        self.table = table
        self.column = column
        self.id = id
        self.reason = reason
    }

    /// A message naming the column, the row and the reason.
    public var description: String {
        "the sealed value of \(table).\(column) in row \(id) cannot be opened: \(reason)"
    }
}
