import Foundation

extension CalendarDate {
    /// The calendar day `date` falls on in `timeZone` (UTC by default).
    public init(_ date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    /// Midnight at the start of this day in `timeZone` (UTC by default).
    public func startOfDay(in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// Today's date in `timeZone` (UTC by default).
    public static func today(in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> CalendarDate {
        CalendarDate(Date(), in: timeZone)
    }
}
