/// Raised when a repository of a tenant-scoped entity runs without a tenant: ``Caller/current`` is nil or has
/// no tenant. Nothing is sent to the database.
///
/// No tenant, no query: row-level security would show such a statement no row and refuse its inserts, so the
/// repository refuses it first, naming the entity and the operation. Not retryable: set the caller around the
/// unit of work (`Caller.$current.withValue(Caller(principal: …, tenant: …)) { … }`).
public struct TenantRequired: TaxiwayError, Equatable {
    /// The entity's Swift name.
    public let entity: String
    /// The repository operation that was refused (`create`, `find`, `list`, …).
    public let operation: String

    /// The refusal of `operation` on `entity`.
    public init(entity: String, operation: String) {
        self.entity = entity
        self.operation = operation
    }

    /// A message naming the entity and the operation.
    public var description: String {
        "\(entity) is tenant-scoped: \(operation) needs a caller with a tenant (Caller.$current.withValue(Caller(tenant: …)))"
    }
}
