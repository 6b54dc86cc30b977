/// JSON coding of a generated type, field by field, without a `CodingKeys` enum.
///
/// Generated create requests spell out `init(from:)` with ``Decoding`` instead of letting Swift derive it,
/// because derived coders were most of the time the compiler spent type-checking generated code: a derived
/// `init(from:)` weighs `decode`'s overloads for each field, about 5 ms per type in a debug build, and needs a
/// `CodingKeys` enum. ``Decoding``'s two functions are not overloaded. Their `==` and `encode(to:)` come from
/// ``ModelFields``, which walks the request's fields list; both behave as the derived ones: the same
/// properties in the same order, each with its type's own `==` (so they agree with the derived `hash(into:)`
/// the types keep), the same keys, a nil optional left out of the JSON, a missing optional key read as nil.
public enum Fieldwise {}

extension Fieldwise {
    /// A JSON key of a generated type, by its name: generated types need no `CodingKeys` enum.
    public struct Key: CodingKey, Sendable {
        /// The key, the field's snake_case name.
        public let stringValue: String

        /// The key named `stringValue`.
        @inlinable
        public init(_ stringValue: String) { self.stringValue = stringValue }

        /// The key named `stringValue`.
        @inlinable
        public init?(stringValue: String) { self.stringValue = stringValue }

        /// Nil: the keys are names, not positions.
        @inlinable
        public var intValue: Int? { nil }

        /// Nil: the keys are names, not positions.
        @inlinable
        public init?(intValue: Int) { nil }
    }

    /// Reads a generated type's fields from a keyed container, as a derived `init(from:)` reads them.
    ///
    /// Generated `init(from:)` calls one of two functions per field, chosen when the code was generated:
    /// ``required(_:)`` for a non-optional field (a missing key or a null is an error) and ``optional(_:)``
    /// for an optional one (a missing key or a null is nil). Neither is overloaded, so the compiler infers
    /// each call's type from the initialiser's parameter without weighing `decode`'s 17 overloads, which made
    /// a derived `init(from:)` cost about 5 ms of type-checking per type.
    public struct Decoding {
        @usableFromInline let container: KeyedDecodingContainer<Key>

        /// The decoder's keyed container.
        @inlinable
        public init(_ decoder: any Decoder) throws {
            container = try decoder.container(keyedBy: Key.self)
        }

        /// The value at `key`; `DecodingError.keyNotFound` or `.valueNotFound` when it is missing or null.
        ///
        /// `String`, `Bool` and the integer and floating-point types go to the container's own overloads, as a
        /// derived decoder's calls do (the generic one reaches them through the value's `init(from:)`, slower);
        /// specialised in the calling module, the type tests fold away.
        @inlinable
        public func required<Value: Decodable>(_ key: String) throws -> Value {
            let key = Key(key)
            if Value.self == String.self { return try container.decode(String.self, forKey: key) as! Value }
            if Value.self == Bool.self { return try container.decode(Bool.self, forKey: key) as! Value }
            if Value.self == Int.self { return try container.decode(Int.self, forKey: key) as! Value }
            if Value.self == Int32.self { return try container.decode(Int32.self, forKey: key) as! Value }
            if Value.self == Int64.self { return try container.decode(Int64.self, forKey: key) as! Value }
            if Value.self == Double.self { return try container.decode(Double.self, forKey: key) as! Value }
            if Value.self == Float.self { return try container.decode(Float.self, forKey: key) as! Value }
            return try container.decode(Value.self, forKey: key)
        }

        /// The value at `key`, or nil when the key is missing or its value is null (the same overloads as
        /// ``required(_:)``).
        @inlinable
        public func optional<Value: Decodable>(_ key: String) throws -> Value? {
            let key = Key(key)
            if Value.self == String.self { return try container.decodeIfPresent(String.self, forKey: key) as! Value? }
            if Value.self == Bool.self { return try container.decodeIfPresent(Bool.self, forKey: key) as! Value? }
            if Value.self == Int.self { return try container.decodeIfPresent(Int.self, forKey: key) as! Value? }
            if Value.self == Int32.self { return try container.decodeIfPresent(Int32.self, forKey: key) as! Value? }
            if Value.self == Int64.self { return try container.decodeIfPresent(Int64.self, forKey: key) as! Value? }
            if Value.self == Double.self { return try container.decodeIfPresent(Double.self, forKey: key) as! Value? }
            if Value.self == Float.self { return try container.decodeIfPresent(Float.self, forKey: key) as! Value? }
            return try container.decodeIfPresent(Value.self, forKey: key)
        }
    }
}
