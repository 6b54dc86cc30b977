import Foundation
import PostgresNIO

/// The fields a patch of one entity may set, which taxigen generates (`Customer.PatchFields`): one
/// ``PatchField`` per changeable field, with its JSON key, its column and the spec's rules, and a
/// ``RequestField`` per immutable one (listed, but a patch cannot set it).
public protocol PatchFields: RequestFields {}

/// A JSON key of a patch.
public struct PatchKey: CodingKey, Sendable {
    /// The key.
    public let stringValue: String
    /// Patches have no integer keys.
    public var intValue: Int? { nil }

    /// The key `stringValue`.
    public init(stringValue: String) { self.stringValue = stringValue }
    /// Patches have no integer keys.
    public init?(intValue: Int) { nil }

    /// `expected_version`.
    static let expectedVersion = PatchKey(stringValue: "expected_version")
}

/// A value a sensitive field is set to: sealed with the field cipher to the row's key before it is written.
public protocol SealableValue: Codable, Hashable, Sendable {
    /// The plaintext, or nil for NULL.
    var plaintext: String? { get }
    /// What a response shows instead: nil, or the empty string for a NOT NULL field (as erasure leaves it).
    static var cleared: Self { get }
}

extension String: SealableValue {
    /// The string itself.
    public var plaintext: String? { self }
    /// The empty string.
    public static var cleared: String { "" }
}

extension Optional: SealableValue where Wrapped == String {
    /// The string, or nil.
    public var plaintext: String? { self }
    /// Nil.
    public static var cleared: String? { nil }
}

/// One field a patch may set: its key path, JSON key and rules (a ``RequestField``), and how its value is
/// written to the row.
public struct PatchField<Request, Value: Codable & Hashable & Sendable>: FieldDescription {
    /// The key path, JSON key and rules, which the create request uses too.
    public let field: RequestField<Request, Value>
    private let write: @Sendable (Value, inout ChangeSet, UUID, FieldCipher?) throws -> Void

    /// The field at `keyPath`, stored in `column` as is; `check` reports the spec's rules a value breaks.
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, _ column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: InsertableValue {
        self.init(RequestField(keyPath, column, key: key, check: check), column)
    }

    /// The vector field at `keyPath`, stored in `column` as a pgvector `vector`.
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, vector column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value == [Float] {
        self.init(RequestField(keyPath, vector: column, key: key, check: check), column)
    }

    /// The nullable vector field at `keyPath`, stored in `column` as a pgvector `vector` (nil is NULL).
    public init<Row>(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, vector column: Column<Row, Value>,
                     key: String? = nil,
                     check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value == [Float]? {
        self.init(RequestField(keyPath, vector: column, key: key, check: check), column)
    }

    /// `field`, which an update sets by binding its value to `column` (with the column's placeholder cast).
    private init<Row>(_ field: RequestField<Request, Value>, _ column: Column<Row, Value>) where Value: ColumnValue {
        self.field = field
        let name = column.name, cast = column.cast
        write = { value, changes, _, _ in
            try changes.set(name, cast: cast) { try value.bind(into: &$0) }
        }
    }

    /// The sensitive field at `keyPath`, whose JSON key is the field's name: sealed to the row's key with the
    /// table's cipher (and its lookup digest written beside it, when it has one); `check` reports the spec's
    /// rules a plaintext breaks.
    public init(_ keyPath: any WritableKeyPath<Request, Value> & Sendable, sealed sealedField: SealedField,
                check: (@Sendable (Value, inout ValidationReport) -> Void)? = nil) where Value: SealableValue {
        let key = sealedField.column
        field = RequestField(keyPath, sealed: sealedField, check: check)
        write = { value, changes, id, cipher in
            guard let cipher else {
                throw IllegalArgument(message: "the sensitive field '\(key)' cannot be written without a field cipher")
            }
            let plaintext = value.plaintext
            try changes.set(sealedField.sqlColumn) {
                try $0.append(plaintext.map { try cipher.seal($0, for: sealedField, row: id) })
            }
            if let lookupColumn = sealedField.lookupSQLColumn {
                try changes.set(lookupColumn) {
                    try $0.append(plaintext.map { try cipher.lookupDigest(of: $0, for: sealedField) })
                }
            }
        }
    }

    /// The field's JSON key.
    public var key: String { field.key }
    /// Whether the field is `sensitive`: printed as `<redacted>`, sealed before it is written.
    public var isSensitive: Bool { field.isSensitive }

    /// Adds the spec's rules `value` breaks to `report`.
    public func check(_ value: Value, into report: inout ValidationReport) {
        field.check(value, into: &report)
    }

    public func check(_ request: Request, into report: inout ValidationReport) {
        field.check(request, into: &report)
    }

    public func isEqual(_ lhs: Request, _ rhs: Request) -> Bool {
        field.isEqual(lhs, rhs)
    }

    public func encode(_ request: Request, to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws {
        try field.encode(request, to: &container)
    }

    public func clearSensitiveValue(in request: inout Request) {
        field.clearSensitiveValue(in: &request)
    }

    public func write(_ request: Request, to row: inout InsertRow, id: UUID?, cipher: FieldCipher?) throws {
        try field.write(request, to: &row, id: id, cipher: cipher)
    }

    /// The entry that sets this field to `value`.
    func entry(_ value: Value) -> PatchEntry {
        let rules = field.rules
        return PatchEntry(value: value, hashable: AnyHashable(value), key: key, isSensitive: isSensitive,
                          encode: { [key] container in try container.encode(value, forKey: PatchKey(stringValue: key)) },
                          validate: { report in rules?(value, &report) },
                          write: { [write] changes, id, cipher in try write(value, &changes, id, cipher) })
    }

    /// The entry of this field when `container` has its key.
    public func decodeEntry(from container: KeyedDecodingContainer<PatchKey>) throws -> PatchEntry? {
        let codingKey = PatchKey(stringValue: key)
        guard container.contains(codingKey) else { return nil }
        return entry(try container.decode(Value.self, forKey: codingKey))
    }
}

/// One set field of a ``Patch``: its value, and what the patch does with it.
public struct PatchEntry: @unchecked Sendable, Hashable {
    // `@unchecked`: `value` and `hashable` hold a `Value` of a `PatchField`, which is `Sendable`.
    let value: Any
    let hashable: AnyHashable
    let key: String
    let isSensitive: Bool
    let encode: @Sendable (inout KeyedEncodingContainer<PatchKey>) throws -> Void
    let validate: @Sendable (inout ValidationReport) -> Void
    let write: @Sendable (inout ChangeSet, UUID, FieldCipher?) throws -> Void

    /// Entries are equal when they set the same field to equal values.
    public static func == (lhs: PatchEntry, rhs: PatchEntry) -> Bool {
        lhs.key == rhs.key && lhs.hashable == rhs.hashable
    }

    /// Hashes the field and its value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(hashable)
    }
}

/// A change to a stored entity: the fields to set, and the version the caller last read. An update with a
/// version that is no longer current fails with ``OptimisticLockError``, so no change is ever lost.
///
/// Fields are set through their key paths, with values of their own types:
/// `CustomerPatch(expectedVersion: 3).setting(\.name, to: "Ann")`, or `patch[\.credit] = .set(nil)`. Its JSON
/// is `expected_version` and every set field under its key (`null` sets NULL); an absent key is unchanged.
public struct Patch<Fields: PatchFields>: BindablePatch, Sendable, Hashable, Codable, CustomReflectable {
    /// The version of the row this patch was made from.
    public var expectedVersion: Int32
    /// The set fields by JSON key.
    private var entries: [String: PatchEntry] = [:]

    /// A patch that changes nothing yet.
    public init(expectedVersion: Int32) {
        self.expectedVersion = expectedVersion
    }

    /// A patch at `expectedVersion` with the fields `changes` sets: `Patch(expectedVersion: 3) { $0[\.name] = .set("Ann") }`.
    public init(expectedVersion: Int32, _ changes: (inout Patch) throws -> Void) rethrows {
        self.expectedVersion = expectedVersion
        try changes(&self)
    }

    /// What the patch does to `field`: unchanged, or set to a value.
    public subscript<Value>(_ field: KeyPath<Fields, PatchField<Fields.Create, Value>>) -> FieldUpdate<Value> {
        get {
            let field = Fields.fields[keyPath: field]
            guard let entry = entries[field.key], let value = entry.value as? Value else { return .unchanged }
            return .set(value)
        }
        set {
            let field = Fields.fields[keyPath: field]
            switch newValue {
            case .unchanged: entries[field.key] = nil
            case .set(let value): entries[field.key] = field.entry(value)
            }
        }
    }

    /// This patch with `field` set to `value`.
    public func setting<Value>(_ field: KeyPath<Fields, PatchField<Fields.Create, Value>>, to value: Value) -> Patch {
        var patch = self
        patch[field] = .set(value)
        return patch
    }

    /// Whether the patch changes no field.
    public var isEmpty: Bool { entries.isEmpty }

    /// The set entries in the spec's field order.
    private var orderedEntries: [PatchEntry] {
        Fields.all.compactMap { entries[$0.key] }
    }

    /// Every violation of the spec's rules among the fields this patch sets, in field order.
    public func validationIssues() -> [ValidationIssue] {
        var report = ValidationReport()
        for entry in orderedEntries {
            entry.validate(&report)
        }
        return report.issues
    }

    /// Adds the set fields to `changes`, in field order; a sensitive value is sealed with `cipher` to the row
    /// whose key is `id`.
    public func write(to changes: inout ChangeSet, id: UUID, cipher: FieldCipher?) throws {
        for entry in orderedEntries {
            try entry.write(&changes, id, cipher)
        }
    }

    /// Reads `expected_version` and every field whose key is present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PatchKey.self)
        self.expectedVersion = try container.decode(Int32.self, forKey: .expectedVersion)
        for field in Fields.all {
            if let entry = try field.decodeEntry(from: container) {
                entries[field.key] = entry
            }
        }
    }

    /// Writes `expected_version` and every set field, in field order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PatchKey.self)
        try container.encode(expectedVersion, forKey: .expectedVersion)
        for entry in orderedEntries {
            try entry.encode(&container)
        }
    }

    /// What printing, `dump` and debuggers show: the version and the set fields, sensitive values as
    /// `<redacted>` (a NULL stays visible).
    public var customMirror: Mirror {
        var children: [(label: String?, value: Any)] = [("expectedVersion", expectedVersion)]
        for entry in orderedEntries {
            let shown: Any = if !entry.isSensitive {
                entry.value
            } else if let optional = entry.value as? String?, optional == nil {
                String?.none as Any
            } else {
                Redacted()
            }
            children.append((entry.key, shown))
        }
        return Mirror(self, children: children, displayStyle: .struct)
    }
}
