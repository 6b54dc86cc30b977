import Logging
import PostgresNIO

/// One open transaction: a ``DatabaseExecutor`` over the single connection the transaction runs on.
///
/// Obtained from ``Database/transaction(isolationLevel:isolation:_:)``; valid only inside its body. Hand it to
/// repositories (`CustomerRepository(on: tx)`) so their statements join the unit of work. Used after the body
/// ended, every method throws ``TransactionClosed`` and runs nothing (the connection may already serve another
/// unit of work).
public struct Transaction: DatabaseExecutor {
    /// The connection the transaction runs on. Do not keep it after the transaction body returns.
    public let connection: PostgresConnection
    /// The logger statements are logged to at `.debug`.
    public let logger: Logger
    let state: TransactionState
    let environment: StatementEnvironment

    init(connection: PostgresConnection, logger: Logger, environment: StatementEnvironment) {
        self.connection = connection
        self.logger = logger
        self.state = TransactionState()
        self.environment = environment
    }

    /// Whether the transaction's body is still running (statements are accepted).
    public var isOpen: Bool { state.isOpen }

    /// Runs `query` inside the transaction as a row stream. Read it to its end before the next statement.
    /// Cancelling the task stops reading, not the server's statement (``Database/Options/timeouts`` bound it);
    /// prefer ``run(_:context:)``.
    /// - Throws: ``TransactionClosed`` after the body ended.
    public func query(_ query: PostgresQuery, logger: Logger? = nil) async throws -> PostgresRowSequence {
        try state.checkOpen()
        let logger = logger ?? self.logger
        return try await StatementRunner.stream(query, role: .inTransaction, logger: logger) {
            // The streaming API's result cannot be watched (see `ConnectionCloseWatch`): this check narrows,
            // but does not close, the window in which a closing connection drops the query.
            guard !connection.isClosed else {
                throw ConnectionCloseWatch.closedError()
            }
            return try await connection.query(query, logger: logger)
        }
    }

    /// Runs `query` inside the transaction, reading every row (see ``DatabaseExecutor/run(_:context:)``).
    /// Cancelling the calling task cancels the statement on the server and throws `CancellationError`.
    /// - Throws: ``TransactionClosed`` after the body ended.
    @discardableResult
    public func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        try state.checkOpen()
        return try await StatementRunner.run(
            query, on: connection, context: context, logger: logger, role: .inTransaction, environment: environment)
    }

    /// Runs a transaction-control statement (never cancelled, allowed after the body ended).
    @discardableResult
    func control(_ query: PostgresQuery, role: StatementRole = .control) async throws -> PostgresQueryResult {
        try await StatementRunner.run(
            query, on: connection, context: .transactionControl, logger: logger, role: role, environment: environment)
    }

    /// Runs `body` inside a savepoint: when it throws, only its own changes are rolled back and the
    /// error is rethrown; the enclosing transaction stays usable. Each savepoint has a name of its own, so
    /// nested savepoints roll back to the right place.
    ///
    /// A body that returns normally after a statement inside it failed (its error swallowed) cannot be kept:
    /// its changes are rolled back and ``TransactionRolledBack`` is thrown; the enclosing transaction stays
    /// usable.
    /// - Throws: ``TransactionClosed`` after the transaction's body ended; whatever `body` throws, mapped.
    public func savepoint<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try state.checkOpen()
        try Task.checkCancellation()
        let name = state.nextSavepointName()
        try await control(PostgresQuery(unsafeSQL: "SAVEPOINT \(name)"))
        let value: Result
        do {
            value = try await body(self)
        } catch {
            await rollBack(to: name)
            throw DatabaseErrorMapper.map(error)
        }
        do {
            try await control(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(name)"))
        } catch {
            await rollBack(to: name)
            throw DatabaseErrorMapper.map(error)
        }
        return value
    }

    /// Rolls back to and releases the savepoint `name`; a failure leaves the transaction aborted, which its
    /// `COMMIT` then reports.
    private func rollBack(to name: String) async {
        do {
            try await control(PostgresQuery(unsafeSQL: "ROLLBACK TO SAVEPOINT \(name)"))
            try await control(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(name)"))
        } catch {
            logger.warning("ROLLBACK TO SAVEPOINT failed", metadata: [LogKeys.error: .string(QueryLog.kind(of: error))])
        }
    }
}

extension QueryContext {
    /// The context of BEGIN, COMMIT, ROLLBACK and savepoint statements.
    static let transactionControl = QueryContext(operation: "transaction", table: "-")
}
