/// How an append-only entity (`append_only:` in its spec) is stored.
public struct AppendOnlyTrait: Sendable, Equatable {
    /// Creates the trait.
    public init() {}
}
