import Logging
import PostgresNIO

/// One open transaction: a ``DatabaseExecutor`` over the single connection the transaction runs on.
///
/// Obtained from ``Database/transaction(isolationLevel:isolation:_:)``; valid only inside its body. Hand it to
/// repositories (`CustomerRepository(on: tx)`) so their statements join the unit of work.
public struct Transaction: DatabaseExecutor {
    /// The connection the transaction runs on. Do not keep it after the transaction body returns.
    public let connection: PostgresConnection
    /// The logger statements are logged to at `.debug`.
    public let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs `query` inside the transaction as a row stream. Read it to its end before the next statement.
    public func query(_ query: PostgresQuery, logger: Logger? = nil) async throws -> PostgresRowSequence {
        let logger = logger ?? self.logger
        return try await StatementRunner.stream(logger: logger) {
            // The streaming API's result cannot be watched (see `ConnectionCloseWatch`): this check narrows,
            // but does not close, the window in which a closing connection drops the query.
            guard !connection.isClosed else {
                throw ConnectionCloseWatch.closedError()
            }
            return try await connection.query(query, logger: logger)
        }
    }

    /// Runs `query` inside the transaction, reading every row (see ``DatabaseExecutor/run(_:context:)``).
    @discardableResult
    public func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        try await StatementRunner.run(query, on: connection, context: context, logger: logger)
    }

    /// Runs `body` inside a savepoint: when it throws, only its own changes are rolled back and the
    /// error is rethrown; the enclosing transaction stays usable.
    public func savepoint<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await run("SAVEPOINT taxiway_savepoint", context: .transactionControl)
        let value: Result
        do {
            value = try await body(self)
        } catch {
            _ = try? await run("ROLLBACK TO SAVEPOINT taxiway_savepoint", context: .transactionControl)
            _ = try? await run("RELEASE SAVEPOINT taxiway_savepoint", context: .transactionControl)
            throw DatabaseErrorMapper.map(error)
        }
        try await run("RELEASE SAVEPOINT taxiway_savepoint", context: .transactionControl)
        return value
    }
}

extension QueryContext {
    /// The context of BEGIN, COMMIT, ROLLBACK and savepoint statements.
    static let transactionControl = QueryContext(operation: "transaction", table: "-")
}
