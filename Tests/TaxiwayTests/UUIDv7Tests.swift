import Foundation
import Taxiway
import Testing

/// `UUIDv7`: RFC 9562 version 7 keys, strictly increasing in byte order (PostgreSQL's `uuid` order) within a
/// millisecond, across milliseconds and when the clock goes back.
@Suite("UUIDv7")
struct UUIDv7Tests {
    /// A clock tests move by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var now: UInt64
        init(_ now: UInt64) { self.now = now }
        func read() -> UInt64 { lock.withLock { now } }
        func set(_ value: UInt64) { lock.withLock { now = value } }
    }

    /// The 16 bytes of a UUID, for byte-order comparisons.
    static func bytes(_ id: UUID) -> [UInt8] {
        withUnsafeBytes(of: id.uuid) { Array($0) }
    }

    static func isIncreasing(_ ids: [UUID]) -> Bool {
        zip(ids, ids.dropFirst()).allSatisfy { bytes($0).lexicographicallyPrecedes(bytes($1)) }
    }

    @Test("the version is 7, the variant RFC 9562's, and the timestamp the clock's milliseconds")
    func layout() throws {
        let millisecond: UInt64 = 1_767_225_600_123  // 2026-01-01T00:00:00.123Z
        let generator = UUIDv7(clock: { millisecond })
        let id = generator.next()
        let bytes = Self.bytes(id)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(id.uuidString.dropFirst(14).first == "7")
        let time = try #require(UUIDv7.timestamp(of: id))
        #expect(UInt64((time.timeIntervalSince1970 * 1000).rounded()) == millisecond)
        #expect(UUIDv7.timestamp(of: UUID(uuidString: "F81D4FAE-7DEC-41D0-A765-00A0C91E6BF6")!) == nil)  // version 4
    }

    @Test("ten thousand keys in one millisecond strictly increase and share its timestamp")
    func monotonicWithinAMillisecond() {
        let generator = UUIDv7(clock: { 1_767_225_600_000 })
        let ids = (0..<10_000).map { _ in generator.next() }
        #expect(Self.isIncreasing(ids))
        #expect(Set(ids.map { Self.bytes($0).prefix(6) }).count == 1)
    }

    @Test("keys increase across milliseconds, and keep increasing when the clock goes back")
    func clockForwardAndBack() {
        let clock = ManualClock(1_767_225_600_000)
        let generator = UUIDv7(clock: { clock.read() })
        var ids = [generator.next(), generator.next()]
        clock.set(1_767_225_600_001)
        ids.append(generator.next())
        clock.set(1_767_225_599_000)  // an NTP step back by a second
        ids += [generator.next(), generator.next()]
        #expect(Self.isIncreasing(ids))
        #expect(UUIDv7.timestamp(of: ids[4]) == UUIDv7.timestamp(of: ids[2]))
    }

    @Test("uuidString order is byte order, so text comparisons of keys agree with the database")
    func textOrder() {
        let generator = UUIDv7()
        let ids = (0..<1000).map { _ in generator.next() }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
    }

    @Test("keys made on many tasks at once are distinct")
    func concurrent() async {
        let generator = UUIDv7()
        let ids = await withTaskGroup(of: [UUID].self, returning: [UUID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2000).map { _ in generator.next() } }
            }
            var all: [UUID] = []
            for await part in group { all += part }
            return all
        }
        #expect(Set(ids).count == 16_000)
        #expect(ids.count == 16_000)
    }
}
