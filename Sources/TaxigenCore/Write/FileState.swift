import Foundation

/// What the file system says about a file without reading it: its device and inode, its size, and when its
/// contents (modification time) and its entry (change time, which no tool can set back) last changed.
///
/// Two equal states of one path mean the file was not written or replaced in between, the way git's index
/// and make tell that a file is unchanged.
public struct FileState: Sendable, Hashable, CustomStringConvertible {
    /// A time stamp to the nanosecond, ordered.
    public struct Time: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Whole seconds since the epoch.
        public let seconds: Int64
        /// Nanoseconds within the second.
        public let nanoseconds: Int64

        /// Creates a time.
        public init(seconds: Int64, nanoseconds: Int64) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }

        public static func < (lhs: Time, rhs: Time) -> Bool {
            (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
        }

        /// `seconds.nanoseconds`, nine digits after the point.
        public var description: String {
            let fraction = String(nanoseconds)
            return "\(seconds)." + String(repeating: "0", count: max(0, 9 - fraction.count)) + fraction
        }

        /// Reads the form `description` prints, from its bytes.
        init?(_ text: ArraySlice<UInt8>) {
            guard let point = text.firstIndex(of: UInt8(ascii: ".")), text.endIndex - point == 10,
                  let seconds = Self.number(text[..<point]).flatMap(Int64.init(exactly:)),
                  let nanoseconds = Self.number(text[(point + 1)...]).flatMap(Int64.init(exactly:)) else { return nil }
            self.init(seconds: seconds, nanoseconds: nanoseconds)
        }

        /// A decimal number that fits in 64 bits, or nil.
        static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
            guard !digits.isEmpty else { return nil }
            var value: UInt64 = 0
            for digit in digits {
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
                let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, carry) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
                guard !overflow, !carry else { return nil }
                value = sum
            }
            return value
        }
    }

    /// The device the file is on.
    public let device: UInt64
    /// The file's inode on that device.
    public let inode: UInt64
    /// The size in bytes.
    public let size: Int64
    /// When the contents last changed.
    public let modified: Time
    /// When the file's entry last changed (contents, permissions, links).
    public let changed: Time

    /// Creates a state from its parts.
    public init(device: UInt64, inode: UInt64, size: Int64, modified: Time, changed: Time) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    /// The state of the file at `path` (links followed); nil when it does not exist or is not a regular file.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let modified = status.st_mtimespec, changed = status.st_ctimespec
        #else
        let modified = status.st_mtim, changed = status.st_ctim
        #endif
        self.init(device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino),
                  size: Int64(status.st_size),
                  modified: Time(seconds: Int64(modified.tv_sec), nanoseconds: Int64(modified.tv_nsec)),
                  changed: Time(seconds: Int64(changed.tv_sec), nanoseconds: Int64(changed.tv_nsec)))
    }

    /// The latest of the two times.
    var latest: Time { max(modified, changed) }

    /// `device inode size modified changed`, as the stamp stores it.
    public var description: String { "\(device) \(inode) \(size) \(modified) \(changed)" }

    /// Reads the five numbers `description` prints, from their bytes.
    init?(numbers: [ArraySlice<UInt8>]) {
        guard numbers.count == 5, let device = Time.number(numbers[0]), let inode = Time.number(numbers[1]),
              let size = Time.number(numbers[2]).flatMap(Int64.init(exactly:)),
              let modified = Time(numbers[3]), let changed = Time(numbers[4]) else { return nil }
        self.init(device: device, inode: inode, size: size, modified: modified, changed: changed)
    }
}
