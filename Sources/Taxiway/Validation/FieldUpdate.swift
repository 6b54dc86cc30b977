/// One field of an update patch: left as it is, or set to a new value (which may be nil for a nullable field).
public enum FieldUpdate<Value: Sendable>: Sendable {
    /// The stored value stays as it is.
    case unchanged
    /// The stored value becomes this one.
    case set(Value)

    /// The new value, or nil when unchanged.
    public var newValue: Value? {
        if case .set(let value) = self { value } else { nil }
    }

    /// Whether the patch changes this field.
    public var isSet: Bool {
        if case .set = self { true } else { false }
    }
}

extension FieldUpdate: Equatable where Value: Equatable {}
extension FieldUpdate: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a patch field: an absent key is `.unchanged`, a present one (even `null`) is `.set`.
    public func decode<Value: Decodable>(_ type: FieldUpdate<Value>.Type, forKey key: Key) throws -> FieldUpdate<Value> {
        guard contains(key) else { return .unchanged }
        return .set(try decode(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Encodes a patch field: `.unchanged` writes nothing, `.set(nil)` writes `null`.
    public mutating func encode<Value: Encodable>(_ value: FieldUpdate<Value>, forKey key: Key) throws {
        if case .set(let newValue) = value {
            try encode(newValue, forKey: key)
        }
    }
}

extension FieldUpdate: Codable where Value: Codable {
    /// Decodes a value that was present in its container.
    public init(from decoder: any Decoder) throws {
        self = .set(try Value(from: decoder))
    }

    /// Encodes a set value; an unchanged one is skipped by its container.
    public func encode(to encoder: any Encoder) throws {
        if case .set(let value) = self {
            try value.encode(to: encoder)
        }
    }
}
