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
    /// Writes every field of `request` as an insert's next columns, in the list's order (the order of the
    /// inserted columns); a sealed value is bound to the row's key `id` with `cipher`.
    @inlinable
    public static func write(_ request: Create, to row: inout InsertRow, id: UUID?, cipher: FieldCipher?) throws {
        for field in all {
            try field.write(request, to: &row, id: id, cipher: cipher)
        }
    }

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
    /// Writes the field's value as an insert's next column, and a sealed field's lookup digest after it: a sealed
    /// value is bound to the row's key `id` with the table's `cipher`.
    func write(_ request: Request, to row: inout InsertRow, id: UUID?, cipher: FieldCipher?) throws
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
    /// Writes a value as an insert's next column (or two: a sealed value and its lookup digest); nil for a field
    /// listed without its column (an append-only entity's, whose table writes its rows itself).
    let insert: InsertWriter?

    /// What ``insert`` is: a value, the row, the row's key (for a sealed value) and the table's cipher.
    typealias InsertWriter = @Sendable (Value, inout InsertRow, UUID?, FieldCipher?) throws -> Void

    /// The field at `keyPath`, stored in `column` as is, whose JSON key is the column's name unless `key` is
    /// given; `check` reports the spec's rules a value breaks.
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, _ column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: InsertableValue {
        self.init(keyPath, key: key ?? column.name, isSensitive: false, clearedValue: nil, rules: check,
                  insert: { value, row, _, _ in try value.writeInserted(to: &row) })
    }

    /// The vector field at `keyPath`, stored in `column` as a pgvector `vector`.
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, vector column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value == [Float] {
        self.init(keyPath, key: key ?? column.name, isSensitive: false, clearedValue: nil, rules: check,
                  insert: { value, row, _, _ in try row.write(PGVector(value)) })
    }

    /// The nullable vector field at `keyPath`, stored in `column` as a pgvector `vector` (nil is NULL).
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, vector column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value == [Float]? {
        self.init(keyPath, key: key ?? column.name, isSensitive: false, clearedValue: nil, rules: check,
                  insert: { value, row, _, _ in try row.write(value.map(PGVector.init)) })
    }

    /// The sensitive field at `keyPath`, whose JSON key is the field's name: sealed to the row's key with the
    /// table's cipher, its lookup digest written after it when it has one; `check` reports the spec's rules a
    /// plaintext breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, sealed sealedField: SealedField,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: SealableValue {
        let key = sealedField.column
        self.init(keyPath, key: key, isSensitive: true, clearedValue: Value.cleared, rules: check) { value, row, id, cipher in
            guard let cipher, let id else {
                throw IllegalArgument(message: "the sensitive field '\(key)' cannot be written without a field cipher")
            }
            let plaintext = value.plaintext
            try row.write(plaintext.map { try cipher.seal($0, for: sealedField, row: id) })
            if sealedField.lookupSQLColumn != nil {
                try row.write(plaintext.map { try cipher.lookupDigest(of: $0, for: sealedField) })
            }
        }
    }

    /// The field at `keyPath`, whose JSON key is `key`, listed without its column (an append-only entity's);
    /// `check` reports the spec's rules a value breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, key: String,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) {
        self.init(keyPath, key: key, isSensitive: false, clearedValue: nil, rules: check, insert: nil)
    }

    /// The sensitive field at `keyPath`, whose JSON key is `key`, listed without its column (an append-only
    /// entity's); `check` reports the spec's rules a plaintext breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, sensitiveKey key: String,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: SealableValue {
        self.init(keyPath, key: key, isSensitive: true, clearedValue: Value.cleared, rules: check, insert: nil)
    }

    init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, key: String, isSensitive: Bool, clearedValue: Value?,
         rules: (@Sendable (Value, inout ValidationReport) -> Void)?, insert: InsertWriter?) {
        self.keyPath = keyPath
        self.key = key
        self.codingKey = Fieldwise.Key(key)
        self.isSensitive = isSensitive
        self.clearedValue = clearedValue
        self.rules = rules
        self.insert = insert
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

    public func write(_ request: Request, to row: inout InsertRow, id: UUID?, cipher: FieldCipher?) throws {
        guard let insert else {
            throw IllegalArgument(message: "the field '\(key)' is listed without its column, so it cannot be inserted")
        }
        try insert(request[keyPath: keyPath], &row, id, cipher)
    }
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
