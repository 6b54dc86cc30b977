/// One page of a list read by offset (``PageRequest``).
public struct Page<Item: Sendable>: Sendable {
    /// The items on this page, at most ``limit`` of them.
    public var items: [Item]
    /// The page size that was requested.
    public var limit: Int
    /// The number of items skipped before this page.
    public var offset: Int
    /// Whether at least one more item follows this page.
    public var hasMore: Bool
    /// The number of items in the whole list, when the repository counted them.
    public var total: Int?

    /// A page built from its parts.
    public init(items: [Item], limit: Int, offset: Int, hasMore: Bool, total: Int? = nil) {
        self.items = items
        self.limit = limit
        self.offset = offset
        self.hasMore = hasMore
        self.total = total
    }

    /// A page from the rows fetched with `LIMIT request.fetchLimit`: an extra row beyond
    /// `request.limit` means there is more, and is dropped.
    public init(fetched: [Item], request: PageRequest, total: Int? = nil) {
        self.init(
            items: Array(fetched.prefix(request.limit)),
            limit: request.limit,
            offset: request.offset,
            hasMore: fetched.count > request.limit,
            total: total)
    }

    /// The same page with every item transformed by `transform`.
    public func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), limit: limit, offset: offset, hasMore: hasMore, total: total)
    }
}

extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}
extension Page: Encodable where Item: Encodable {}
extension Page: Decodable where Item: Decodable {}
