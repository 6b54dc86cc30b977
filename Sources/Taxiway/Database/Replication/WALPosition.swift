/// A position in PostgreSQL's write-ahead log (a `pg_lsn`), as the server prints it: `16/B374D848`.
struct WALPosition: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The 64-bit byte position.
    let value: UInt64

    init(_ value: UInt64) {
        self.value = value
    }

    /// The position `text` (`XXXXXXXX/XXXXXXXX`, hexadecimal), or nil when it is not one.
    init?(text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16),
              high <= UInt64(UInt32.max), low <= UInt64(UInt32.max) else {
            return nil
        }
        value = high << 32 | low
    }

    static func < (lhs: WALPosition, rhs: WALPosition) -> Bool { lhs.value < rhs.value }

    var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }
}
