import PostgresNIO

extension CalendarDate: PostgresNonThrowingEncodable, PostgresDecodable {
    /// Bound as `date`.
    public static var psqlType: PostgresDataType { .date }

    /// Sent in binary format: an `Int32` count of days since 2000-01-01.
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes the day count.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(daysSince2000)
    }

    /// Reads a `date` in binary (day count) or text (`YYYY-MM-DD`) format. `infinity`, `-infinity`
    /// and dates outside years 1…9999 fail to decode.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch (format, type) {
        case (.binary, .date):
            guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else {
                throw PostgresDecodingError.Code.failure
            }
            guard let date = CalendarDate(daysSince2000: days) else { throw PostgresDecodingError.Code.failure }
            self = date
        case (.text, .date), (_, .text), (_, .varchar):
            guard let text = buffer.readString(length: buffer.readableBytes), let date = CalendarDate(iso8601: text) else {
                throw PostgresDecodingError.Code.failure
            }
            self = date
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}
