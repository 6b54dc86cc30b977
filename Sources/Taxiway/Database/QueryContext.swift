/// What a repository says about a statement, so the executor can log it and map its errors.
///
/// Generated repositories keep one per operation, e.g.
/// `QueryContext(operation: "insert", table: Customer.table, entity: "Customer", uniqueFields: Customer.uniqueFields)`.
public struct QueryContext: Sendable, Hashable {
    /// The repository operation, e.g. `insert`, `update`, `find`, `list`, `softDelete`.
    public var operation: String
    /// The table the statement works on, e.g. `customers`.
    public var table: String
    /// The entity's Swift type name used in error messages, e.g. `Customer`; when nil, messages name
    /// the table the server reports.
    public var entity: String?
    /// Unique constraint or index name → the field it makes unique, for ``DuplicateEntity/field``.
    public var uniqueFields: [String: String]
    /// Which server of a ``Database`` with read replicas may answer the statement (``ReadRouting/automatic``:
    /// a replica when it is a plain read).
    public var routing: ReadRouting

    /// A context for `operation` on `table` for `entity`.
    public init(operation: String, table: String, entity: String? = nil, uniqueFields: [String: String] = [:],
                routing: ReadRouting = .automatic) {
        self.operation = operation
        self.table = table
        self.entity = entity
        self.uniqueFields = uniqueFields
        self.routing = routing
    }
}
