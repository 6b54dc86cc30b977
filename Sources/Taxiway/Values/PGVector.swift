import Foundation

/// A pgvector `vector` value (an embedding): what a `vector` field holds.
///
/// pgvector's type has no fixed OID, so it is bound as text and cast in SQL, and read back either
/// cast to `real[]` or in pgvector's own binary form:
///
/// ```swift
/// let query: PostgresQuery = "INSERT INTO docs (embedding) VALUES (\(vector)::vector)"
/// let select: PostgresQuery = "SELECT embedding::real[] FROM docs"   // decodes as PGVector or [Float]
/// ```
public struct PGVector: Sendable, Hashable {
    /// The components.
    public var values: [Float]

    /// A vector of `values`.
    public init(_ values: [Float]) {
        self.values = values
    }

    /// The number of dimensions.
    public var dimensions: Int { values.count }

    /// pgvector's text form, `[1,2.5,3]` (the shortest form that reads back as the same `Float`s).
    public var text: String {
        Self.text(values)
    }

    /// pgvector's text form of `values`, `[1,2.5,3]`.
    public static func text(_ values: [Float]) -> String {
        var output = "["
        for (index, value) in values.enumerated() {
            if index > 0 { output += "," }
            if value == value.rounded(), abs(value) < 1e7 {
                output += String(Int(value))
            } else {
                output += "\(value)"
            }
        }
        return output + "]"
    }

    /// Parses pgvector's text form `[1,2.5,3]`; nil when it is malformed.
    public init?(text: String) {
        guard let values = Self.parse(text) else { return nil }
        self.values = values
    }

    /// The components of pgvector's text form `[1,2.5,3]`; nil when it is malformed.
    public static func parse(_ text: String) -> [Float]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let body = trimmed.dropFirst().dropLast()
        if body.allSatisfy(\.isWhitespace) { return [] }
        var values: [Float] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Float(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        return values
    }
}

extension PGVector: ExpressibleByArrayLiteral {
    /// A vector literal, e.g. `[0.1, 0.2, 0.3]`.
    public init(arrayLiteral elements: Float...) {
        self.init(elements)
    }
}

extension PGVector: CustomStringConvertible {
    /// pgvector's text form.
    public var description: String { text }
}
