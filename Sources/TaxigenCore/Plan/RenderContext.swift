import Foundation

/// What a template prints: a plan's context (a struct of stored properties, `Encodable` so that the
/// render stage reads it without reflection), prepared for the templates once, however many files print it.
///
/// The three repository files of an entity share one context, as do its three test files.
public final class RenderContext: @unchecked Sendable {
    /// The context as planned.
    public let value: any Encodable & Sendable
    private let lock = NSLock()
    /// What the render stage made of `value`, while files that print it are still to be rendered.
    private var prepared: TemplateValue?
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

    /// What the render stage made of the context (`make`, run once), for one of its files; let go once every
    /// planned file that prints the context has taken it, so a large run does not keep them all.
    func preparedForRendering(_ make: (any Encodable & Sendable) throws -> TemplateValue) rethrows -> TemplateValue {
        try lock.withLock {
            let prepared = try self.prepared ?? make(value)
            pendingFiles -= 1
            self.prepared = pendingFiles > 0 ? prepared : nil
            return prepared
        }
    }
}
