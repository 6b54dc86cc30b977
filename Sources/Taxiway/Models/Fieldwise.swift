/// Equality and JSON coding of a generated type, field by field.
///
/// Generated models and create requests spell out `==`, `init(from:)` and `encode(to:)` with these helpers
/// instead of letting Swift derive them, because derived ones were most of the time the compiler spent
/// type-checking generated code. A derived `==` compares each property with `==`, and the type checker
/// resolves each of those against every `==` overload in scope (Foundation's, NIO's, Taxiway's typed
/// columns'): about 10 ms for a 14-field model in a debug build. A derived `init(from:)` and `encode(to:)`
/// weigh `decode`'s and `encode`'s overloads for each field, about 5 ms each, and need a `CodingKeys` enum.
/// Spelled out with ``equal(_:_:_:)``, ``Decoding`` and ``Encoding``, none of them is overloaded, and the three
/// cost a fraction of that. They behave as the derived ones: the same properties in the same order, each
/// with its type's own `==` (so they agree with the derived `hash(into:)` the types keep), the same keys, a
/// nil optional left out of the JSON, a missing optional key read as nil.
public enum Fieldwise {
    /// Whether `lhs` and `rhs` are equal in every property that `fields` names, compared in order and
    /// stopping at the first that differs.
    @inlinable
    public static func equal<Root, each Value: Equatable>(
        _ lhs: Root, _ rhs: Root, _ fields: repeat KeyPath<Root, each Value>
    ) -> Bool {
        for field in repeat each fields {
            guard lhs[keyPath: field] == rhs[keyPath: field] else { return false }
        }
        return true
    }
}

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

    /// Writes a generated type's fields into a keyed container, as a derived `encode(to:)` writes them: in
    /// declaration order, a nil optional left out. See ``Decoding`` for why it is spelled out.
    public struct Encoding {
        @usableFromInline var container: KeyedEncodingContainer<Key>

        /// The encoder's keyed container.
        @inlinable
        public init(_ encoder: any Encoder) {
            container = encoder.container(keyedBy: Key.self)
        }

        /// Writes `value` at `key`.
        ///
        /// `String`, `Bool` and the integer and floating-point types go to the container's own overloads, as a
        /// derived encoder's calls do; specialised in the calling module, the type tests fold away.
        @inlinable
        public mutating func required<Value: Encodable>(_ value: Value, _ key: String) throws {
            let key = Key(key)
            if let value = value as? String { return try container.encode(value, forKey: key) }
            if let value = value as? Bool { return try container.encode(value, forKey: key) }
            if let value = value as? Int { return try container.encode(value, forKey: key) }
            if let value = value as? Int32 { return try container.encode(value, forKey: key) }
            if let value = value as? Int64 { return try container.encode(value, forKey: key) }
            if let value = value as? Double { return try container.encode(value, forKey: key) }
            if let value = value as? Float { return try container.encode(value, forKey: key) }
            try container.encode(value, forKey: key)
        }

        /// Writes `value` at `key`, or nothing when it is nil.
        @inlinable
        public mutating func optional<Value: Encodable>(_ value: Value?, _ key: String) throws {
            guard let value else { return }
            try required(value, key)
        }
    }
}
