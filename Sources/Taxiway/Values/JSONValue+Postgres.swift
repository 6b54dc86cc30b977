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
}
