/// The checked, fully explicit model of every entity: the output of the check stage.
///
/// Every implicit part (primary key, audit columns, implicit indexes, table, column and Swift names) is
/// decided here once; planners only read it.
public struct Schema: Sendable {
    /// The entities, sorted by name.
    public let entities: [Entity]
    /// How migrations to this schema treat renames and drops (`migrations: { zero_downtime: true }` in
    /// taxigen.yaml; `migrate new --contract`). Set from the project's config on load.
    public var migrationPolicy = MigrationPolicy()
    /// The fixture plans the checker made for its capacity check, by entity name, for the entities the
    /// generated code sees whole (without deprecated fields), so the test planner does not make them again.
    var fixturePlans: [String: FixtureValues.Plan] = [:]

    /// Creates a schema; entities are sorted by name so output never depends on file order.
    public init(entities: [Entity]) {
        self.entities = entities.sorted { $0.name < $1.name }
    }

    /// Whether any entity has a vector column (and so the DDL needs the pgvector extension).
    public var usesVector: Bool {
        entities.contains { $0.usesVector }
    }

    /// The entity with a Swift name, if any.
    public func entity(named name: String) -> Entity? {
        entities.first { $0.name == name }
    }
}

/// One entity: a Swift model type and the table that stores it.
public struct Entity: Sendable {
    /// The Swift type name (`Customer`).
    public let name: String
    /// The entity name in snake_case (`customer`), the stem of the key and of derived names.
    public let snakeName: String
    /// The table name, unquoted (`customers`).
    public let tableName: String
    /// The table name as it appears in SQL, quoted when PostgreSQL reserves it.
    public let sqlTableName: String
    /// The spec's description, if any.
    public let description: String?
    /// Whether the entity has the `data` JSONB column of the guidelines' JsonBase.
    public let hasJSONData: Bool
    /// The spec file the entity came from.
    public let specPath: String
    /// Where the entity is declared.
    public let location: SourceLocation
    /// Every column in table order: key, declared fields, `data`, audit columns.
    public let columns: [Column]
    /// Every index, implicit and declared, in a deterministic order.
    public let indexes: [Index]
    /// Every CHECK constraint the database enforces, in column order.
    public let checks: [CheckConstraint]
    /// The named queries of the spec's `queries`, in the order written.
    public let queries: [NamedQuery]
    /// History, append-only storage, tenant scope, access log.
    public let traits: EntityTraits
    /// The table's former names (`renamed_from:` of the entity), most recent first: a migration renames the
    /// table from the most recent one the last migration's snapshot has.
    public var formerTableNames: [String] = []
    /// Where `renamed_from:` of the entity is written (the entity's location without one).
    public var renamedFromLocation: SourceLocation?

    /// Creates an entity.
    public init(name: String, snakeName: String, tableName: String, description: String?, hasJSONData: Bool,
                specPath: String, location: SourceLocation, columns: [Column], indexes: [Index],
                checks: [CheckConstraint], queries: [NamedQuery] = [], traits: EntityTraits = EntityTraits()) {
        self.name = name
        self.snakeName = snakeName
        self.tableName = tableName
        self.sqlTableName = Naming.sqlIdentifier(tableName)
        self.description = description
        self.hasJSONData = hasJSONData
        self.specPath = specPath
        self.location = location
        self.columns = columns
        self.indexes = indexes
        self.checks = checks
        self.queries = queries
        self.traits = traits
    }

    /// The primary key column.
    public var primaryKey: Column { columns.first { $0.role == .primaryKey }! }

    /// The columns the spec declared, in spec order.
    public var fields: [Column] { columns.filter { $0.role == .field } }

    /// The columns a caller writes on create: declared fields and `data`.
    public var writableColumns: [Column] { columns.filter { $0.role == .field || $0.role == .data } }

    /// The column with a name, if any.
    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// Whether a column is a vector.
    public var usesVector: Bool {
        columns.contains { if case .vector = $0.type { true } else { false } }
    }

    /// Whether any column is sealed at rest.
    public var hasSensitiveFields: Bool { columns.contains(where: \.isSensitive) }

    /// The ref columns and the entities they point to.
    public var refs: [(column: Column, entity: String)] {
        columns.compactMap { column in
            if case .ref(let entity) = column.type { (column, entity) } else { nil }
        }
    }
}
