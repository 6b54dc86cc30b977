import Foundation
import PostgresNIO

/// A `Date` bound as `timestamptz` without PostgresNIO's own encoder, which traps (`Int64(_:)` of a
/// non-finite or huge number) for a NaN `Date` or one beyond ±292,000 years.
///
/// An instant PostgreSQL stores is sent as PostgresNIO sends it (microseconds since 2000, truncated); any
/// other is sent as a value the server refuses (`22008`, which ``DatabaseErrorMapper`` makes
/// ``IllegalArgument``), so the statement fails instead of the process. Generated validation refuses such
/// dates before any SQL (``ValidationReport/checkStorable(_:of:)``).
public struct TimestampBinding: PostgresNonThrowingEncodable, Sendable, Hashable {
    /// The instant.
    public let date: Date

    /// The binding of `date`.
    public init(_ date: Date) {
        self.date = date
    }

    /// Microseconds past `timestamptz`'s range and not `infinity` (`Int64.max`): the server refuses them.
    static let refusedMicroseconds = Int64.max - 1

    /// Bound as `timestamptz`.
    public static var psqlType: PostgresDataType { .timestamptz }

    /// Sent in binary format.
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes the microseconds since 2000-01-01, or a value the server refuses.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(PostgresRange.timestampMicroseconds(date) ?? Self.refusedMicroseconds)
    }
}

/// A `Decimal` bound as `numeric` without PostgresNIO's own encoder, which traps on `Decimal.nan`.
///
/// NaN throws ``IllegalArgument`` before anything is sent; finite values are sent as PostgresNIO sends them.
public struct DecimalBinding: PostgresEncodable, Sendable, Hashable {
    /// The number.
    public let value: Decimal

    /// The binding of `value`.
    public init(_ value: Decimal) {
        self.value = value
    }

    /// Bound as `numeric`.
    public static var psqlType: PostgresDataType { .numeric }

    /// Sent in binary format.
    public static var psqlFormat: PostgresFormat { .binary }

    /// Writes the number.
    /// - Throws: ``IllegalArgument`` when it is NaN.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        guard value.isFinite else { throw IllegalArgument(message: "a numeric value must be a number, not NaN") }
        value.encode(into: &byteBuffer, context: context)
    }
}

extension PostgresBindings {
    /// Binds a `Date` as `timestamptz` through ``TimestampBinding``: never traps; a date PostgreSQL cannot
    /// store makes the server refuse the statement (``IllegalArgument``).
    public mutating func append(_ value: Date) {
        append(TimestampBinding(value))
    }

    /// Binds an optional `Date` as `timestamptz` through ``TimestampBinding``, nil as NULL.
    public mutating func append(_ value: Date?) {
        append(value.map(TimestampBinding.init))
    }

    /// Binds a `Decimal` as `numeric` through ``DecimalBinding``.
    /// - Throws: ``IllegalArgument`` when it is NaN.
    public mutating func append(_ value: Decimal) throws {
        try append(DecimalBinding(value))
    }

    /// Binds an optional `Decimal` as `numeric` through ``DecimalBinding``, nil as NULL.
    /// - Throws: ``IllegalArgument`` when it is NaN.
    public mutating func append(_ value: Decimal?) throws {
        try append(value.map(DecimalBinding.init))
    }
}
