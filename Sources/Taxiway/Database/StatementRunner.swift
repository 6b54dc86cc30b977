import Logging
import PostgresNIO

/// The shared body of ``DatabaseExecutor/run(_:context:)`` and ``DatabaseExecutor/query(_:logger:)``
/// on one connection: time, log, cancel on the server when the task is cancelled, map errors.
enum StatementRunner {
    /// Runs `query` on `connection`, reading every row.
    ///
    /// A cancellable statement (``StatementRole/isCancellable``) is not started in a cancelled task
    /// (`CancellationError`); cancelled while it runs, it is cancelled on the server (see
    /// ``StatementCancellation``) and throws `CancellationError`, unless it had already completed. A connection
    /// lost while a `COMMIT` or a write outside a transaction was in flight throws ``OutcomeUnknown``.
    static func run(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        context: QueryContext,
        logger: Logger,
        role: StatementRole,
        environment: StatementEnvironment
    ) async throws -> PostgresQueryResult {
        let logger = logger.forStatement(operation: context.operation, table: context.table)
        var cancellation: StatementCancellation?
        if role.isCancellable {
            try Task.checkCancellation()
            var pid: Int32?
            if environment.options.pooling == .direct {
                do {
                    pid = try await BackendProcesses.shared.pid(of: connection, logger: logger)
                } catch {
                    // Nothing of the statement was sent.
                    throw DatabaseErrorMapper.map(error is ConnectionLost ? ConnectionCloseWatch.closedError() : error)
                }
            }
            cancellation = StatementCancellation(connection: connection, pid: pid, environment: environment)
        }
        let start = ContinuousClock.now
        let observation = environment.options.observability.observer.map {
            StatementObservation(observer: $0, query: query, context: context, server: environment.server, start: start)
        }
        do {
            let result: PostgresQueryResult
            if let cancellation {
                result = try await withTaskCancellationHandler {
                    try await ConnectionCloseWatch.shared.query(query, on: connection, logger: logger)
                } onCancel: {
                    cancellation.request()
                }
                await cancellation.statementEnded()
            } else {
                result = try await ConnectionCloseWatch.shared.query(query, on: connection, logger: logger)
            }
            QueryLog.finished(logger, start: start, rows: result.metadata.rows ?? result.rows.count)
            observation?.finished(logger: logger)
            return result
        } catch {
            await cancellation?.statementEnded()
            QueryLog.failed(logger, start: start, error: error)
            let thrown = classify(error, query: query, context: context, role: role, cancellation: cancellation)
            observation?.failed(error, thrown: thrown, logger: logger)
            throw thrown
        }
    }

    /// The error a failed statement throws (see ``run(_:on:context:logger:role:environment:)``).
    static func classify(
        _ error: any Error,
        query: PostgresQuery,
        context: QueryContext,
        role: StatementRole,
        cancellation: StatementCancellation?
    ) -> any Error {
        let lostInFlight = isLostInFlight(error)
        if let cancellation, cancellation.wasRequested {
            if cancellation.didCloseConnection, lostInFlight, role.losesOutcome(of: query) {
                return OutcomeUnknown(
                    operation: context.operation,
                    reason: "the statement was cancelled and its connection closed while it ran", underlying: error)
            }
            if cancellation.didCloseConnection || sqlState(of: error) == "57014" || error is CancellationError {
                return CancellationError()
            }
        }
        if lostInFlight, role.losesOutcome(of: query) {
            return OutcomeUnknown(
                operation: role == .commit ? "commit" : context.operation,
                reason: "the connection was lost while the statement was in flight", underlying: error)
        }
        return DatabaseErrorMapper.map(error, entity: context.entity, uniqueFields: context.uniqueFields)
    }

    /// Whether `error` says the connection went away after the statement may have been sent (rather than the
    /// server answering it with an error).
    static func isLostInFlight(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionLost, is IOError, is ChannelError:
            return true
        case let error as PSQLError:
            return [.serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .connectionError].contains(error.code)
        default:
            return false
        }
    }

    /// The SQLSTATE of a server error.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Runs `query` through `start`, which returns the row stream, logging the time to the first response.
    static func stream(
        _ query: PostgresQuery,
        role: StatementRole,
        logger: Logger,
        _ start: () async throws -> PostgresRowSequence
    ) async throws -> PostgresRowSequence {
        let began = ContinuousClock.now
        do {
            let rows = try await start()
            QueryLog.finished(logger, start: began, rows: nil)
            return rows
        } catch {
            QueryLog.failed(logger, start: began, error: error)
            throw classify(error, query: query, context: QueryContext(operation: "query", table: "-"), role: role, cancellation: nil)
        }
    }
}
