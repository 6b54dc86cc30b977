import Foundation
import Logging
import PostgresNIO

/// Writes the one `.debug` line Taxiway logs per statement: operation, table, duration, rows; never
/// the SQL's bound values.
enum QueryLog {
    /// Logs a finished statement that started at `start`.
    static func finished(_ logger: Logger, start: ContinuousClock.Instant, rows: Int?) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [LogKeys.durationMilliseconds: .string(milliseconds(since: start))]
        if let rows { metadata[LogKeys.rows] = .string(String(rows)) }
        logger.debug("query finished", metadata: metadata)
    }

    /// Logs a failed statement that started at `start`, with the error's kind only.
    static func failed(_ logger: Logger, start: ContinuousClock.Instant, error: any Error) {
        guard logger.logLevel <= .debug else { return }
        logger.debug("query failed", metadata: [
            LogKeys.durationMilliseconds: .string(milliseconds(since: start)),
            LogKeys.error: .string(kind(of: error)),
        ])
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let duration = ContinuousClock.now - start
        let (seconds, attoseconds) = duration.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(format: "%.3f", ms)
    }

    /// A short, value-free description of an error for logs.
    static func kind(of error: any Error) -> String {
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] { return "SQLSTATE \(state)" }
            return "\(error.code)"
        }
        return String(describing: type(of: error))
    }
}
