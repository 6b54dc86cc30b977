import PostgresNIO

extension JSONValue: PostgresNonThrowingEncodable, PostgresDecodable {
    /// Bound as `jsonb`.
    public static var psqlType: PostgresDataType { .jsonb }

    /// Sent in binary format (a version byte, then the JSON text).
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes the jsonb binary form; never fails (non-finite numbers become `null`).
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(UInt8(1))
        byteBuffer.writeString(jsonText)
    }

    /// Reads `jsonb` or `json` as PostgresNIO reads any `Decodable` value, without the effort limit meant for
    /// clients' JSON: what the database stores is read back whatever its shape.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch (format, type) {
        case (.binary, .jsonb):
            guard buffer.readInteger(as: UInt8.self) == 1 else { throw PostgresDecodingError.Code.failure }
            self = try JSONValue.decodeTrusted { try context.jsonDecoder.decode(JSONValue.self, from: buffer) }
        case (.binary, .json), (.text, .jsonb), (.text, .json):
            self = try JSONValue.decodeTrusted { try context.jsonDecoder.decode(JSONValue.self, from: buffer) }
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}
