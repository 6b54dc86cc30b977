/// Which slice of a list to read, by offset: `LIMIT limit OFFSET offset`.
///
/// The page size is bounded (by ``defaultMaximumLimit`` unless the caller sets another bound), so a
/// client cannot ask for the whole table at once.
public struct PageRequest: Sendable, Hashable {
    /// The bound on ``limit`` when the caller sets none.
    public static let defaultMaximumLimit = 1000
    /// The page size when the caller gives none.
    public static let defaultLimit = 50

    /// The maximum number of items on the page, 1…maximum.
    public let limit: Int
    /// The number of items skipped before the page, ≥ 0.
    public private(set) var offset: Int
    /// The bound ``limit`` was checked against.
    public let maximumLimit: Int

    /// A request for `limit` items after skipping `offset`.
    /// - Throws: ``IllegalArgument`` when `limit` is not in 1…`maximumLimit` or `offset` is negative.
    public init(limit: Int = PageRequest.defaultLimit, offset: Int = 0, maximumLimit: Int = PageRequest.defaultMaximumLimit) throws {
        guard limit >= 1, limit <= maximumLimit else {
            throw IllegalArgument(message: "page size must be between 1 and \(maximumLimit), got \(limit)")
        }
        guard offset >= 0 else {
            throw IllegalArgument(message: "page offset must not be negative, got \(offset)")
        }
        self.limit = limit
        self.offset = offset
        self.maximumLimit = maximumLimit
    }

    /// The `LIMIT` to send: one more than ``limit``, so the extra row tells whether there is a next page.
    public var fetchLimit: Int64 { Int64(limit) + 1 }

    /// The `OFFSET` to send.
    public var sqlOffset: Int64 { Int64(offset) }

    /// The request for the page after this one (same size).
    public var next: PageRequest {
        var next = self
        next.offset = offset + limit
        return next
    }
}
