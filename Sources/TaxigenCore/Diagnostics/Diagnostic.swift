/// One problem found in the specs or the config, with where it is and, where one helps, how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is. Errors stop generation; warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Whether this stops generation.
    public let severity: Severity
    /// Where the problem is.
    public let location: SourceLocation
    /// What is wrong, in one sentence without a trailing period.
    public let message: String
    /// How to fix it, when taxigen can tell.
    public let hint: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        // A message may quote the specs: kept short and free of control characters (see `MessageText`).
        self.message = MessageText.clipped(message)
        self.hint = hint.map(MessageText.clipped)
    }

    /// `path:line:column: error: message`, followed by an indented hint line when there is one.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint {
            text += "\n    hint: \(hint)"
        }
        return text
    }
}

/// Collects diagnostics across a stage so that every problem is reported at once.
public struct DiagnosticLog: Sendable {
    /// Everything reported so far, in the order it was reported.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty log.
    public init() {}

    /// Whether any error (not only warnings) was reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Reports an error.
    public mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
    }

    /// Reports a warning.
    public mutating func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
    }

    /// Adds diagnostics reported elsewhere.
    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// The diagnostics sorted by file, line and column, so output does not depend on checking order.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            if lhs.element.location != rhs.element.location {
                return lhs.element.location < rhs.element.location
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// Thrown when a stage found errors; carries every diagnostic (warnings included).
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, sorted by location.
    public let diagnostics: [Diagnostic]

    /// Creates the error from a log.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The diagnostics, one per line, followed by a count.
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let lines = diagnostics.map(\.description)
        return (lines + ["\(errors) error\(errors == 1 ? "" : "s") found; nothing was written."]).joined(separator: "\n")
    }
}
