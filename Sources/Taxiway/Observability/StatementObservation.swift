import Foundation
import Logging
import PostgresNIO
import Tracing

/// One statement being observed: its span (when tracing is on) and what its slow-statement log needs.
/// ``StatementRunner`` starts one per statement when ``Observability`` is not off, and ends it once.
struct StatementObservation {
    let observer: Observer
    let span: (any Span)?
    let start: ContinuousClock.Instant
    let sql: String
    let context: QueryContext

    /// Starts observing `query` (run for `context`, sent at `start`), opening a client span in the calling
    /// task's `ServiceContext` when tracing is on.
    init(observer: Observer, query: PostgresQuery, context: QueryContext, server: DatabaseServer?,
         start: ContinuousClock.Instant) {
        self.observer = observer
        self.start = start
        self.sql = query.sql
        self.context = context
        span = observer.tracer.map { destination in
            StatementSpan.start(destination.tracer, sql: query.sql, context: context, server: server)
        }
    }

    /// The statement returned.
    func finished(logger: Logger) {
        span?.end()
        logIfSlow(logger, error: nil)
    }

    /// The statement failed with `error`, which the caller throws as `thrown` (mapped to a Taxiway error).
    func failed(_ error: any Error, thrown: any Error, logger: Logger) {
        if let span {
            StatementSpan.fail(span, error: error, thrown: thrown)
            span.end()
        }
        logIfSlow(logger, error: thrown)
    }

    /// Logs the statement at `.warning` when it ran at least ``Observability/slowStatementThreshold``: its text
    /// (parameterised: values are bound as `$n` and never logged), operation, table and duration.
    private func logIfSlow(_ logger: Logger, error: (any Error)?) {
        guard let threshold = observer.slowStatementThreshold else { return }
        let elapsed = ContinuousClock.now - start
        guard elapsed >= threshold else { return }
        var metadata: Logger.Metadata = [
            LogKeys.statement: .string(sql),
            LogKeys.operation: .string(context.operation),
            LogKeys.table: .string(context.table),
            LogKeys.durationMilliseconds: .string(Self.milliseconds(elapsed)),
        ]
        if let error { metadata[LogKeys.error] = .string(QueryLog.kind(of: error)) }
        logger.warning("slow statement", metadata: metadata)
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

extension LogKeys {
    /// The text of a slow statement, parameterised (`$1`, `$2`…): bound values are never logged.
    public static let statement = "db.query.text"
}
