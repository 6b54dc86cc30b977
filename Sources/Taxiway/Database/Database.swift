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
///
/// Statements run under ``Options/timeouts`` and stop on the server when the calling task is cancelled
/// (see docs/repositories.md, "Cancellation and timeouts").
public struct Database: DatabaseExecutor {
    /// The pooled PostgresNIO client this database leases connections from (with read replicas: the configured
    /// primary's; see ``init(primary:replicas:replication:logger:options:backgroundLogger:)``).
    public let client: PostgresClient
    /// The logger statements are logged to at `.debug`.
    public let logger: Logger
    /// How connections are waited for, which timeouts apply, how connections reach the server.
    public let options: Options
    /// Whether every connection of ``client`` was opened with ``Options/timeouts`` as startup parameters;
    /// when not, each transaction sets them with `SET LOCAL`.
    let timeoutsSetAtConnect: Bool
    /// The primary and its read replicas, when there are replicas; nil keeps the single-server path.
    var replication: ReplicaRouter?
    /// The server ``client`` connects to, when this database made the client (for spans; see ``Observability``).
    var server: DatabaseServer?

    /// A database over an existing client. The caller runs `client.run()` (or ``run()``).
    ///
    /// Taxiway cannot see the client's startup parameters, so each transaction sets ``Options/timeouts``
    /// with `SET LOCAL` (one more round trip); statements outside a transaction run under the server's
    /// settings. ``init(configuration:logger:options:backgroundLogger:)`` avoids both.
    public init(client: PostgresClient, logger: Logger = Logger(label: "taxiway.database"), options: Options = Options()) {
        self.init(client: client, logger: logger, options: options, timeoutsSetAtConnect: false)
    }

    /// A database over a new pooled client with `configuration`, whose connections carry ``Options/timeouts``
    /// as startup parameters (with ``Pooling/direct``). Run ``run()`` before using it.
    public init(
        configuration: PostgresClient.Configuration,
        logger: Logger = Logger(label: "taxiway.database"),
        options: Options = Options(),
        backgroundLogger: Logger? = nil
    ) {
        var configuration = configuration
        let atConnect = options.pooling == .direct
        if atConnect {
            configuration.options.additionalStartupParameters += options.timeouts.parameters.map { ($0.name, $0.value) }
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger ?? logger)
        self.init(client: client, logger: logger, options: options, timeoutsSetAtConnect: atConnect)
        server = DatabaseServer(configuration)
    }

    init(client: PostgresClient, logger: Logger, options: Options, timeoutsSetAtConnect: Bool) {
        self.client = client
        self.logger = logger
        self.options = options
        self.timeoutsSetAtConnect = timeoutsSetAtConnect
    }

    /// Runs the pooled client's background work until the calling task is cancelled. Call it exactly
    /// once, in a long-running task; queries wait for a connection until it runs.
    public func run() async {
        if let replication { return await replication.run(database: self) }
        await client.run()
    }

    /// What statements of this database need to be cancelled and classified.
    var environment: StatementEnvironment {
        environment(on: replication?.primaryClient ?? client)
    }

    /// What statements on `client`'s server need to be cancelled and classified.
    func environment(on client: PostgresClient) -> StatementEnvironment {
        StatementEnvironment(client: client, options: options, logger: logger,
                             server: client === self.client ? server : server.map { DatabaseServer(database: $0.database) })
    }

    /// Runs `query` on a pooled connection as a row stream; the connection returns to the pool once
    /// the stream is read to its end. Connection failures are mapped to ``DatabaseUnavailable`` (or
    /// ``OutcomeUnknown`` for a write whose connection was lost in flight). Cancelling the task stops reading
    /// but not the server's statement (``Options/timeouts`` bound it); prefer ``run(_:context:)``.
    ///
    /// It cannot carry a ``Caller`` to the server (the pool picks the connection it streams on), so it throws
    /// ``CallerNotCarried`` inside a caller, and while some pooled session carries another caller's values.
    public func query(_ query: PostgresQuery, logger: Logger? = nil) async throws -> PostgresRowSequence {
        let logger = logger ?? self.logger
        let client = replication?.primaryClient ?? self.client
        if Caller.current != nil || (options.pooling == .direct && CallerSettings.shared.anySessionCarriesACaller(in: client)) {
            throw CallerNotCarried()
        }
        return try await StatementRunner.stream(query, role: .autocommit, logger: logger) {
            try await client.query(query, logger: logger)
        }
    }

    /// Runs `query` on a pooled connection, reading every row (see ``DatabaseExecutor/run(_:context:)``).
    /// It is its own transaction: when the connection is lost while a write (anything but `SELECT`, `SHOW`,
    /// `VALUES`, `TABLE`) is in flight, it throws ``OutcomeUnknown``. Cancelling the calling task cancels the
    /// statement on the server and throws `CancellationError`.
    @discardableResult
    public func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        if options.pooling == .transactionPooler, Caller.current != nil {
            // Through a transaction pooler the caller is set per transaction (a session setting would reach
            // another client), so the statement runs in a transaction of its own.
            return try await transaction { try await $0.run(query, context: context) }
        }
        if let replication { return try await replication.run(query, context: context, database: self) }
        let logger = self.logger
        let environment = self.environment
        return try await withStatementConnection(from: replication?.primaryClient ?? client, waitingAtMost: options.connectionWaitTimeout) { connection in
            try await StatementRunner.run(query, on: connection, context: context, logger: logger, role: .autocommit,
                                          environment: environment)
        }
    }
}
