import Foundation

/// The fields of an entity that a caller sets: a generated create request (`CustomerCreate`), which a stored
/// model holds as its ``EntityModel/fieldValues``.
///
/// The generated struct declares its properties, its initialisers and which ``RequestFields`` describe it.
/// The rest is here, written once for every entity and driven by that list: `==` (the derived `hash(into:)`
/// hashes the same properties), the JSON encoding (the keys and values a derived encoder writes, a nil optional
/// left out), the spec's validation, the sensitive fields' keys and their clearing.
public protocol ModelFields: ResponseModel, Validatable {
    /// The fields, each with its key path, JSON key and rules (`Customer.PatchFields`).
    associatedtype FieldList: RequestFields where FieldList.Create == Self
}

extension ModelFields {
    /// Whether every field is equal, compared in the spec's order.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        for field in FieldList.all where !field.isEqual(lhs, rhs) {
            return false
        }
        return true
    }

    /// Writes the JSON object a derived encoder would: every field under its key, a nil optional left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Fieldwise.Key.self)
        for field in FieldList.all {
            try field.encode(self, to: &container)
        }
    }

    /// Every violation of the spec's rules, in field order.
    public func validationIssues() -> [ValidationIssue] {
        var report = ValidationReport()
        for field in FieldList.all {
            field.check(self, into: &report)
        }
        return report.issues
    }

    /// The JSON keys of the sensitive fields, which a response leaves out.
    public static var sensitiveKeys: Set<String> {
        Set(FieldList.all.lazy.filter(\.isSensitive).map(\.key))
    }

    /// The fields with every sensitive value cleared: nil, or the empty string for a NOT NULL field.
    public func withoutSensitiveValues() -> Self {
        var cleared = self
        for field in FieldList.all where field.isSensitive {
            field.clearSensitiveValue(in: &cleared)
        }
        return cleared
    }
}

/// The primary key of a generated model: its JSON key (the column's name) and its property's name.
public struct ModelKey: Sendable {
    /// The column and JSON key, `customer_id`.
    public let column: String
    /// The Swift property, `customerID`, as the model prints it.
    public let property: String

    /// The key `column`, read as the property `property`.
    public init(_ column: String, property: String) {
        self.column = column
        self.property = property
    }
}

/// What the database sets on a row beside the fields a caller sets: the key, and the audit columns.
///
/// ``StoredRowMetadata`` for a regular entity, ``AppendedRowMetadata`` for an append-only one.
public protocol RowMetadata: Hashable, Sendable {
    /// The row's primary key.
    var id: UUID { get }

    /// Reads the audit columns' JSON keys from `container`, with the key `id` read already.
    init(id: UUID, from container: KeyedDecodingContainer<Fieldwise.Key>) throws

    /// Writes the audit columns under their JSON keys (not the key: the model writes it under its own name).
    func encodeAuditFields(to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws

    /// The audit columns as a mirror shows them, labelled with their properties' names.
    var auditMirrorChildren: [Mirror.Child] { get }
}

/// The key and audit columns of a row that can change: `created_at`, `updated_at`, `deleted_at` and `version`.
public struct StoredRowMetadata: RowMetadata {
    /// The primary key.
    public let id: UUID
    /// When the row was inserted.
    public let createdAt: Date
    /// When the row was last changed.
    public let updatedAt: Date
    /// When the row was soft-deleted; nil while it is active.
    public let deletedAt: Date?
    /// The optimistic-lock version, 1 on insert and incremented by every update.
    public let version: Int32

    /// The metadata of a row as the database stored it.
    public init(id: UUID, createdAt: Date, updatedAt: Date, deletedAt: Date?, version: Int32) {
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
        self.version = version
    }

    /// Reads `created_at`, `updated_at`, `deleted_at` (absent or null while active) and `version`.
    public init(id: UUID, from container: KeyedDecodingContainer<Fieldwise.Key>) throws {
        self.init(id: id,
                  createdAt: try container.decode(Date.self, forKey: Fieldwise.Key("created_at")),
                  updatedAt: try container.decode(Date.self, forKey: Fieldwise.Key("updated_at")),
                  deletedAt: try container.decodeIfPresent(Date.self, forKey: Fieldwise.Key("deleted_at")),
                  version: try container.decode(Int32.self, forKey: Fieldwise.Key("version")))
    }

    /// Writes `created_at`, `updated_at`, `deleted_at` (left out while nil) and `version`.
    public func encodeAuditFields(to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws {
        try container.encode(createdAt, forKey: Fieldwise.Key("created_at"))
        try container.encode(updatedAt, forKey: Fieldwise.Key("updated_at"))
        try container.encodeIfPresent(deletedAt, forKey: Fieldwise.Key("deleted_at"))
        try container.encode(version, forKey: Fieldwise.Key("version"))
    }

    /// `createdAt`, `updatedAt`, `deletedAt` and `version`.
    public var auditMirrorChildren: [Mirror.Child] {
        [("createdAt", createdAt), ("updatedAt", updatedAt), ("deletedAt", deletedAt as Any), ("version", version)]
    }
}

/// The key and the one audit column of an append-only row, which never changes: `created_at`.
public struct AppendedRowMetadata: RowMetadata {
    /// The primary key, a time-ordered UUID (version 7).
    public let id: UUID
    /// When the row was inserted.
    public let createdAt: Date

    /// The metadata of a row as the database stored it.
    public init(id: UUID, createdAt: Date) {
        self.id = id
        self.createdAt = createdAt
    }

    /// Reads `created_at`.
    public init(id: UUID, from container: KeyedDecodingContainer<Fieldwise.Key>) throws {
        self.init(id: id, createdAt: try container.decode(Date.self, forKey: Fieldwise.Key("created_at")))
    }

    /// Writes `created_at`.
    public func encodeAuditFields(to container: inout KeyedEncodingContainer<Fieldwise.Key>) throws {
        try container.encode(createdAt, forKey: Fieldwise.Key("created_at"))
    }

    /// `createdAt`.
    public var auditMirrorChildren: [Mirror.Child] { [("createdAt", createdAt)] }
}

/// A generated model: the fields a caller set (``fieldValues``, the entity's create request) and what the
/// database set (``rowMetadata``: the key and the audit columns).
///
/// The generated struct declares the two properties and its key's name. Everything else is here, written once
/// for every entity: each field read and written as the model's own (`customer.name` is
/// `customer.fieldValues.name`, through dynamic member lookup), `Identifiable`, `==` and `hash(into:)` over both
/// parts, the JSON (one flat object: the key, the fields, the audit columns), what a response leaves out, and a
/// mirror that shows the fields flat, sensitive ones redacted (printing and `dump` go through it). A model does
/// not take `description`: an entity may have a field of that name.
@dynamicMemberLookup
public protocol EntityModel: ResponseModel, Identifiable, CustomReflectable where ID == UUID {
    /// The fields a caller sets: the entity's create request.
    associatedtype Fields: ModelFields
    /// The key and audit columns.
    associatedtype Metadata: RowMetadata

    /// The fields, as the row stores them.
    var fieldValues: Fields { get set }
    /// The key and audit columns, set by the database.
    var rowMetadata: Metadata { get }

    /// A model from its parts.
    init(fieldValues: Fields, rowMetadata: Metadata)

    /// The primary key's JSON key and property name.
    static var primaryKey: ModelKey { get }
}

extension EntityModel {
    /// A field of the model, read and written in ``fieldValues``: `customer.name`.
    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { fieldValues[keyPath: field] }
        set { fieldValues[keyPath: field] = newValue }
    }

    /// The primary key.
    @inlinable
    public var id: UUID { rowMetadata.id }

    /// The JSON keys of the sensitive fields.
    public static var sensitiveKeys: Set<String> { Fields.sensitiveKeys }

    /// The model with every sensitive value cleared.
    public func withoutSensitiveValues() -> Self {
        Self(fieldValues: fieldValues.withoutSensitiveValues(), rowMetadata: rowMetadata)
    }

    /// Whether the fields and the metadata are equal.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rowMetadata == rhs.rowMetadata && lhs.fieldValues == rhs.fieldValues
    }

    /// Hashes the fields and the metadata.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rowMetadata)
        hasher.combine(fieldValues)
    }

    /// Reads one flat JSON object: the key, the fields, the audit columns.
    @inlinable
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Fieldwise.Key.self)
        let id = try container.decode(UUID.self, forKey: Fieldwise.Key(Self.primaryKey.column))
        let metadata = try Metadata(id: id, from: container)
        self.init(fieldValues: try Fields(from: decoder), rowMetadata: metadata)
    }

    /// Writes one flat JSON object: the key, the fields (a nil optional left out), the audit columns.
    @inlinable
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Fieldwise.Key.self)
        try container.encode(id, forKey: Fieldwise.Key(Self.primaryKey.column))
        try fieldValues.encode(to: encoder)
        try rowMetadata.encodeAuditFields(to: &container)
    }

    /// The key, each field (sensitive ones as `<redacted>`) and the audit columns, flat, as a struct:
    /// `print(customer)` shows `Customer(customerID: …, name: "Ann", …, version: 1)`.
    public var customMirror: Mirror {
        var children: [Mirror.Child] = [(Self.primaryKey.property, id)]
        children += Mirror(reflecting: fieldValues).children
        children += rowMetadata.auditMirrorChildren
        return Mirror(self, children: children, displayStyle: .struct)
    }
}

/// The audit columns of a model whose rows change (created, updated under optimistic locking, soft-deleted
/// and restored): what ``StoredModel`` asks of it.
extension EntityModel where Metadata == StoredRowMetadata {
    /// When the row was inserted.
    @inlinable
    public var createdAt: Date { rowMetadata.createdAt }
    /// When the row was last changed.
    @inlinable
    public var updatedAt: Date { rowMetadata.updatedAt }
    /// When the row was soft-deleted; nil while it is active.
    @inlinable
    public var deletedAt: Date? { rowMetadata.deletedAt }
    /// The optimistic-lock version, 1 on insert and incremented by every update.
    @inlinable
    public var version: Int32 { rowMetadata.version }
    /// Whether the row is soft-deleted; repositories hide such rows unless asked to include them.
    @inlinable
    public var isDeleted: Bool { rowMetadata.deletedAt != nil }
}

/// The audit column of an append-only model (a row that is only ever inserted, so it has no `updated_at`,
/// `deleted_at` or `version`): what ``AppendedModel`` asks of it.
extension EntityModel where Metadata == AppendedRowMetadata {
    /// When the row was inserted (the database's `now()`; the time-range reads and partitions go by it).
    @inlinable
    public var createdAt: Date { rowMetadata.createdAt }
}
