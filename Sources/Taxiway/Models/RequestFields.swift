import Foundation

/// The fields of an entity's create request, which taxigen generates: `Customer.PatchFields` (a
/// ``PatchFields``), or an append-only entity's `RequestFields`. One value per field, with its JSON key, the
/// spec's rules and the key path of its property, listed in ``all`` in the spec's order.
///
/// A create request (``ModelFields``) takes its `==`, its JSON encoding, its validation and the clearing of
/// its sensitive values from this list, written once here rather than in every generated type.
public protocol RequestFields: Sendable {
    /// The create request whose properties the fields' key paths reach.
    associatedtype Create
    /// The fields, reached by key path.
    static var fields: Self { get }
    /// Every field, in the spec's order: the order a request or a patch validates, encodes, prints and binds in.
    static var all: [any FieldDescription<Create>] { get }
}

extension RequestFields {
    /// A field a patch may set (`PatchFields`' fields are these, but for immutable ones).
    public typealias PatchableField<Value: Codable & Hashable & Sendable> = PatchField<Create, Value>
    /// A field only a create request sets: immutable, or of an append-only entity.
    public typealias FixedField<Value: Codable & Hashable & Sendable> = RequestField<Create, Value>
}

/// A field of a create request without its value type: what a request's `==`, coding and validation, and a
/// ``Patch``'s decoding, need of it.
public protocol FieldDescription<Request>: Sendable {
    /// The create request the field belongs to.
    associatedtype Request
    /// The field's JSON key.
    var key: String { get }
    /// Whether the field is `sensitive`: sealed before it is written, left out of responses.
    var isSensitive: Bool { get }
    /// Whether the field has the same value in both requests.
    func isEqual(_ lhs: Request, _ rhs: Request) -> Bool
    /// Writes the field's value under its key; a nil optional is left out, as a derived encoder leaves it.
    func encode(_ request: Request, to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws
    /// Adds the spec's rules the request's value breaks to `report`.
    func check(_ request: Request, into report: inout ValidationReport)
    /// Clears a sensitive value (nil, or the empty string when NOT NULL); does nothing to another field.
    func clearSensitiveValue(in request: inout Request)
    /// The patch entry of this field when `container` has its key (`null` included); nil when it has not,
    /// or when a patch cannot set the field.
    func decodeEntry(from container: KeyedDecodingContainer<PatchKey>) throws -> PatchEntry?
}

/// A field only a create request sets: an immutable one, or any field of an append-only entity. Its key
/// path, JSON key and the spec's rules.
public struct RequestField<Request, Value: Codable & Hashable & Sendable>: FieldDescription {
    /// The field's JSON key.
    public let key: String
    /// Whether the field is `sensitive`.
    public let isSensitive: Bool
    let keyPath: any WritableKeyPath<Request, Value> & Sendable
    /// The spec's rules; nil when the field has none (its check then reads nothing).
    let rules: (@Sendable (Value, inout ValidationReport) -> Void)?
    /// Writes a value under the key, chosen once for `Value` (see ``FieldEncoder``).
    let encodeValue: FieldEncoder<Value>.Encode
    let codingKey: Fieldwise.Key
    /// What a sensitive value is cleared to; nil for another field.
    let clearedValue: Value?

    /// The field at `keyPath`, whose JSON key is `key`; `check` reports the spec's rules a value breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, key: String,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) {
        self.init(keyPath, key: key, isSensitive: false, clearedValue: nil, rules: check)
    }

    /// The sensitive field at `keyPath`, whose JSON key is `key`; `check` reports the spec's rules a
    /// plaintext breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, sensitiveKey key: String,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: SealableValue {
        self.init(keyPath, key: key, isSensitive: true, clearedValue: Value.cleared, rules: check)
    }

    init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, key: String, isSensitive: Bool, clearedValue: Value?,
         rules: (@Sendable (Value, inout ValidationReport) -> Void)?) {
        self.keyPath = keyPath
        self.key = key
        self.codingKey = Fieldwise.Key(key)
        self.isSensitive = isSensitive
        self.clearedValue = clearedValue
        self.rules = rules
        self.encodeValue = FieldEncoder<Value>.encode
    }

    /// Adds the spec's rules `value` breaks to `report`: the one place a field's rules are checked, for its
    /// patch and its create request alike.
    public func check(_ value: Value, into report: inout ValidationReport) {
        rules?(value, &report)
    }

    public func check(_ request: Request, into report: inout ValidationReport) {
        guard let rules else { return }
        rules(request[keyPath: keyPath], &report)
    }

    public func isEqual(_ lhs: Request, _ rhs: Request) -> Bool {
        lhs[keyPath: keyPath] == rhs[keyPath: keyPath]
    }

    public func encode(_ request: Request, to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws {
        try encodeValue(request[keyPath: keyPath], codingKey, &container)
    }

    public func clearSensitiveValue(in request: inout Request) {
        if let clearedValue { request[keyPath: keyPath] = clearedValue }
    }

    /// Nil: a patch cannot set this field.
    public func decodeEntry(from container: KeyedDecodingContainer<PatchKey>) throws -> PatchEntry? { nil }
}

/// How a field's value is written under its key, chosen once per value type rather than tested at every
/// write: `String`, `Bool` and the integer and floating-point types (and their optionals) go to the
/// container's own overloads, as a derived encoder's calls do; a nil optional is left out; anything else
/// goes through `encode(_:forKey:)`.
enum FieldEncoder<Value: Encodable & Sendable> {
    typealias Encode = @Sendable (Value, Fieldwise.Key, inout KeyedEncodingContainer<Fieldwise.Key>) throws -> Void
    typealias Container = KeyedEncodingContainer<Fieldwise.Key>

    static var encode: Encode {
        // Each closure's `encode` is the container's overload for its type, picked where it is written.
        let scalars: [Encode?] = [
            scalar(String.self) { try $0.encode($1, forKey: $2) }, scalar(Bool.self) { try $0.encode($1, forKey: $2) },
            scalar(Int.self) { try $0.encode($1, forKey: $2) }, scalar(Int32.self) { try $0.encode($1, forKey: $2) },
            scalar(Int64.self) { try $0.encode($1, forKey: $2) }, scalar(Double.self) { try $0.encode($1, forKey: $2) },
            scalar(Float.self) { try $0.encode($1, forKey: $2) },
        ]
        if let encode = scalars.first(where: { $0 != nil }) ?? nil { return encode }
        if Value.self is any OptionalEncodable.Type {
            return { value, key, container in
                guard let wrapped = (value as! any OptionalEncodable).wrappedEncodable else { return }
                try container.encode(wrapped, forKey: key)
            }
        }
        return { value, key, container in try container.encode(value, forKey: key) }
    }

    /// The writer when `Value` is `Scalar` or `Scalar?`, through `write`; else nil.
    private static func scalar<Scalar: Sendable>(
        _: Scalar.Type, _ write: @escaping @Sendable (inout Container, Scalar, Fieldwise.Key) throws -> Void
    ) -> Encode? {
        if Value.self == Scalar.self {
            return { value, key, container in try write(&container, unsafeBitCast(value, to: Scalar.self), key) }
        }
        if Value.self == Scalar?.self {
            return { value, key, container in
                guard let value = unsafeBitCast(value, to: Scalar?.self) else { return }
                try write(&container, value, key)
            }
        }
        return nil
    }
}

/// An optional whose wrapped value can be encoded: how a field tells a nil to leave out of the JSON.
protocol OptionalEncodable {
    /// The wrapped value, or nil.
    var wrappedEncodable: (any Encodable)? { get }
}

extension Optional: OptionalEncodable where Wrapped: Encodable {
    var wrappedEncodable: (any Encodable)? { self }
}
