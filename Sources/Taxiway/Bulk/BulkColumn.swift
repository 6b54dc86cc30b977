import Foundation
import PostgresNIO

/// One column of a bulk insert: the values of one field across a batch, bound as a single PostgreSQL array
/// parameter (binary format). An element may be NULL, which PostgresNIO's own array binding cannot express.
///
/// Generated repositories bind one `BulkColumn` per written column and insert
/// `SELECT … FROM unnest($1::text[], $2::numeric[], …)`: a statement of fixed text whatever the batch size.
public struct BulkColumn<Element: PostgresEncodable>: PostgresThrowingDynamicTypeEncodable {
    /// The array type, e.g. `.textArray` for `String` elements.
    public let psqlType: PostgresDataType
    /// Arrays are sent in binary format.
    public var psqlFormat: PostgresFormat { .binary }
    /// The elements, nil for NULL.
    public let values: [Element?]

    /// A column of values that may be NULL.
    public init(_ values: [Element?], type: PostgresDataType) {
        self.values = values
        self.psqlType = type
    }

    /// A column of values that are never NULL.
    public init(_ values: [Element], type: PostgresDataType) {
        self.init(values.map { Optional($0) }, type: type)
    }

    /// Writes PostgreSQL's binary array: one dimension, a NULL flag, the element type, the length, the
    /// lower bound 1, then each element as its length (-1 for NULL) and its bytes.
    ///
    /// `Date` and `Decimal` elements are written without PostgresNIO's encoders, which trap on a NaN or
    /// out-of-range `Date` and on `Decimal.nan`: such an element throws ``IllegalArgument`` instead.
    /// - Throws: ``IllegalArgument`` for a `Date` PostgreSQL cannot store, a NaN `Decimal`, or more elements
    ///   than an array holds.
    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer,
                                                         context: PostgresEncodingContext<JSONEncoder>) throws {
        guard let count = Int32(exactly: values.count) else {
            throw IllegalArgument(message: "a bulk column holds at most \(Int32.max) values, got \(values.count)")
        }
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(values.contains { $0 == nil } ? 1 : 0))
        buffer.writeInteger(Element.psqlType.rawValue)
        buffer.writeInteger(count)
        buffer.writeInteger(Int32(1))
        if let dates = values as? [Date?] {
            try Self.writeElements(dates, into: &buffer) { date, buffer in
                guard let microseconds = PostgresRange.timestampMicroseconds(date) else {
                    throw IllegalArgument(message: "a timestamp must be \(PostgresRange.timestampRangeDescription)")
                }
                buffer.writeInteger(microseconds)
            }
        } else if let decimals = values as? [Decimal?] {
            try Self.writeElements(decimals, into: &buffer) { decimal, buffer in
                try DecimalBinding(decimal).encode(into: &buffer, context: context)
            }
        } else {
            try Self.writeElements(values, into: &buffer) { value, buffer in
                try value.encode(into: &buffer, context: context)
            }
        }
    }

    /// Writes each element as its length (-1 for NULL) and the bytes `write` appends.
    private static func writeElements<Item>(_ items: [Item?], into buffer: inout ByteBuffer,
                                            _ write: (Item, inout ByteBuffer) throws -> Void) throws {
        for item in items {
            guard let item else {
                buffer.writeInteger(Int32(-1))
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(Int32(0))
            let start = buffer.writerIndex
            try write(item, &buffer)
            guard let length = Int32(exactly: buffer.writerIndex - start) else {
                throw IllegalArgument(message: "a bulk column value is larger than PostgreSQL accepts")
            }
            buffer.setInteger(length, at: lengthIndex)
        }
    }
}
