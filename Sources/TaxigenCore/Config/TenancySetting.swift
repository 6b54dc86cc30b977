/// The project's tenancy, `tenancy: { key: tenant_id }` in `taxigen.yaml`: every entity that does not opt out
/// (`tenant_scoped: false`) gets the tenant key column, row-level security (enabled and forced) with a policy
/// that compares the key with the caller's tenant (`taxiway.tenant`), and unique indexes per tenant.
public struct TenancySetting: Sendable, Hashable {
    /// The key column when `key:` is not given.
    public static let defaultKey = "tenant_id"
    /// The keys of the `tenancy:` mapping.
    static let keys = ["key"]
    /// Column names the tenant key cannot take: the audit columns every table has, and JsonBase's `data`.
    static let takenNames = EntityReader.auditColumnNames + ["data"]

    /// The tenant key column's name, unquoted (`tenant_id`).
    public let key: String
    /// Where `tenancy:` is written in `taxigen.yaml`.
    public let location: SourceLocation

    /// A tenancy keyed by `key`.
    public init(key: String = TenancySetting.defaultKey, location: SourceLocation = .file(ProjectConfig.fileName)) {
        self.key = key
        self.location = location
    }

    /// Reads the value of `tenancy:`; nil (with every problem reported) when it is not a valid setting.
    static func read(_ node: SyntaxNode, into log: inout DiagnosticLog) -> TenancySetting? {
        guard case .mapping(let mapping) = node else {
            log.error("'tenancy' in \(ProjectConfig.fileName) must be a mapping, not \(node.kindDescription)", at: node.location,
                      hint: "write `tenancy: { key: \(defaultKey) }` (the tenant key column of every tenant-scoped table)")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "tenancy")
        reader.checkKeys(known: keys, into: &log)
        guard reader.has("key") else { return TenancySetting(location: node.location) }
        guard let key = reader.string("key", into: &log) else { return nil }
        let location = reader.location(of: "key")
        if !Naming.isSnakeCase(key) {
            log.error("tenant key '\(key)' is not a lowercase snake_case SQL name", at: location,
                      hint: "use lowercase letters, digits and single underscores, e.g. '\(defaultKey)'")
            return nil
        }
        if key.utf8.count > Naming.maxIdentifierBytes {
            log.error("tenant key '\(key)' is \(key.utf8.count) bytes long; PostgreSQL names are at most \(Naming.maxIdentifierBytes)",
                      at: location, hint: "use a shorter name, e.g. '\(defaultKey)'")
            return nil
        }
        if takenNames.contains(key) {
            log.error("tenant key '\(key)' is the name of a column every table already has", at: location,
                      hint: "name the tenant key column something else, e.g. '\(defaultKey)'")
            return nil
        }
        if FieldReader.systemColumnNames.contains(key) {
            log.error("tenant key '\(key)' has the name of a PostgreSQL system column", at: location,
                      hint: "every table has the hidden columns \(FieldReader.systemColumnNames.sorted().joined(separator: ", ")); name the tenant key column something else, e.g. '\(defaultKey)'")
            return nil
        }
        return TenancySetting(key: key, location: node.location)
    }
}
