/// Which slice of a keyset-paginated list to read: at most ``limit`` rows after ``after``.
///
/// Keyset pagination stays fast at any depth and does not skip or repeat rows when rows are inserted
/// meanwhile; prefer it to ``PageRequest`` for large or live lists.
public struct KeysetPageRequest: Sendable, Hashable {
    /// The maximum number of items on the page, 1…maximum.
    public let limit: Int
    /// Where the page starts: after this row; nil for the first page.
    public let after: KeysetCursor?

    /// A request for `limit` items after `after` (from the start when nil).
    /// - Throws: ``IllegalArgument`` when `limit` is not in 1…`maximumLimit`.
    public init(limit: Int = PageRequest.defaultLimit, after: KeysetCursor? = nil, maximumLimit: Int = PageRequest.defaultMaximumLimit) throws {
        guard limit >= 1, limit <= maximumLimit else {
            throw IllegalArgument(message: "page size must be between 1 and \(maximumLimit), got \(limit)")
        }
        self.limit = limit
        self.after = after
    }

    /// A request whose cursor is the opaque string a client sent back (nil or empty for the first page).
    /// - Throws: ``IllegalArgument`` for a bad size or a malformed, oversized or tampered cursor
    ///   (see ``KeysetCursor/init(encoded:)``).
    public init(limit: Int = PageRequest.defaultLimit, after encoded: String?, maximumLimit: Int = PageRequest.defaultMaximumLimit) throws {
        let cursor = try encoded.flatMap { $0.isEmpty ? nil : try KeysetCursor(encoded: $0) }
        try self.init(limit: limit, after: cursor, maximumLimit: maximumLimit)
    }

    /// The `LIMIT` to send: one more than ``limit``, so the extra row tells whether there is a next page
    /// (saturating at `Int64.max` for a caller-set bound that large).
    public var fetchLimit: Int64 { PageRequest.fetchLimit(limit) }
}

/// One page of a keyset-paginated list.
public struct KeysetPage<Item: Sendable>: Sendable {
    /// The items on this page, at most the requested limit.
    public var items: [Item]
    /// The cursor of the next page; nil when this is the last page.
    public var nextCursor: KeysetCursor?

    /// A page built from its parts.
    public init(items: [Item], nextCursor: KeysetCursor?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// A page from the rows fetched with `LIMIT request.fetchLimit`: when there is an extra row, it is
    /// dropped and the cursor of the last kept item (made by `cursor`) points to the next page.
    public init(fetched: [Item], request: KeysetPageRequest, cursor: (Item) -> KeysetCursor) {
        let items = Array(fetched.prefix(request.limit))
        self.items = items
        self.nextCursor = fetched.count > request.limit ? items.last.map(cursor) : nil
    }

    /// Whether another page follows.
    public var hasMore: Bool { nextCursor != nil }

    /// The same page with every item transformed by `transform`.
    public func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> KeysetPage<Other> {
        KeysetPage<Other>(items: try items.map(transform), nextCursor: nextCursor)
    }
}
