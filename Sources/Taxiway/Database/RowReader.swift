import Foundation
import PostgresNIO

/// Reads the columns of a result row in order, the way generated repositories decode a `SELECT` of
/// their column list: `var r = RowReader(row); let id = try r.next(UUID.self); let name = try r.next(String.self)`.
///
/// Decoding by position keeps decoding O(1) per column and independent of column names. A value the Swift
/// type cannot hold (a `timestamptz` that is `infinity`, a `numeric` that is `NaN` or beyond `Decimal`, a
/// `date` outside years 1…9999, a changed column type) throws ``UnreadableValue``; nothing traps.
///
/// The reading functions are `@inlinable`: generated code calls them for every column of every row, and
/// inlined they are specialised for each column's type in the calling module instead of looking up generic
/// metadata at run time.
public struct RowReader {
    @usableFromInline let row: PostgresRandomAccessRow
    @usableFromInline var position = 0

    /// The position of the column ``next(_:)`` reads next.
    public var index: Int { position }

    /// A reader positioned at the first column of `row`.
    @inlinable
    public init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    /// The number of columns in the row.
    @inlinable
    public var count: Int { row.count }

    /// Decodes the next column as `T` (use an `Optional` type for nullable columns) and moves on.
    /// - Throws: ``UnreadableValue`` when the column does not decode as `T`.
    @inlinable
    public mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        let value = try column(position, as: T.self)
        position += 1
        return value
    }

    /// Decodes the column at `position` as `T`, without moving.
    /// - Throws: ``UnreadableValue`` when the column does not decode as `T`.
    @inlinable
    public func column<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws -> T {
        try read(position, as: T.self) { try Self.decode($0, as: T.self) }
    }

    /// Decodes a cell; `Date` and `Decimal` (and their optionals) through ``StoredValueDecoding``, which
    /// refuses `timestamptz` `±infinity` and reads every `numeric` without PostgresNIO's trapping or lossy
    /// conversions, everything else through PostgresNIO.
    @inlinable
    static func decode<T: PostgresDecodable>(_ cell: PostgresCell, as type: T.Type) throws -> T {
        let isNull = cell.bytes == nil
        if T.self == Date.self || (T.self == Date?.self && !isNull) {
            if let value = try StoredValueDecoding.date(cell) as? T { return value }
        } else if T.self == Decimal.self || (T.self == Decimal?.self && !isNull) {
            if let value = try StoredValueDecoding.decimal(cell) as? T { return value }
        }
        return try cell.decode(T.self)
    }

    /// Runs `decode` on the cell at `position`, turning every decoding failure into ``UnreadableValue``
    /// (the type's name is spelled only then: spelling it costs more than decoding most values).
    @inlinable
    func read<T>(_ position: Int, as type: T.Type, _ decode: (PostgresCell) throws -> T) throws -> T {
        var swiftType: String { "\(T.self)" }
        guard position >= 0, position < row.count else {
            throw UnreadableValue(column: "#\(position)", index: position, swiftType: swiftType,
                                  reason: "the row has only \(row.count) columns")
        }
        let cell = row[position]
        do {
            return try decode(cell)
        } catch let refusal as StoredValueDecoding.Refusal {
            throw UnreadableValue(column: cell.columnName, index: position, swiftType: swiftType, reason: refusal.reason)
        } catch let error as PostgresDecodingError {
            throw UnreadableValue(column: cell.columnName, index: position, swiftType: swiftType,
                                  reason: Self.reason(error.code, type: cell.dataType))
        }
    }

    /// The decoding failure in words; never the value (it may be sensitive).
    @usableFromInline
    static func reason(_ code: PostgresDecodingError.Code, type: PostgresDataType) -> String {
        switch code {
        case .missingData: "the column is NULL"
        case .typeMismatch: "the column's type (\(type)) does not match"
        default: "the stored \(type) value has no Swift value of this type"
        }
    }
}
