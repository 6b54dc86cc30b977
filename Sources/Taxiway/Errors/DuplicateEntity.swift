/// Raised when a write would break a unique rule: another active row already holds the same value.
///
/// The guidelines' `DuplicateEntityException`. Produced by ``DatabaseErrorMapper`` from PostgreSQL's
/// `unique_violation` (SQLSTATE 23505). The duplicated value itself is never included.
public struct DuplicateEntity: TaxiwayError, Equatable {
    /// The entity's Swift type name (or the table name when the caller did not say), e.g. `Customer`.
    public let entity: String
    /// The field (or fields, comma-separated) whose value is duplicated, e.g. `email`.
    public let field: String
    /// The name of the unique constraint or index that refused the row, when known.
    public let constraint: String?

    /// A duplicate of `field` on `entity`, refused by `constraint` when known.
    public init(entity: String, field: String, constraint: String? = nil) {
        self.entity = entity
        self.field = field
        self.constraint = constraint
    }

    /// A message naming the entity and the duplicated field.
    public var description: String {
        "another \(entity) with the same \(field) already exists"
    }
}
