import PostgresNIO

extension Database {
    /// The isolation level a transaction runs at.
    public enum IsolationLevel: String, Sendable, CaseIterable {
        /// PostgreSQL's default.
        case readCommitted = "READ COMMITTED"
        /// A stable snapshot for the whole transaction.
        case repeatableRead = "REPEATABLE READ"
        /// Full serializability; conflicts surface as a retryable ``TransientDatabaseError`` (40001).
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` as one unit of work: `BEGIN`, then `COMMIT` when `body` returns, `ROLLBACK` when it
    /// throws (the error is rethrown, mapped through ``DatabaseErrorMapper``).
    ///
    /// - Parameters:
    ///   - isolationLevel: The isolation level; PostgreSQL's default (read committed) when nil.
    ///   - body: The work; pass the ``Transaction`` to repositories. It must not escape.
    /// - Throws: ``TransactionRolledBack`` when `body` returned normally but a statement inside it had
    ///   failed (the server rolls such a transaction back on `COMMIT`); whatever `body` throws.
    public func transaction<Result>(
        isolationLevel level: IsolationLevel? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        let logger = self.logger
        return try await withConnection { connection in
            let transaction = Transaction(connection: connection, logger: logger)
            let begin: PostgresQuery = level.map { PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \($0.rawValue)") } ?? "BEGIN"
            try await transaction.run(begin, context: .transactionControl)
            let value: Result
            do {
                value = try await body(transaction)
            } catch {
                do {
                    _ = try await transaction.run("ROLLBACK", context: .transactionControl)
                } catch let rollbackError {
                    logger.warning("ROLLBACK failed", metadata: [LogKeys.error: .string(QueryLog.kind(of: rollbackError))])
                }
                throw DatabaseErrorMapper.map(error)
            }
            let commit = try await transaction.run("COMMIT", context: .transactionControl)
            guard commit.metadata.command != "ROLLBACK" else { throw TransactionRolledBack() }
            return value
        }
    }
}
