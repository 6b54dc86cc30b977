import Logging
import PostgresNIO

/// Something that runs SQL: the pooled ``Database`` or a ``Transaction``'s connection.
///
/// Repositories are written against this protocol, so one repository type works both outside a
/// transaction (`CustomerRepository(on: database)`) and inside one
/// (`try await database.transaction { tx in CustomerRepository(on: tx) }`).
///
/// Prefer ``run(_:context:)`` and its helpers (``fetchAll(_:context:)``, ``fetchOne(_:context:)``,
/// ``execute(_:context:)``): they read every row before returning, so errors the server reports
/// while rows stream (a unique violation of an `INSERT … RETURNING`) are mapped too, and they log
/// the statement. ``query(_:logger:)`` is the raw, streaming form.
public protocol DatabaseExecutor: Sendable {
    /// The logger statements are logged to at `.debug` (operation, table, duration; never values).
    var logger: Logger { get }

    /// Runs `query` and returns its rows as a stream, as PostgresNIO does.
    ///
    /// Errors thrown by this call are mapped through ``DatabaseErrorMapper``; errors thrown while
    /// iterating the sequence are PostgresNIO's own. On a ``Database`` the pooled connection is held
    /// until the sequence is read to its end (or dropped), so always consume it.
    /// - Parameter logger: The logger for this statement (e.g. from ``Logging/Logger/forStatement(operation:table:)``);
    ///   ``logger`` when nil.
    func query(_ query: PostgresQuery, logger: Logger?) async throws -> PostgresRowSequence

    /// Runs `query`, reads all of its rows, and returns them with the command's metadata (command tag,
    /// affected row count). Errors are mapped through ``DatabaseErrorMapper`` with the context's entity
    /// and unique fields; the statement is logged with the context's operation and table.
    @discardableResult
    func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult

    /// What is reported about this executor's statements and repository operations (``Observability/off``
    /// unless the executor says otherwise; a ``Database`` reports per its ``Database/Options/observability``).
    var observability: Observability { get }
    /// Where the access records of entities marked `access_log: true` go (``AccessLog/standard`` unless the
    /// executor says otherwise; a ``Database`` writes to its ``Database/Options/accessLog``).
    var accessLog: AccessLog { get }
}

extension DatabaseExecutor {
    /// Runs `query` as a streaming query logged with ``logger``.
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await self.query(query, logger: nil)
    }

    /// Runs a statement for its effect (DDL, `SET`, …), discarding any rows. Errors are mapped.
    public func execute(_ query: PostgresQuery) async throws {
        _ = try await run(query, context: QueryContext(operation: "execute", table: "-"))
    }

    /// Runs a statement for its effect and returns the number of rows it affected (or returned).
    @discardableResult
    public func execute(_ query: PostgresQuery, context: QueryContext) async throws -> Int {
        let result = try await run(query, context: context)
        return result.metadata.rows ?? result.rows.count
    }

    /// Runs `query` and returns all of its rows.
    public func fetchAll(_ query: PostgresQuery, context: QueryContext) async throws -> [PostgresRow] {
        try await run(query, context: context).rows
    }

    /// Runs `query` and returns its first row, or nil when it returned none.
    public func fetchOne(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresRow? {
        try await run(query, context: context).rows.first
    }
}
