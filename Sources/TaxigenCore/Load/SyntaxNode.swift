/// A YAML value as written, with the position of every part: the output of the load stage.
///
/// The checker reads specs through this tree rather than through Yams' own nodes, so that the rest of
/// taxigen does not depend on the YAML library and every value it reports on has a location.
public indirect enum SyntaxNode: Sendable {
    case scalar(SyntaxScalar)
    case mapping(SyntaxMapping)
    case sequence(SyntaxSequence)

    /// Where the value starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(let sequence): sequence.location
        }
    }

    /// A short name of the value's kind, for messages ("a mapping", "a list", "the string 'x'").
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.kindDescription
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// A scalar value as written: its text, whether it was quoted, and where it is.
public struct SyntaxScalar: Sendable, Hashable {
    /// The text of the scalar, after YAML unescaping.
    public let text: String
    /// True when the scalar was written without quotes, so `true`, `12` and `null` mean what they look like.
    public let isPlain: Bool
    /// Where the scalar starts.
    public let location: SourceLocation

    /// Creates a scalar.
    public init(text: String, isPlain: Bool, location: SourceLocation) {
        self.text = text
        self.isPlain = isPlain
        self.location = location
    }

    /// True for an unquoted `null`, `~` or empty value.
    public var isNull: Bool {
        isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The value of an unquoted YAML boolean.
    public var bool: Bool? {
        guard isPlain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The value of an unquoted decimal integer.
    public var integer: Int? {
        guard isPlain, !text.isEmpty else { return nil }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(text)
    }

    /// The value of an unquoted number, integer or not, kept as written so decimals lose no digits.
    public var number: NumberLiteral? {
        guard isPlain else { return nil }
        return NumberLiteral(text)
    }

    /// Describes the value for messages.
    public var kindDescription: String {
        if isNull { return "null" }
        if bool != nil { return "the boolean \(text)" }
        if number != nil { return "the number \(text)" }
        return "the string '\(text)'"
    }
}

/// A YAML mapping whose keys are scalars, in the order written.
public struct SyntaxMapping: Sendable {
    /// One `key: value` pair.
    public struct Entry: Sendable {
        /// The key, with its location.
        public let key: SyntaxScalar
        /// The value.
        public let value: SyntaxNode
    }

    /// The pairs in the order they were written.
    public let entries: [Entry]
    /// Where the mapping starts.
    public let location: SourceLocation

    /// Creates a mapping.
    public init(entries: [Entry], location: SourceLocation) {
        self.entries = entries
        self.location = location
    }

    /// The value for a key, if present.
    public subscript(key: String) -> SyntaxNode? {
        entries.first { $0.key.text == key }?.value
    }

    /// The entry for a key, if present.
    public func entry(_ key: String) -> Entry? {
        entries.first { $0.key.text == key }
    }
}

/// A YAML list, in the order written.
public struct SyntaxSequence: Sendable {
    /// The items.
    public let items: [SyntaxNode]
    /// Where the list starts.
    public let location: SourceLocation

    /// Creates a list.
    public init(items: [SyntaxNode], location: SourceLocation) {
        self.items = items
        self.location = location
    }
}

/// One parsed spec file.
public struct SpecDocument: Sendable {
    /// The file's path as shown in diagnostics.
    public let path: String
    /// The document's root value.
    public let root: SyntaxNode
}
