import Foundation

/// What a template prints: a plan's context (a struct of stored properties, `Encodable` so that the
/// render stage reads it without reflection), encoded for Mustache once, however many files print it.
///
/// The three repository files of an entity share one context, as do its three test files.
public final class RenderContext: @unchecked Sendable {
    /// The context as planned.
    public let value: any Encodable & Sendable
    private let lock = NSLock()
    private var encoded: Any?

    /// A context to share between the files that print it.
    public init(_ value: some Encodable & Sendable) {
        self.value = value
    }

    /// The context as Mustache reads it, encoded on first use.
    func mustacheValue() throws -> Any {
        try lock.withLock {
            if let encoded { return encoded }
            let value = try ContextEncoder.encode(self.value)
            encoded = value
            return value
        }
    }
}
