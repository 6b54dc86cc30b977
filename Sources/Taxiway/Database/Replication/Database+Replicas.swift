import Logging
import PostgresNIO

extension Database {
    /// How a ``Database`` with read replicas routes statements and watches its servers.
    ///
    /// - Plain reads outside a transaction (``ReadRouting/automatic``: `SELECT`, `TABLE` or `VALUES` with no
    ///   `INTO` and no `FOR UPDATE`/`FOR SHARE`; the repositories' `find`, `get`, `list`, `count`, `exists`,
    ///   `nearest`) go to a replica that serves reads, in turn; everything else, and every transaction, goes to the
    ///   primary.
    /// - Read your writes: after a write or a transaction, the primary's WAL insert position is recorded for the
    ///   caller (``ReadYourWritesScope``); the caller's reads go to a replica only once `pg_last_wal_replay_lsn()`
    ///   there has reached it, waiting at most ``readYourWritesWait``, else to the primary.
    /// - Health: every ``healthCheckInterval`` each server is asked `pg_is_in_recovery()` and its WAL position. A
    ///   replica that does not answer (or failed a read) is skipped until a check finds it back; one that has not
    ///   reached a position the primary had ``maximumLag`` ago is skipped until it catches up.
    /// - Failover: when the primary does not answer or refuses a write (SQLSTATE 25006), the server among those
    ///   configured that is not in recovery becomes the primary. An autocommit statement that failed so did nothing
    ///   and runs once more there; a transaction is never re-run: it throws the retryable error.
    public struct Replication: Sendable, Hashable {
        /// How far (in time) a replica may be behind the primary and still serve reads.
        public var maximumLag: Duration
        /// How long a read waits for a replica to replay its caller's last write before the primary answers it.
        public var readYourWritesWait: Duration
        /// How often every server is checked; a replica found down is tried again at the next check.
        public var healthCheckInterval: Duration
        /// How long a read or a health check waits for a replica's connection before the replica counts as down.
        public var replicaConnectionWaitTimeout: Duration

        /// Replication settings: replicas serve reads while at most `maximumLag` behind (5 s by default), a read
        /// waits at most `readYourWritesWait` (100 ms) for its caller's last write, the servers are checked every
        /// `healthCheckInterval` (1 s), a replica's connection is waited for at most `replicaConnectionWaitTimeout` (1 s).
        public init(
            maximumLag: Duration = .seconds(5),
            readYourWritesWait: Duration = .milliseconds(100),
            healthCheckInterval: Duration = .seconds(1),
            replicaConnectionWaitTimeout: Duration = .seconds(1)
        ) {
            self.maximumLag = maximumLag
            self.readYourWritesWait = readYourWritesWait
            self.healthCheckInterval = healthCheckInterval
            self.replicaConnectionWaitTimeout = replicaConnectionWaitTimeout
        }
    }

    /// A database over a primary and its streaming replicas (hot standbys), each with a pooled client of its own
    /// (see ``Replication`` for the routing). Run ``run()`` before using it: it runs every client and the health
    /// checks. With no replicas it is exactly ``init(configuration:logger:options:backgroundLogger:)``.
    public init(
        primary: PostgresClient.Configuration,
        replicas: [PostgresClient.Configuration],
        replication: Replication = Replication(),
        logger: Logger = Logger(label: "taxiway.database"),
        options: Options = Options(),
        backgroundLogger: Logger? = nil
    ) {
        self.init(configuration: primary, logger: logger, options: options, backgroundLogger: backgroundLogger)
        guard !replicas.isEmpty else { return }
        var servers = [ReplicaServer(client: client, name: "\(primary.host ?? "?"):\(primary.port ?? 5432)")]
        for var configuration in replicas {
            if timeoutsSetAtConnect {
                configuration.options.additionalStartupParameters += options.timeouts.parameters.map { ($0.name, $0.value) }
            }
            servers.append(ReplicaServer(
                client: PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger ?? logger),
                name: "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"))
        }
        self.replication = ReplicaRouter(servers: servers, settings: replication, logger: logger)
    }

    /// A database over a primary and its streaming replicas, from URLs (see ``clientConfiguration(url:)``).
    public init(
        primaryURL: String,
        replicaURLs: [String],
        replication: Replication = Replication(),
        logger: Logger = Logger(label: "taxiway.database"),
        options: Options = Options(),
        backgroundLogger: Logger? = nil
    ) throws {
        self.init(primary: try Self.clientConfiguration(url: primaryURL),
                  replicas: try replicaURLs.map(Self.clientConfiguration(url:)),
                  replication: replication, logger: logger, options: options, backgroundLogger: backgroundLogger)
    }

    /// Whether a ``Database`` with read replicas sends `sql` (outside a transaction, with ``ReadRouting/automatic``)
    /// to a replica: a `SELECT`, `TABLE` or `VALUES` with no `INTO` and no locking clause (see ``Replication``).
    public static func isReplicaRead(_ sql: String) -> Bool {
        ReadClassifier.isPlainRead(sql)
    }

    /// The replicas' states, for diagnostics: `host:port` and `serving reads`, `down`, `lagging` or `not a
    /// standby`, the primary named `primary`; empty without replicas.
    public var replicaStates: [(server: String, state: String)] {
        guard let replication else { return [] }
        let primary = replication.primary
        return replication.servers.map { ($0.name, $0 === primary ? "primary" : $0.state) }
    }
}
