import Foundation

/// One column an insert writes: its name, the cast its placeholder needs, and how a bulk insert carries it
/// (an array parameter of `arrayType`, each element turned into the column's value by `bulkExpression`).
public struct InsertedColumn: Sendable, Hashable {
    /// The column's SQL identifier.
    public let name: String
    /// The cast of a single-row placeholder (`::vector`), or empty.
    public let cast: String
    /// The SQL array type of its bulk parameter (`text[]`).
    public let arrayType: String
    /// The expression over the unnested element (the name, or `name::vector`).
    public let bulkExpression: String

    /// A written column.
    public init(_ name: String, cast: String = "", arrayType: String, bulkExpression: String? = nil) {
        self.name = name
        self.cast = cast
        self.arrayType = arrayType
        self.bulkExpression = bulkExpression ?? name
    }
}

/// An entity's table as the repository core needs it, and every statement the core runs on it, written
/// once from the description (values are always bound as `$n`).
public struct TableSchema: Sendable {
    /// The table's SQL name (qualified and quoted where it must be).
    public let table: String
    /// The entity's Swift name, for errors.
    public let entity: String
    /// The key column's SQL identifier.
    public let key: String
    /// Unique index → the field it guards, so a violation names the field in ``DuplicateEntity``.
    public let uniqueFields: [String: String]
    /// The number of parameters of ``insert``.
    public let insertColumnCount: Int

    /// The columns a model reads, in the model's order (the columns of ``select`` and ``returning``).
    public let selectColumns: [String]
    /// `SELECT <columns> FROM <table>`.
    public let select: String
    /// ` RETURNING <columns>`.
    public let returning: String
    /// The single-row insert.
    public let insert: String
    /// The batch insert, one array parameter per column expanded by `unnest`.
    public let bulkInsert: String
    /// The select of one active row by key.
    public let find: String
    /// The select of one row by key, soft-deleted or not.
    public let findIncludingDeleted: String
    /// The soft delete of an active row at an expected version.
    public let softDelete: String
    /// The restore of a deleted row at an expected version.
    public let restore: String
    /// The version and deletion of one row.
    public let versionProbe: String
    /// `SELECT count(*) FROM <table>`.
    public let count: String
    /// Whether every repository operation writes an ``AccessRecord`` (the spec says `access_log: true`).
    public let accessLogged: Bool
    /// The tenant key column of a tenant-scoped table (row-level security shows each caller only its tenant's
    /// rows), or nil. Every statement on a tenant-scoped table needs a caller with a tenant: see ``context(_:routing:)``.
    public let tenantKey: String?
    /// The `UPDATE` that stores `$4` (`jsonb`) under the key `$3` of an active row's JSON data object (`$1`
    /// the key, `$2` the expected version), turning the column into an object first when it holds something
    /// else; nil for a table without a `data` column.
    public let setData: String?

    /// The statements of a table whose model reads `selectColumns` (in the model's order) and whose inserts
    /// write `inserted`; `dataColumn` is the JSON data column of a `json_data` entity.
    public init(table: String, entity: String, key: String, selectColumns: [String], inserted: [InsertedColumn],
                uniqueFields: [String: String] = [:], accessLogged: Bool = false, tenantKey: String? = nil,
                dataColumn: String? = nil) {
        self.table = table
        self.tenantKey = tenantKey
        self.accessLogged = accessLogged
        self.entity = entity
        self.key = key
        self.uniqueFields = uniqueFields
        insertColumnCount = inserted.count
        self.selectColumns = selectColumns
        let list = selectColumns.joined(separator: ", ")
        select = "SELECT \(list) FROM \(table)"
        returning = " RETURNING \(list)"
        let names = inserted.map(\.name).joined(separator: ", ")
        if inserted.isEmpty {
            insert = "INSERT INTO \(table) DEFAULT VALUES" + returning
            bulkInsert = "INSERT INTO \(table) SELECT FROM generate_series(1, $1::bigint)" + returning
        } else {
            let placeholders = inserted.enumerated().map { "$\($0.offset + 1)\($0.element.cast)" }
            insert = "INSERT INTO \(table) (\(names)) VALUES (\(placeholders.joined(separator: ", ")))" + returning
            let arrays = inserted.enumerated().map { "$\($0.offset + 1)::\($0.element.arrayType)" }
            bulkInsert = "INSERT INTO \(table) (\(names)) SELECT "
                + inserted.map(\.bulkExpression).joined(separator: ", ")
                + " FROM unnest(\(arrays.joined(separator: ", "))) AS bulk(\(names))" + returning
        }
        find = select + " WHERE \(key) = $1 AND deleted_at IS NULL"
        findIncludingDeleted = select + " WHERE \(key) = $1"
        let guarded = " WHERE \(key) = $1 AND version = $2"
        softDelete = "UPDATE \(table) SET deleted_at = now(), updated_at = now(), version = version + 1"
            + guarded + " AND deleted_at IS NULL" + returning
        restore = "UPDATE \(table) SET deleted_at = NULL, updated_at = now(), version = version + 1"
            + guarded + " AND deleted_at IS NOT NULL" + returning
        versionProbe = "SELECT version, deleted_at IS NOT NULL FROM \(table) WHERE \(key) = $1"
        if let data = dataColumn {
            setData = "UPDATE \(table) SET \(data) = jsonb_set(CASE WHEN jsonb_typeof(\(data)) = 'object' THEN \(data) "
                + "ELSE '{}'::jsonb END, ARRAY[$3::text], $4::jsonb, true), updated_at = now(), version = version + 1"
                + guarded + " AND deleted_at IS NULL" + returning
        } else {
            setData = nil
        }
        count = "SELECT count(*) FROM \(table)"
    }

    /// The `UPDATE` of an active row at an expected version with `assignments`, binding the key and version
    /// after the assignments' values (`keyParameter`, `keyParameter + 1`).
    public func update(_ assignments: [String], keyParameter: Int) -> String {
        "UPDATE \(table) SET " + (assignments + ["updated_at = now()", "version = version + 1"]).joined(separator: ", ")
            + " WHERE \(key) = $\(keyParameter) AND version = $\(keyParameter + 1) AND deleted_at IS NULL" + returning
    }

    /// How the executor logs a statement of `operation` and maps its errors. Every statement on the table takes
    /// its context here (the repository's, and hand-written ones that name the table's schema), so this is where
    /// a tenant-scoped table refuses to be used without a tenant.
    ///
    /// - Throws: ``TenantRequired`` when the table is tenant-scoped and ``Caller/current`` has no tenant.
    public func context(_ operation: String, routing: ReadRouting = .automatic) throws -> QueryContext {
        try requireTenant(for: operation)
        return QueryContext(operation: operation, table: table, entity: entity, uniqueFields: uniqueFields, routing: routing)
    }

    /// Refuses `operation` on a tenant-scoped table when the current task's caller has no tenant: the statement
    /// would see no row and every insert would be refused, so it is not sent at all.
    ///
    /// - Throws: ``TenantRequired``.
    @inlinable
    public func requireTenant(for operation: String) throws {
        if tenantKey != nil, Caller.current?.tenant == nil {
            throw TenantRequired(entity: entity, operation: operation)
        }
    }
}
