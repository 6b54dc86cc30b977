import PostgresNIO

/// Raw bytes bound to and read from a PostgreSQL `bytea` column, e.g. a ``FieldCipher``-sealed value.
///
/// A plain `[UInt8]` does not do: PostgresNIO binds it as an array of `"char"`, not as `bytea`.
public struct Bytea: Sendable, Hashable {
    /// The bytes.
    public var bytes: [UInt8]

    /// A value holding `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

extension Bytea: PostgresNonThrowingEncodable, PostgresDecodable {
    /// Bound as `bytea`.
    public static var psqlType: PostgresDataType { .bytea }

    /// Sent in binary format (the bytes as they are).
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes the bytes.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeBytes(bytes)
    }

    /// Reads a `bytea` value (in binary format, as PostgresNIO requests results).
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .bytea else { throw PostgresDecodingError.Code.typeMismatch }
        self.bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
