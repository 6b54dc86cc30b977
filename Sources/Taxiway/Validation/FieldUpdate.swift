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
