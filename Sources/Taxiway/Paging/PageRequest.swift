/// Which slice of a list to read, by offset: `LIMIT limit OFFSET offset`.
///
/// Both numbers are bounded, so a client cannot ask for the whole table at once, nor make the server walk
/// past millions of rows to skip them: the page size by ``defaultMaximumLimit`` and the offset by
/// ``defaultMaximumOffset``, unless the caller sets other bounds. Read deeper with keyset pages
/// (``KeysetPageRequest``), which cost the same at any depth.
public struct PageRequest: Sendable, Hashable {
    /// The bound on ``limit`` when the caller sets none.
    public static let defaultMaximumLimit = 1000
    /// The bound on ``offset`` when the caller sets none.
    public static let defaultMaximumOffset = 100_000
    /// The page size when the caller gives none.
    public static let defaultLimit = 50

    /// The maximum number of items on the page, 1…maximum.
    public let limit: Int
    /// The number of items skipped before the page, 0…``maximumOffset``.
    public let offset: Int
    /// The bound ``limit`` was checked against.
    public let maximumLimit: Int
    /// The bound ``offset`` was checked against.
    public let maximumOffset: Int

    /// A request for `limit` items after skipping `offset`.
    /// - Throws: ``IllegalArgument`` when `limit` is not in 1…`maximumLimit` or `offset` is not in
    ///   0…`maximumOffset`.
    public init(limit: Int = PageRequest.defaultLimit, offset: Int = 0,
                maximumLimit: Int = PageRequest.defaultMaximumLimit,
                maximumOffset: Int = PageRequest.defaultMaximumOffset) throws {
        guard limit >= 1, limit <= maximumLimit else {
            throw IllegalArgument(message: "page size must be between 1 and \(maximumLimit), got \(limit)")
        }
        guard offset >= 0 else {
            throw IllegalArgument(message: "page offset must not be negative, got \(offset)")
        }
        guard offset <= maximumOffset else {
            throw IllegalArgument(message: "page offset must be at most \(maximumOffset), got \(offset); "
                + "read deeper with keyset pages")
        }
        self.limit = limit
        self.offset = offset
        self.maximumLimit = maximumLimit
        self.maximumOffset = maximumOffset
    }

    /// The `LIMIT` to send: one more than ``limit``, so the extra row tells whether there is a next page
    /// (saturating at `Int64.max` for a caller-set bound that large).
    public var fetchLimit: Int64 { Self.fetchLimit(limit) }

    /// The `OFFSET` to send.
    public var sqlOffset: Int64 { Int64(clamping: offset) }

    /// The request for the page after this one (same size and bounds).
    /// - Throws: ``IllegalArgument`` when its offset would pass ``maximumOffset``: read on with keyset pages.
    public var next: PageRequest {
        get throws {
            let (sum, overflow) = offset.addingReportingOverflow(limit)
            guard !overflow, sum <= maximumOffset else {
                throw IllegalArgument(message: "the next page's offset would pass the bound of \(maximumOffset); "
                    + "read deeper with keyset pages")
            }
            return try PageRequest(limit: limit, offset: sum, maximumLimit: maximumLimit, maximumOffset: maximumOffset)
        }
    }

    /// `limit + 1` as an `Int64`, saturating.
    static func fetchLimit(_ limit: Int) -> Int64 {
        let (sum, overflow) = Int64(clamping: limit).addingReportingOverflow(1)
        return overflow ? .max : sum
    }
}
