import Foundation

/// Time-ordered UUIDs, version 7 of RFC 9562: 48 bits of Unix time in milliseconds, then a 42-bit counter
/// (the 12 bits of `rand_a` and the first 30 of `rand_b`), then 32 random bits.
///
/// Keys made by one generator increase strictly, in byte order (which is PostgreSQL's `uuid` order): within
/// one millisecond the counter goes up by one (RFC 9562 §6.2, method 1, seeded at random with its top bit
/// clear); when it would overflow, or when the clock goes back, the generator keeps counting on the last
/// timestamp it used (moved one millisecond on when the counter is spent), so a key is never smaller than the
/// one before. Keys inserted in time order land at the right end of the primary key's index, so inserts stay
/// local in the index instead of touching random pages.
///
/// ```swift
/// let id = UUIDv7.next()          // the shared generator
/// UUIDv7.timestamp(of: id)        // when it was made, to the millisecond
/// ```
public final class UUIDv7: @unchecked Sendable {
    /// The generator `next()` uses, shared by the process (append-only repositories make their keys here).
    public static let shared = UUIDv7()

    /// The largest counter value plus one: 42 bits.
    static let counterLimit: UInt64 = 1 << 42

    private let lock = NSLock()
    private let milliseconds: @Sendable () -> UInt64
    // Guarded by `lock`.
    private var lastMilliseconds: UInt64 = 0
    private var counter: UInt64 = 0

    /// A generator reading the system clock, or `clock` (milliseconds since 1970), e.g. a fixed one in tests.
    public init(clock: (@Sendable () -> UInt64)? = nil) {
        milliseconds = clock ?? { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) }
    }

    /// A new key from the shared generator.
    public static func next() -> UUID { shared.next() }

    /// A new key, greater than every key this generator made before.
    public func next() -> UUID {
        var random = SystemRandomNumberGenerator()
        let now = milliseconds() & 0xFFFF_FFFF_FFFF
        let (time, count): (UInt64, UInt64) = lock.withLock {
            if now > lastMilliseconds {
                lastMilliseconds = now
                counter = random.next() & (Self.counterLimit / 2 - 1)  // top bit clear: room to count
            } else {
                counter += 1
                if counter >= Self.counterLimit {
                    lastMilliseconds += 1
                    counter = random.next() & (Self.counterLimit / 2 - 1)
                }
            }
            return (lastMilliseconds, counter)
        }
        return Self.uuid(milliseconds: time, counter: count, random: UInt32.random(in: .min ... .max, using: &random))
    }

    /// The UUID of these parts: `milliseconds` (48 bits), `counter` (42 bits) and `random` (32 bits), with
    /// version 7 and the RFC 9562 variant.
    static func uuid(milliseconds: UInt64, counter: UInt64, random: UInt32) -> UUID {
        let randA = UInt8((counter >> 38) & 0x0F)  // the counter's top 4 bits, beside the version nibble
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
            UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
            UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds),
            0x70 | randA, UInt8(truncatingIfNeeded: counter >> 30),
            0x80 | UInt8((counter >> 24) & 0x3F), UInt8(truncatingIfNeeded: counter >> 16),
            UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter),
            UInt8(truncatingIfNeeded: random >> 24), UInt8(truncatingIfNeeded: random >> 16),
            UInt8(truncatingIfNeeded: random >> 8), UInt8(truncatingIfNeeded: random)))
    }

    /// When a version 7 UUID was made (its 48-bit millisecond timestamp); nil for any other version.
    public static func timestamp(of id: UUID) -> Date? {
        let bytes = id.uuid
        guard bytes.6 >> 4 == 7, bytes.8 & 0xC0 == 0x80 else { return nil }
        let parts = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5]
        let milliseconds = parts.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
