import Logging

/// The metadata keys Taxiway logs queries with, so log pipelines can index them.
///
/// Parameter values are never logged: only the operation, the table, the duration and the row count.
public enum LogKeys {
    /// The repository operation, e.g. `insert`, `update`, `find`, `list`.
    public static let operation = "db.operation"
    /// The table the statement works on, e.g. `customers`.
    public static let table = "db.table"
    /// Wall-clock duration of the statement, in milliseconds.
    public static let durationMilliseconds = "db.duration_ms"
    /// The number of rows the statement returned.
    public static let rows = "db.rows"
    /// The SQLSTATE or error kind, when the statement failed.
    public static let error = "db.error"
}

extension Logger {
    /// A copy of this logger whose metadata names `operation` and `table` under ``LogKeys``; pass it to
    /// ``DatabaseExecutor/query(_:logger:)`` so the statement's log line carries them.
    ///
    /// Statements are logged at `.debug` (by Taxiway and by PostgresNIO), so a logger above that level is
    /// returned as it is: setting metadata nobody reads would cost every statement a metadata copy.
    public func forStatement(operation: String, table: String) -> Logger {
        guard logLevel <= .debug else { return self }
        var copy = self
        copy[metadataKey: LogKeys.operation] = .string(operation)
        copy[metadataKey: LogKeys.table] = .string(table)
        return copy
    }
}
