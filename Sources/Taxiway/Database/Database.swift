import Logging
import PostgresNIO

/// The application's database: a ``DatabaseExecutor`` over PostgresNIO's pooled `PostgresClient`.
///
/// The client only hands out connections while its `run()` method is running. Run it for the
/// application's lifetime, in a task group or a swift-service-lifecycle `ServiceGroup`
/// (`PostgresClient` is a `Service`):
///
/// ```swift
/// let database = try Database(url: "postgres://app:secret@localhost:5432/app")
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await database.run() }
///     let customers = CustomerRepository(on: database)
///     try await database.transaction { tx in
///         let repo = CustomerRepository(on: tx)   // same type, inside the unit of work
///         …
///     }
///     group.cancelAll()   // stops the client
/// }
/// ```
public struct Database: DatabaseExecutor {
    /// The pooled PostgresNIO client this database leases connections from.
    public let client: PostgresClient
    /// The logger statements are logged to at `.debug`.
    public let logger: Logger
    /// How connections are waited for.
    public let options: Options

    /// A database over an existing client. The caller runs `client.run()` (or ``run()``).
    public init(client: PostgresClient, logger: Logger = Logger(label: "taxiway.database"), options: Options = Options()) {
        self.client = client
        self.logger = logger
        self.options = options
    }

    /// Runs the pooled client's background work until the calling task is cancelled. Call it exactly
    /// once, in a long-running task; queries wait for a connection until it runs.
    public func run() async {
        await client.run()
    }

    /// Runs `query` on a pooled connection as a row stream; the connection returns to the pool once
    /// the stream is read to its end. Connection failures are mapped to ``DatabaseUnavailable``.
    public func query(_ query: PostgresQuery, logger: Logger? = nil) async throws -> PostgresRowSequence {
        let logger = logger ?? self.logger
        return try await StatementRunner.stream(logger: logger) {
            try await client.query(query, logger: logger)
        }
    }

    /// Runs `query` on a pooled connection, reading every row (see ``DatabaseExecutor/run(_:context:)``).
    @discardableResult
    public func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        let logger = self.logger
        return try await withConnection { connection in
            try await StatementRunner.run(query, on: connection, context: context, logger: logger)
        }
    }
}
