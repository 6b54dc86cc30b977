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
    /// The planned files that print this context and have not been rendered yet.
    private var pendingFiles = 0

    /// A context to share between the files that print it.
    public init(_ value: some Encodable & Sendable) {
        self.value = value
    }

    /// Counts one more planned file that prints this context.
    func addFile() {
        lock.withLock { pendingFiles += 1 }
    }

    /// The context as Mustache reads it, for one of its files: encoded on first use, and let go once every
    /// planned file that prints it has taken it (so a large run does not keep every encoded context).
    func mustacheValueForRendering() throws -> Any {
        try lock.withLock {
            let value = try encoded ?? ContextEncoder.encode(self.value)
            pendingFiles -= 1
            encoded = pendingFiles > 0 ? value : nil
            return value
        }
    }
}
