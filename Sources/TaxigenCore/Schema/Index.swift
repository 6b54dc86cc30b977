/// One index of an entity's table, implicit or declared, with its final name.
public struct Index: Sendable, Hashable {
    /// The access method.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case btree, gin, hnsw, ivfflat
    }

    /// Why the index exists, for documentation, lint and migrations.
    public enum Origin: String, Sendable, Hashable {
        /// Every ref column is indexed (the guidelines' "index every foreign key").
        case ref
        /// Every table indexes `version`.
        case version
        /// An append-only table indexes `created_at`, for its time-range reads.
        case appendTime
        /// A field marked `unique`.
        case uniqueField
        /// A field marked `index`.
        case fieldIndex
        /// An entry of the spec's `indexes`.
        case declared
    }

    /// The index name, at most 63 bytes.
    public let name: String
    /// The indexed column names, unquoted, in order.
    public let columns: [String]
    /// Whether the index enforces uniqueness.
    public let isUnique: Bool
    /// The access method.
    public let kind: Kind
    /// Whether the index covers active rows only (`WHERE deleted_at IS NULL`).
    public let isPartial: Bool
    /// The operator class of the last column, if it needs one: a vector index's distance, or the pattern class
    /// of a prefix index (`prefix: true`).
    public let operatorClass: String?
    /// Why the index exists.
    public let origin: Origin
    /// Where the index is asked for (the entity's location for implicit ones).
    public let location: SourceLocation

    /// The column a prefix index serves `prefix` and equality conditions on (its pattern operator class
    /// compares bytes, whatever the collation), or nil for any other index.
    public var patternColumn: String? {
        operatorClass.map(Self.patternClasses.contains) == true ? columns.last : nil
    }

    /// The pattern operator class of a `string` or `text` column, nil for any other type: what `prefix: true`
    /// and `index: prefix` create.
    public static func patternClass(of type: FieldType) -> String? {
        switch type {
        case .string: "varchar_pattern_ops"
        case .text: "text_pattern_ops"
        default: nil
        }
    }

    /// Every pattern operator class a prefix index has, which `taxigen import` reads back as one.
    public static let patternClasses = Set([FieldType.text, .string(maxLength: 1)].compactMap(patternClass(of:)))

    /// Creates an index.
    public init(name: String, columns: [String], isUnique: Bool, kind: Kind, isPartial: Bool,
                operatorClass: String?, origin: Origin, location: SourceLocation) {
        self.name = name
        self.columns = columns
        self.isUnique = isUnique
        self.kind = kind
        self.isPartial = isPartial
        self.operatorClass = operatorClass
        self.origin = origin
        self.location = location
    }
}

/// A CHECK constraint that makes the database refuse what validation refuses.
public struct CheckConstraint: Sendable, Hashable {
    /// What a CHECK constraint requires.
    public enum Rule: Sendable, Hashable {
        /// The value is one of these.
        case oneOf([String])
        /// The value's length in characters is within bounds.
        case length(min: Int?, max: Int?)
        /// The value is within bounds.
        case range(min: NumberLiteral?, max: NumberLiteral?)
        /// The array's item count is within bounds.
        case itemCount(min: Int?, max: Int?)
        /// Every item of the array is within bounds.
        case itemRange(min: NumberLiteral?, max: NumberLiteral?)
        /// The version counter is positive.
        case positiveVersion
    }

    /// The constraint name, at most 63 bytes.
    public let name: String
    /// The constrained column, unquoted.
    public let column: String
    /// What it requires.
    public let rule: Rule
}
