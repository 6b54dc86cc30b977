import Foundation

/// The values PostgreSQL can store, for the types whose Swift counterpart reaches further: what validation
/// accepts and what Taxiway binds, so a value outside them is refused, never trapped on.
///
/// | type | PostgreSQL stores | Swift side |
/// | --- | --- | --- |
/// | `timestamptz` | 4714-11-24 BC 00:00 UTC … 294276-12-31 23:59:59.999999 UTC, and `±infinity` | `Date` reaches ±1.8e308 s and NaN |
/// | `date` | 4714-11-24 BC … 5874897-12-31 AD | ``CalendarDate`` holds years 1…9999 only, so always fits |
/// | `numeric(p, s)` | `p - s` digits before the point, `s` after (more are rounded), `NaN`, `±Infinity` | `Decimal` has `NaN` and 38 digits × 10^-128…10^127 |
/// | `double precision` | every `Double`, `NaN` and `±Infinity` included | — (JSON cannot carry non-finite numbers) |
/// | `vector(n)` | exactly `n` finite `real` components | `[Float]` of any length, `NaN`, `±infinity` |
/// | `jsonb` | no `\u0000` in strings or keys, finite numbers | ``JSONValue`` |
public enum PostgresRange {
    /// The first instant `timestamptz` stores, as microseconds since 2000-01-01 00:00 UTC (PostgreSQL's
    /// `MIN_TIMESTAMP`: Julian day 0, 4714-11-24 BC in the proleptic Gregorian calendar).
    public static let minimumTimestampMicroseconds: Int64 = -211_813_488_000_000_000
    /// The first instant past `timestamptz`'s range (PostgreSQL's `END_TIMESTAMP`: 294277-01-01 00:00 UTC).
    public static let endTimestampMicroseconds: Int64 = 9_223_371_331_200_000_000

    /// The first instant a `timestamptz` column stores.
    public static let minimumTimestamp = Date(timeIntervalSince1970: -210_866_803_200)
    /// The first instant past what a `timestamptz` column stores (294277-01-01 00:00 UTC).
    public static let endTimestamp = Date(timeIntervalSince1970: 9_224_318_016_000)

    /// The range in words, for messages.
    public static let timestampRangeDescription = "between 4713 BC and 294276 AD"

    /// 2000-01-01 00:00 UTC, PostgreSQL's epoch.
    static let epoch2000 = Date(timeIntervalSince1970: 946_684_800)

    /// The microseconds since 2000-01-01 that PostgresNIO binds for `date` (truncated toward zero), or nil when
    /// `date` is NaN or outside what `timestamptz` stores.
    public static func timestampMicroseconds(_ date: Date) -> Int64? {
        let microseconds = date.timeIntervalSince(epoch2000) * 1_000_000
        // Both bounds are exact in a Double; truncation toward zero keeps an in-range value in range.
        guard microseconds.isFinite,
              microseconds >= Double(minimumTimestampMicroseconds),
              microseconds < Double(endTimestampMicroseconds)
        else { return nil }
        return Int64(microseconds)
    }

    /// Whether a `timestamptz` column stores `date` (a finite instant within its range; not `±infinity`).
    public static func isStorable(_ date: Date) -> Bool {
        timestampMicroseconds(date) != nil
    }

    /// Whether `microseconds` since 2000-01-01 is a finite instant within `timestamptz`'s range.
    public static func isStorable(timestampMicroseconds microseconds: Int64) -> Bool {
        microseconds >= minimumTimestampMicroseconds && microseconds < endTimestampMicroseconds
    }

    /// The `Date` of `microseconds` since 2000-01-01, as PostgresNIO decodes it.
    static func date(timestampMicroseconds microseconds: Int64) -> Date {
        Date(timeInterval: Double(microseconds) / 1_000_000, since: epoch2000)
    }

    /// The most significant decimal digits a `Decimal` holds exactly.
    public static let decimalDigits = 38
}
