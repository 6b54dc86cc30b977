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
    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer,
                                                         context: PostgresEncodingContext<JSONEncoder>) throws {
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(values.contains { $0 == nil } ? 1 : 0))
        buffer.writeInteger(Element.psqlType.rawValue)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))
        for value in values {
            guard let value else {
                buffer.writeInteger(Int32(-1))
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(Int32(0))
            let start = buffer.writerIndex
            try value.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}
