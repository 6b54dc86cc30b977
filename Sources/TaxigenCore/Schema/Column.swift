/// One column of an entity's table and the Swift property that carries it.
public struct Column: Sendable {
    /// What part of the entity a column plays.
    public enum Role: String, Sendable, Hashable {
        /// The implicit `<entity>_id` key.
        case primaryKey
        /// A field the spec declares.
        case field
        /// The JsonBase `data` column.
        case data
        /// The audit column `created_at`.
        case createdAt
        /// The audit column `updated_at`.
        case updatedAt
        /// The soft-delete column `deleted_at`.
        case deletedAt
        /// The optimistic-lock column `version`.
        case version

        /// Whether the database, not the caller, sets the column.
        public var isServerManaged: Bool {
            switch self {
            case .primaryKey, .createdAt, .updatedAt, .deletedAt, .version: true
            case .field, .data: false
            }
        }
    }

    /// The column name, unquoted (`manager_id`).
    public let name: String
    /// The column name as it appears in SQL, quoted when PostgreSQL reserves it.
    public let sqlName: String
    /// The Swift property name before keyword escaping (`managerID`).
    public let swiftName: String
    /// The Swift property name as it must be written in declarations (`` `default` ``).
    public let swiftIdentifier: String
    /// The part the column plays.
    public let role: Role
    /// The column's type.
    public let type: FieldType
    /// Whether NULL is allowed.
    public let isNullable: Bool
    /// The default, if any.
    public let defaultValue: DefaultValue?
    /// Whether the value is unique among active rows.
    public let isUnique: Bool
    /// Whether the value can be written only on create.
    public let isImmutable: Bool
    /// The documentation of the column.
    public let description: String?
    /// The previous name of the column, for migrations.
    public let renamedFrom: String?
    /// The validation rules of the column.
    public let rules: ValidationRules
    /// A valid value the spec gives (text fields), from which generated tests build their values.
    public let example: String?
    /// Where the column is declared (the entity's location for implicit columns).
    public let location: SourceLocation

    /// Creates a column; SQL and Swift spellings are derived from `name` by the naming rules.
    public init(name: String, role: Role, type: FieldType, isNullable: Bool = false, defaultValue: DefaultValue? = nil,
                isUnique: Bool = false, isImmutable: Bool = false, description: String? = nil,
                renamedFrom: String? = nil, rules: ValidationRules = ValidationRules(), example: String? = nil,
                location: SourceLocation) {
        self.name = name
        self.sqlName = Naming.sqlIdentifier(name)
        let swiftName = Naming.lowerCamelCase(name)
        self.swiftName = swiftName
        self.swiftIdentifier = Naming.swiftIdentifier(swiftName)
        self.role = role
        self.type = type
        self.isNullable = isNullable
        self.defaultValue = defaultValue
        self.isUnique = isUnique
        self.isImmutable = isImmutable
        self.description = description
        self.renamedFrom = renamedFrom
        self.rules = rules
        self.example = example
        self.location = location
    }

    /// Whether the value is sealed with the field cipher before it reaches the database.
    public var isSensitive: Bool {
        if case .sealed = type { true } else { false }
    }
}

/// The value rules of a field: what validation checks and, where SQL can say it, what CHECK constraints enforce.
public struct ValidationRules: Sendable, Hashable {
    /// The formats a text field can be required to have.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case email, url
    }

    /// Minimum length in characters (of the value, or of each item of an array).
    public var minLength: Int?
    /// Maximum length in characters (of the value, or of each item of an array).
    public var maxLength: Int?
    /// A regular expression the whole value (or each item) must match.
    public var pattern: String?
    /// A format the value must have.
    public var format: Format?
    /// The smallest allowed number (of the value, or of each item).
    public var minimum: NumberLiteral?
    /// The largest allowed number (of the value, or of each item).
    public var maximum: NumberLiteral?
    /// The fewest items of an array.
    public var minItems: Int?
    /// The most items of an array.
    public var maxItems: Int?

    /// Creates rules; all absent by default.
    public init(minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, format: Format? = nil,
                minimum: NumberLiteral? = nil, maximum: NumberLiteral? = nil, minItems: Int? = nil,
                maxItems: Int? = nil) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
        self.minItems = minItems
        self.maxItems = maxItems
    }

    /// Whether no rule is set.
    public var isEmpty: Bool { self == ValidationRules() }
}
