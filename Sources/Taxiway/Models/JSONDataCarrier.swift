import Foundation

/// A generated type with the guidelines' JsonBase `data` column: a JSON object with typed accessors.
///
/// ```swift
/// struct Gift: Codable { var message: String }
/// try order.setData(Gift(message: "Happy birthday"), forKey: "gift")
/// let gift = try order.value(forDataKey: "gift", as: Gift.self)
/// ```
public protocol JSONDataCarrier {
    /// The JSON object stored in the `data` column.
    var data: JSONValue { get set }
}

extension JSONDataCarrier {
    /// Decodes the value stored under `key`, or nil when the key is absent or null.
    public func value<Value: Decodable>(forDataKey key: String, as type: Value.Type = Value.self) throws -> Value? {
        guard let stored = data[key], !stored.isNull else { return nil }
        let bytes = try JSONEncoder().encode(stored)
        return try JSONDecoder().decode(Value.self, from: bytes)
    }

    /// Stores `value` under `key`, turning `data` into an object if it was not one.
    public mutating func setData<Value: Encodable>(_ value: Value, forKey key: String) throws {
        let bytes = try JSONEncoder().encode(value)
        let encoded = try JSONValue.decodeTrusted { try JSONDecoder().decode(JSONValue.self, from: bytes) }
        var members: [String: JSONValue] = if case .object(let existing) = data { existing } else { [:] }
        members[key] = encoded
        data = .object(members)
    }

    /// Removes `key` from `data`.
    public mutating func removeData(forKey key: String) {
        guard case .object(var members) = data else { return }
        members[key] = nil
        data = .object(members)
    }
}
