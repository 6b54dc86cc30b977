import Foundation
import PostgresNIO

extension KeysetCursor {
    /// One sort key value of a keyset cursor, kept exactly (a timestamp to the microsecond) and bound
    /// to PostgreSQL with its own type, so `(key, id) > ($1, $2)` compares like with like.
    public enum Key: Sendable, Hashable, Codable {
        /// A `text`/`varchar` key (or an enum's raw value).
        case string(String)
        /// An integer key (`int`, `bigint`), bound as `bigint`.
        case int(Int64)
        /// A `double precision` key.
        case double(Double)
        /// A `boolean` key.
        case bool(Bool)
        /// A `uuid` key.
        case uuid(UUID)
        /// A `timestamptz` key, as microseconds since 2000-01-01 00:00 UTC (PostgreSQL's own resolution and epoch).
        case timestamp(microsecondsSince2000: Int64)
        /// A `date` key.
        case date(CalendarDate)
        /// A `numeric` key.
        case decimal(Decimal)
        /// SQL NULL, the value of a nullable sort column (never bound: the query compares with `IS NULL`).
        case null

        /// A `timestamptz` key from a `Date`, rounded to the nearest microsecond. Never traps: a date past
        /// what 64-bit microseconds hold (or NaN) becomes `infinity` (`-infinity` before it), which PostgreSQL
        /// sorts after (before) every instant.
        public static func timestamp(_ date: Date) -> Key {
            let microseconds = ((date.timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded()
            if let exact = Int64(exactly: microseconds) {
                return .timestamp(microsecondsSince2000: exact)
            }
            return .timestamp(microsecondsSince2000: microseconds < 0 ? .min : .max)
        }

        /// Whether PostgreSQL accepts the key as a value of its type: a timestamp within `timestamptz`'s range
        /// (or `±infinity`), text without NUL characters. A cursor decoded from a client's string must be.
        public var isBindable: Bool {
            switch self {
            case .timestamp(let microseconds):
                microseconds == .max || microseconds == .min
                    || PostgresRange.isStorable(timestampMicroseconds: microseconds)
            case .string(let text): !text.utf8.contains(0)
            case .decimal(let number): number.isFinite
            case .int, .double, .bool, .uuid, .date, .null: true
            }
        }

        /// The timestamp as a `Date`, when this is a timestamp key.
        public var dateValue: Date? {
            guard case .timestamp(let microseconds) = self else { return nil }
            return Date(timeIntervalSince1970: 946_684_800 + Double(microseconds) / 1_000_000)
        }
    }
}

extension KeysetCursor.Key: PostgresDynamicTypeEncodable {
    /// The PostgreSQL type the key binds as.
    public var psqlType: PostgresDataType {
        switch self {
        case .string: .text
        case .int: .int8
        case .double: .float8
        case .bool: .bool
        case .uuid: .uuid
        case .timestamp: .timestamptz
        case .date: .date
        case .decimal: .numeric
        case .null: .text
        }
    }

    /// Keys are sent in binary format.
    public var psqlFormat: PostgresFormat { .binary }

    /// Writes the key in its type's binary form.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        switch self {
        case .string(let value): value.encode(into: &byteBuffer, context: context)
        case .int(let value): value.encode(into: &byteBuffer, context: context)
        case .double(let value): value.encode(into: &byteBuffer, context: context)
        case .bool(let value): value.encode(into: &byteBuffer, context: context)
        case .uuid(let value): value.encode(into: &byteBuffer, context: context)
        case .timestamp(let microseconds): byteBuffer.writeInteger(microseconds)
        case .date(let value): value.encode(into: &byteBuffer, context: context)
        case .decimal(let value): value.encode(into: &byteBuffer, context: context)
        case .null: break
        }
    }
}
