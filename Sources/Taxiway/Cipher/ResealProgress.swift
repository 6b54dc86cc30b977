import Foundation

/// How far `resealSensitiveFields` got: rows examined and rewritten, rows whose values would not open, and
/// where to go on.
public struct ResealProgress: Sendable, Hashable {
    /// The rows read.
    public var examined: Int
    /// The rows rewritten: a value moved to the current key, the current column name or the row-bound
    /// format, or a lookup digest made again.
    public var resealed: Int
    /// The keys of rows left as they were because a value would not open (altered, or sealed with a key that
    /// is not in the keyring); read one with its repository to see why.
    public var unreadable: [UUID]
    /// The last key examined: pass it as `after` to continue from there. Nil when nothing was examined.
    public var resumeAfter: UUID?
    /// Whether the walk reached the end of the table.
    public var isComplete: Bool

    /// Progress starting after `start`: nothing examined yet.
    public init(after start: UUID? = nil) {
        examined = 0
        resealed = 0
        unreadable = []
        resumeAfter = start
        isComplete = false
    }
}
