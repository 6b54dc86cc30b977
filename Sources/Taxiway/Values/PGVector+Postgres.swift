import PostgresNIO

extension PGVector: PostgresNonThrowingEncodable, PostgresDecodable {
    /// Bound as `text`; cast it with `::vector` in SQL.
    public static var psqlType: PostgresDataType { .text }

    /// Sent as the UTF-8 bytes of the text form.
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes pgvector's text form.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeString(text)
    }

    /// Reads `real[]` (the column cast with `::real[]`), text (`::text`), or pgvector's own binary
    /// form (the column selected as is: an `Int16` dimension count, an unused `Int16`, then the
    /// big-endian `Float32` components).
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch (format, type) {
        case (_, .float4Array):
            self.init(try [Float](from: &buffer, type: type, format: format, context: context))
        case (.text, _), (_, .text), (_, .varchar):
            guard let text = buffer.readString(length: buffer.readableBytes), let vector = PGVector(text: text) else {
                throw PostgresDecodingError.Code.failure
            }
            self = vector
        case (.binary, _):
            guard let dimensions = buffer.readInteger(as: Int16.self), dimensions >= 0,
                  buffer.readInteger(as: Int16.self) != nil,
                  buffer.readableBytes == Int(dimensions) * 4
            else { throw PostgresDecodingError.Code.typeMismatch }
            var values: [Float] = []
            values.reserveCapacity(Int(dimensions))
            for _ in 0..<dimensions {
                guard let bits = buffer.readInteger(as: UInt32.self) else { throw PostgresDecodingError.Code.failure }
                values.append(Float(bitPattern: bits))
            }
            self.init(values)
        }
    }
}
