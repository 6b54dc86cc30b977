import PostgresNIO

/// Reads the columns of a result row in order, the way generated repositories decode a `SELECT` of
/// their column list: `var r = RowReader(row); let id = try r.next(UUID.self); let name = try r.next(String.self)`.
///
/// Decoding by position keeps decoding O(1) per column and independent of column names.
public struct RowReader {
    private let row: PostgresRandomAccessRow
    /// The position of the column ``next(_:)`` reads next.
    public private(set) var index = 0

    /// A reader positioned at the first column of `row`.
    public init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    /// The number of columns in the row.
    public var count: Int { row.count }

    /// Decodes the next column as `T` (use an `Optional` type for nullable columns) and moves on.
    /// - Throws: `PostgresDecodingError` when the column does not decode as `T`.
    public mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        let value = try column(index, as: T.self)
        index += 1
        return value
    }

    /// Decodes the column at `position` as `T`, without moving.
    public func column<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws -> T {
        try row[position].decode(T.self)
    }
}
