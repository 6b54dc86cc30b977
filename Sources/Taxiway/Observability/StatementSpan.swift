import PostgresNIO
import Tracing

/// A statement's span by the OpenTelemetry database semantic conventions: named `{db.operation.name}
/// {db.collection.name}` (`SELECT customers`), of kind client, with `db.system.name`, `db.namespace`,
/// `db.collection.name`, `db.operation.name`, `db.query.text` (parameterised, never values), `server.address`,
/// `server.port` and Taxiway's `taxiway.operation`; a failure adds `db.response.status_code` (the SQLSTATE)
/// and `error.type`, records the error and sets the error status.
enum StatementSpan {
    /// Starts the span of `sql`, run for `context`, as a child of the calling task's `ServiceContext`.
    static func start(_ tracer: any Tracer, sql: String, context: QueryContext, server: DatabaseServer?) -> any Span {
        let keyword = operationName(of: sql)
        let collection = context.table == "-" || context.table.isEmpty ? nil : context.table
        let operation = keyword ?? context.operation
        let name = collection.map { "\(operation) \($0)" } ?? operation
        let span = tracer.startSpan(name, context: ServiceContext.current ?? .topLevel, ofKind: .client)
        span.updateAttributes { attributes in
            attributes["db.system.name"] = "postgresql"
            if let database = server?.database { attributes["db.namespace"] = database }
            if let collection { attributes["db.collection.name"] = collection }
            if let keyword { attributes["db.operation.name"] = keyword }
            attributes["db.query.text"] = sql
            if let host = server?.host { attributes["server.address"] = host }
            if let port = server?.port { attributes["server.port"] = port }
            attributes["taxiway.operation"] = context.operation
        }
        return span
    }

    /// Marks `span` failed: `error` is what PostgresNIO threw, `thrown` what the statement throws.
    static func fail(_ span: any Span, error: any Error, thrown: any Error) {
        let sqlState = StatementRunner.sqlState(of: error)
        span.updateAttributes { attributes in
            if let sqlState { attributes["db.response.status_code"] = sqlState }
            attributes["error.type"] = sqlState ?? String(describing: type(of: thrown))
        }
        // Taxiway's errors never carry bound values (PostgresNIO's, unmapped, are not recorded).
        span.recordError(thrown)
        span.setStatus(SpanStatus(code: .error))
    }

    /// The statement's leading keyword (`SELECT`, `INSERT`, `UPDATE`, `BEGIN`…), after blanks, comments and
    /// opening parentheses; nil when there is none.
    static func operationName(of sql: String) -> String? {
        StatementKind.leadingKeyword(of: sql)
    }
}
