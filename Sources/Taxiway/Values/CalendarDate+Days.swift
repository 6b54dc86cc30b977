extension CalendarDate {
    /// The number of days from 2000-01-01 (PostgreSQL's epoch for `date`) to this date; negative before it.
    public var daysSince2000: Int32 {
        // Years 1…9999 are within ±3 million days: the count always fits.
        Int32(truncatingIfNeeded: Self.daysFromCivil(year: year, month: month, day: day) - Self.epoch2000)
    }

    /// The date `days` days after 2000-01-01 (before it when negative); nil outside years 1…9999.
    public init?(daysSince2000 days: Int32) {
        let (year, month, day) = Self.civilFromDays(Int(days) + Self.epoch2000)
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days after this one (before it when negative); nil outside years 1…9999.
    public func adding(days: Int) -> CalendarDate? {
        let (total, overflow) = Int(daysSince2000).addingReportingOverflow(days)
        guard !overflow, let narrow = Int32(exactly: total) else { return nil }
        return CalendarDate(daysSince2000: narrow)
    }

    /// Days from 1970-01-01 to 2000-01-01.
    static let epoch2000 = 10_957

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
