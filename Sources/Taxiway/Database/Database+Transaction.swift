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
    /// Cancelling the calling task rolls the transaction back: a statement running at that moment is cancelled
    /// on the server, and a body that returns anyway is not committed (`CancellationError`). With
    /// ``Database/Options/timeouts`` set and the connections not opened with them (``Pooling/transactionPooler``,
    /// or a client made elsewhere), they are set with `SET LOCAL` after `BEGIN`.
    ///
    /// - Parameters:
    ///   - isolationLevel: The isolation level; PostgreSQL's default (read committed) when nil.
    ///   - body: The work; pass the ``Transaction`` to repositories. It must not escape: used after the body
    ///     ended, it throws ``TransactionClosed``.
    /// - Throws: ``TransactionRolledBack`` when `body` returned normally but a statement inside it had
    ///   failed (the server rolls such a transaction back on `COMMIT`); `CancellationError` when the task was
    ///   cancelled; ``OutcomeUnknown`` when the connection was lost during `COMMIT` (the transaction may have
    ///   committed); ``DatabaseUnavailable`` (retryable) when it was lost before; whatever `body` throws.
    public func transaction<Result>(
        isolationLevel level: IsolationLevel? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try Task.checkCancellation()
        let setLocal = Self.setLocal(timeouts: timeoutsSetAtConnect ? nil : options.timeouts,
                                     caller: options.pooling == .direct ? nil : Caller.current)
        guard let replication else { return try await transaction(on: nil, setLocal: setLocal, level, body) }
        let primary = replication.primary
        do {
            return try await transaction(on: replication, setLocal: setLocal, level, body)
        } catch {
            // A primary that is down or refuses writes: find the new one for the next attempt (never re-run the body).
            throw await replication.primaryFailed(error, on: primary, database: self)
        }
    }

    /// The body of ``transaction(isolationLevel:isolation:_:)``; with read replicas, `replication` records the
    /// primary's WAL position after `COMMIT`, on the transaction's connection.
    func transaction<Result>(
        on replication: ReplicaRouter?,
        setLocal: PostgresQuery?,
        _ level: IsolationLevel?,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        let logger = self.logger
        let environment = self.environment
        return try await withConnection { connection in
            let transaction = Transaction(connection: connection, logger: logger, environment: environment)
            let begin: PostgresQuery = level.map { PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \($0.rawValue)") } ?? "BEGIN"
            try await transaction.control(begin)
            let value: Result
            do {
                if let setLocal { try await transaction.control(setLocal) }
                value = try await body(transaction)
                transaction.state.close()
                // A cancelled unit of work is not committed, even when its body returned.
                try Task.checkCancellation()
            } catch {
                transaction.state.close()
                await Self.rollBack(transaction)
                throw DatabaseErrorMapper.map(error)
            }
            let commit = try await transaction.control("COMMIT", role: .commit)
            guard commit.metadata.command != "ROLLBACK" else { throw TransactionRolledBack() }
            await replication?.recordWrite(on: connection)
            return value
        }
    }

    /// Sends `ROLLBACK`. When that fails, the connection is closed, so that the pool never hands out a
    /// connection still inside this transaction (the server rolls back a closed session's transaction).
    static func rollBack(_ transaction: Transaction) async {
        do {
            _ = try await transaction.control("ROLLBACK")
        } catch {
            transaction.logger.warning("ROLLBACK failed; closing the connection", metadata: [LogKeys.error: .string(QueryLog.kind(of: error))])
            try? await transaction.connection.close().get()
        }
    }

    /// `SELECT set_config(…, true)` of every timeout, one round trip; nil when no timeout is set.
    static func setLocalTimeouts(_ timeouts: Timeouts) -> PostgresQuery? {
        setLocal(timeouts: timeouts, caller: nil)
    }

    /// One `SELECT set_config(…, true)` of every timeout (when `timeouts` is given) and of the caller's
    /// principal and tenant (when `caller` is given: through a transaction pooler, where a session setting would
    /// outlive the transaction); nil when there is nothing to set.
    static func setLocal(timeouts: Timeouts?, caller: Caller?) -> PostgresQuery? {
        var calls = (timeouts?.parameters ?? []).map { "set_config('\($0.name)', '\($0.value)', true)" }
        var bindings = PostgresBindings(capacity: 2)
        if let caller {
            let values = caller.settingValues
            bindings.append(values.principal)
            bindings.append(values.tenant)
            calls += ["set_config('\(Caller.principalSetting)', $1, true)", "set_config('\(Caller.tenantSetting)', $2, true)"]
        }
        guard !calls.isEmpty else { return nil }
        return PostgresQuery(unsafeSQL: "SELECT " + calls.joined(separator: ", "), binds: bindings)
    }
}
