import Foundation

/// An append-only entity's table as ``AppendOnlyRepository`` needs it, and every statement it runs on it,
/// written once from the description (values are always bound as `$n`). The key is always written by the
/// repository (a ``UUIDv7``), so it is the first inserted column.
public struct AppendOnlyTableSchema: Sendable {
    /// The table's SQL name (qualified and quoted where it must be).
    public let table: String
    /// The entity's Swift name, for errors.
    public let entity: String
    /// The key column's SQL identifier.
    public let key: String
    /// The SQL identifier of the time column (`created_at`) the time-range reads and the partitions go by.
    public let time: String
    /// Whether the table is range-partitioned by ``time`` (its primary key is then `(key, time)`).
    public let isPartitioned: Bool
    /// Unique index → the field it guards, so a violation names the field in ``DuplicateEntity``.
    public let uniqueFields: [String: String]
    /// Whether every repository operation writes an ``AccessRecord`` (the spec says `access_log: true`).
    public let accessLogged: Bool
    /// The tenant key column of a tenant-scoped table, or nil: see ``context(_:routing:)``.
    public let tenantKey: String?
    /// The number of parameters of ``insert``, the key included.
    public let insertColumnCount: Int

    /// The columns a model reads, in the model's order (the columns of ``select`` and ``returning``).
    public let selectColumns: [String]
    /// `SELECT <columns> FROM <table>`.
    public let select: String
    /// ` RETURNING <columns>`.
    public let returning: String
    /// The single-row insert: the key, then the request's columns.
    public let insert: String
    /// The batch insert, one array parameter per column (the keys first) expanded by `unnest`.
    public let bulkInsert: String
    /// The select of one row by key (every partition's primary-key index is probed when partitioned).
    public let find: String
    /// The select of one row by key and time (`$2`, give or take a millisecond, which a `Date`'s round trip
    /// cannot move it by): on a partitioned table, only the partition holding that time is read.
    public let findAt: String
    /// `SELECT count(*) FROM <table>`.
    public let count: String

    /// The statements of a table whose model reads `selectColumns` (in the model's order) and whose inserts
    /// write the key and then `inserted`.
    public init(table: String, entity: String, key: String, time: String = "created_at", isPartitioned: Bool = false,
                selectColumns: [String], inserted: [InsertedColumn], uniqueFields: [String: String] = [:],
                accessLogged: Bool = false, tenantKey: String? = nil) {
        self.accessLogged = accessLogged
        self.tenantKey = tenantKey
        self.table = table
        self.entity = entity
        self.key = key
        self.time = time
        self.isPartitioned = isPartitioned
        self.uniqueFields = uniqueFields
        let written = [InsertedColumn(key, arrayType: "uuid[]")] + inserted
        insertColumnCount = written.count
        self.selectColumns = selectColumns
        let list = selectColumns.joined(separator: ", ")
        select = "SELECT \(list) FROM \(table)"
        returning = " RETURNING \(list)"
        let names = written.map(\.name).joined(separator: ", ")
        let placeholders = written.enumerated().map { "$\($0.offset + 1)\($0.element.cast)" }
        insert = "INSERT INTO \(table) (\(names)) VALUES (\(placeholders.joined(separator: ", ")))" + returning
        let arrays = written.enumerated().map { "$\($0.offset + 1)::\($0.element.arrayType)" }
        bulkInsert = "INSERT INTO \(table) (\(names)) SELECT " + written.map(\.bulkExpression).joined(separator: ", ")
            + " FROM unnest(\(arrays.joined(separator: ", "))) AS bulk(\(names))" + returning
        find = select + " WHERE \(key) = $1"
        findAt = select + " WHERE \(key) = $1 AND \(time) BETWEEN $2::timestamptz - interval '1 millisecond'"
            + " AND $2::timestamptz + interval '1 millisecond'"
        count = "SELECT count(*) FROM \(table)"
    }

    /// How the executor logs a statement of `operation` and maps its errors; like ``TableSchema``'s, it refuses
    /// a tenant-scoped table's statement when the current caller has no tenant.
    ///
    /// - Throws: ``TenantRequired`` when the table is tenant-scoped and ``Caller/current`` has no tenant.
    public func context(_ operation: String, routing: ReadRouting = .automatic) throws -> QueryContext {
        if tenantKey != nil, Caller.current?.tenant == nil {
            throw TenantRequired(entity: entity, operation: operation)
        }
        return QueryContext(operation: operation, table: table, entity: entity, uniqueFields: uniqueFields, routing: routing)
    }
}
