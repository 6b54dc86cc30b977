/// One place where an imported schema breaks the database guidelines, or that taxigen cannot express,
/// with what to do about it.
public struct ImportFinding: Sendable, Hashable, Codable {
    /// The rule, a stable id for tools (`uuid_primary_key`, `audit_fields`, `no_foreign_keys`, …).
    public var rule: String
    /// The table.
    public var table: String
    /// The column, constraint or index, if the finding is about one.
    public var object: String?
    /// What is wrong.
    public var message: String
    /// What to do, and what `migrate baseline` does about it.
    public var fix: String
    /// The guideline's own words.
    public var guideline: String

    /// The rules, with the guideline text each one cites (../shared/guidelines/database-guidelines.md).
    public enum Rule {
        static let uuidKey = ("uuid_primary_key", "Primary Keys: ALWAYS use UUID primary keys … Generate UUIDs using uuid.uuid4() as default")
        static let audit = ("audit_fields", "Required Fields: created_at, updated_at (timestamp with timezone), deleted_at (soft delete), version (optimistic locking)")
        static let foreignKeys = ("no_foreign_keys", "Relationships: DO NOT Use explicit foreign key constraints; checklist: NO foreign key constraints or relationships are defined")
        static let cascade = ("no_cascades", "Relationships: DO NOT Define proper cascade behaviors")
        static let referenceIndex = ("foreign_key_index", "Indexing Strategy: ALWAYS create indexes for foreign keys")
        static let versionIndex = ("version_index", "Indexing Strategy: ALWAYS create indexes for version field")
        static let naiveTimestamp = ("timezone_aware_timestamps", "Data Types: Always use DateTime(timezone=True) for timezone-aware timestamps")
        static let jsonb = ("jsonb", "Data Types: Use JsonType for flexible data storage (automatically uses JSONB in PostgreSQL)")
        static let unexpressible = ("not_expressible", "taxigen: a spec describes only what the guidelines allow")
        static let unmanaged = ("left_unmanaged", "taxigen: what a spec cannot describe stays in the database, outside taxigen's migrations")
    }

    init(_ rule: (String, String), table: String, object: String? = nil, message: String, fix: String) {
        self.rule = rule.0
        self.guideline = rule.1
        self.table = table
        self.object = object
        self.message = message
        self.fix = fix
    }
}
