/// The items of the guidelines' "Database Guidelines Compliance Checklist" that a spec can be checked
/// against, in the checklist's order (with the integrity and security rules the guidelines state elsewhere).
///
/// The checklist's process items (migrations generated and reviewed, no `upgrade head` on production,
/// tests written, documentation updated) concern a change, not a spec; lint lists them as not checked.
public enum ChecklistItem: String, Sendable, Hashable, CaseIterable {
    case baseClass = "base-class"
    case auditFields = "audit-fields"
    case uuidPrimaryKey = "uuid-primary-key"
    case indexes
    case noForeignKeys = "no-foreign-keys"
    case validationSchemas = "validation-schemas"
    case databaseConstraints = "database-constraints"
    case offlineDDL = "offline-ddl"
    case postgresFeatures = "postgresql-features"
    case softDelete = "soft-delete"
    case noCircularDependencies = "no-circular-dependencies"
    case sensitiveData = "sensitive-data"
    case tenantIsolation = "tenant-isolation"
    case changeTracking = "change-tracking"

    /// The item as the guidelines word it.
    public var title: String {
        switch self {
        case .baseClass: "Models inherit from appropriate base class (Base or Base + JsonBase)"
        case .auditFields: "All required audit fields are present (created_at, updated_at, deleted_at, version)"
        case .uuidPrimaryKey: "Primary keys use UUID type with a random (uuid4) default"
        case .indexes: "Proper indexes are defined (every reference, version, unique and queried fields)"
        case .noForeignKeys: "NO foreign key constraints or relationships are defined"
        case .validationSchemas: "Corresponding validation schemas exist with business logic validation"
        case .databaseConstraints: "Database-level constraints enforce data integrity (CHECK)"
        case .offlineDDL: "Offline DDL script is generated for production"
        case .postgresFeatures: "PostgreSQL 15+ features are utilized (JSONB, arrays, uuid, timestamptz, pgvector)"
        case .softDelete: "Soft delete uses the inherited deleted_at field"
        case .noCircularDependencies: "No circular dependencies between models"
        case .sensitiveData: "Sensitive data is encrypted at rest"
        case .tenantIsolation: "Tenant-scoped tables enforce tenant isolation (row-level security, forced, with the tenant policy)"
        case .changeTracking: "Change tracking is implemented for critical data (history: true)"
        }
    }

    /// The checklist's items about the process of a change, which no spec can prove.
    public static let notCheckable = [
        "Migration is generated and reviewed (`taxigen migrate new`)",
        "NO direct upgrade of production databases (`taxigen migrate sql` writes the reviewed script)",
        "Tests are written and passing",
        "Documentation is updated; performance and security implications are reviewed",
    ]
}
