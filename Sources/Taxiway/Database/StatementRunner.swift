import Logging
import PostgresNIO

/// The shared body of ``DatabaseExecutor/run(_:context:)`` and ``DatabaseExecutor/query(_:logger:)``
/// on one connection: time, log, map errors.
enum StatementRunner {
    /// Runs `query` on `connection`, reading every row.
    static func run(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        context: QueryContext,
        logger: Logger
    ) async throws -> PostgresQueryResult {
        let logger = logger.forStatement(operation: context.operation, table: context.table)
        let start = ContinuousClock.now
        do {
            let result = try await ConnectionCloseWatch.shared.query(query, on: connection, logger: logger)
            QueryLog.finished(logger, start: start, rows: result.metadata.rows ?? result.rows.count)
            return result
        } catch {
            QueryLog.failed(logger, start: start, error: error)
            throw DatabaseErrorMapper.map(error, entity: context.entity, uniqueFields: context.uniqueFields)
        }
    }

    /// Runs `query` through `start`, which returns the row stream, logging the time to the first response.
    static func stream(
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
            throw DatabaseErrorMapper.map(error)
        }
    }
}
