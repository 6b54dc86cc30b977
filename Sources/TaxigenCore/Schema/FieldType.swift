/// The type of a field as the spec declares it, with the parameters each type needs.
public enum FieldType: Sendable, Hashable {
    /// Bounded text: `varchar(maxLength)`.
    case string(maxLength: Int)
    /// Unbounded text.
    case text
    /// A 32-bit integer.
    case int
    /// A 64-bit integer.
    case bigint
    /// A double-precision float.
    case double
    /// An exact decimal, `numeric(precision, scale)`.
    case decimal(precision: Int, scale: Int)
    /// A boolean.
    case bool
    /// A calendar date without a time.
    case date
    /// A point in time, always `timestamptz`.
    case timestamp
    /// A UUID that is not a reference.
    case uuid
    /// Arbitrary JSON, stored as `jsonb`.
    case json
    /// A PostgreSQL array of a scalar type.
    case array(of: ArrayItemType)
    /// A pgvector embedding.
    case vector(dimensions: Int, distance: VectorDistance)
    /// One of a fixed set of values: text with a CHECK constraint, a String-backed Swift enum.
    case enumeration(EnumType)
    /// The key of another entity: a UUID column and an index, never a foreign-key constraint.
    case ref(entity: String)
    /// The key of a row: a UUID with a server default (the implicit primary key only).
    case primaryKey
    /// Sealed ciphertext of a `sensitive` string field (`bytea`); the Swift side holds the plaintext.
    case sealed(plaintext: SealedPlaintext)

    /// The spec keyword of the type.
    public var keyword: String {
        switch self {
        case .string: "string"
        case .text: "text"
        case .int: "int"
        case .bigint: "bigint"
        case .double: "double"
        case .decimal: "decimal"
        case .bool: "bool"
        case .date: "date"
        case .timestamp: "timestamp"
        case .uuid, .primaryKey: "uuid"
        case .json: "json"
        case .array: "array"
        case .vector: "vector"
        case .enumeration: "enum"
        case .ref: "ref"
        case .sealed(let plaintext): plaintext.rawValue
        }
    }
}

/// The element type of an `array` field.
public enum ArrayItemType: String, Sendable, Hashable, CaseIterable {
    case string, text, int, bigint, double, bool, uuid
}

/// The distance a vector index orders by, which picks its operator class.
public enum VectorDistance: String, Sendable, Hashable, CaseIterable {
    case cosine
    case l2
    case innerProduct = "inner_product"

    /// pgvector's operator for the distance, which an index of the matching operator class serves.
    public var sqlOperator: String {
        switch self {
        case .cosine: "<=>"
        case .l2: "<->"
        case .innerProduct: "<#>"
        }
    }
}

/// Which text type a sensitive field had before it was sealed.
public enum SealedPlaintext: String, Sendable, Hashable {
    case string, text
}

/// The values of an enum field and the Swift type that carries them.
public struct EnumType: Sendable, Hashable {
    /// The values as stored, in declaration order.
    public let values: [String]
    /// The nested Swift type name, e.g. `Status` for `Customer.Status`.
    public let swiftName: String
    /// The Swift case of each value, escaped where it is a keyword (`on_hold` → `onHold`).
    public let swiftCases: [String]
    /// `renamed_values:`: former values and the value each became (`closed` → `archived`), for migrations,
    /// which rewrite the rows that hold a former value.
    public var renamedValues: [String: String] = [:]
}
