import Foundation

extension CalendarDate {
    /// The calendar day `date` falls on in `timeZone` (UTC by default), in the proleptic Gregorian calendar
    /// as PostgreSQL counts days (Foundation's calendar switches to the Julian one before 1582); nil when
    /// `date` is NaN or falls outside years 1…9999.
    public init?(_ date: Date, in timeZone: TimeZone = .gmt) {
        let interval = date.timeIntervalSince1970
        // Years 1…9999 lie within ±400,000 years of 1970 with room to spare; beyond, no zone is asked.
        guard interval.isFinite, abs(interval) < 12_700_000_000_000 else { return nil }
        let local = interval + Double(timeZone.secondsFromGMT(for: date))
        let (year, month, day) = Self.civilFromDays(Int((local / 86_400).rounded(.down)))
        self.init(year: year, month: month, day: day)
    }

    /// Midnight at the start of this day in `timeZone` (UTC by default).
    public func startOfDay(in timeZone: TimeZone = .gmt) -> Date {
        let midnightUTC = Double(Int(daysSince2000) + Self.epoch2000) * 86_400
        // The zone's offset at local midnight: asked at the UTC guess, then once more at the corrected instant.
        let guess = midnightUTC - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: midnightUTC)))
        return Date(timeIntervalSince1970: midnightUTC - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }

    /// Today's date in `timeZone` (UTC by default).
    public static func today(in timeZone: TimeZone = .gmt) -> CalendarDate {
        // The clock reads a year within 1…9999; 2000-01-01 stands in for a clock gone wrong.
        CalendarDate(Date(), in: timeZone) ?? Self.epochDate
    }

    /// 2000-01-01.
    static let epochDate = CalendarDate(uncheckedYear: 2000, month: 1, day: 1)
}
