/// A migration command cannot go on: the message says why, the hint how to fix it.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// How to fix it, when taxigen can tell.
    public let hint: String?

    /// Creates an error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// `error: message`, and the hint on its own line.
    public var description: String {
        "error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "")
    }
}
