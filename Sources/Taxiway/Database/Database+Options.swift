extension Database {
    /// How a ``Database`` waits for pooled connections, which server-side timeouts its sessions run under, and
    /// how it reaches the server (directly or through a transaction-pooling proxy).
    public struct Options: Sendable, Hashable {
        /// How long an operation waits for a pooled connection before it fails with
        /// ``DatabaseUnavailable`` (the server is unreachable or the pool is exhausted); nil waits as
        /// long as PostgresNIO does (its pool gives up about a minute after connecting starts failing).
        public var connectionWaitTimeout: Duration?
        /// The server-side timeouts every statement and transaction runs under (``Timeouts/standard`` by default).
        public var timeouts: Timeouts
        /// Whether connections reach PostgreSQL directly or through a transaction-pooling proxy; it decides
        /// where the timeouts are set and how a cancelled statement is stopped.
        public var pooling: Pooling
        /// How long a cancelled statement may keep running after the server was asked to cancel it, before its
        /// connection is closed instead (the server then rolls back what it did).
        public var cancellationGracePeriod: Duration
        /// What is reported besides the `.debug` statement log: per-operation metrics, a span per statement, a
        /// slow-statement `.warning` (see ``Observability``). ``Observability/off`` by default.
        public var observability: Observability = .off
        /// Where the access records of entities marked `access_log: true` go (``AccessLog/standard``, the
        /// `taxiway.access` logger, by default).
        public var accessLog: AccessLog = .standard

        /// Options with a connection wait timeout of `connectionWaitTimeout` (10 seconds by default), the
        /// standard timeouts, and direct connections.
        public init(
            connectionWaitTimeout: Duration? = .seconds(10),
            timeouts: Timeouts = .standard,
            pooling: Pooling = .direct,
            cancellationGracePeriod: Duration = .seconds(2)
        ) {
            self.connectionWaitTimeout = connectionWaitTimeout
            self.timeouts = timeouts
            self.pooling = pooling
            self.cancellationGracePeriod = cancellationGracePeriod
        }
    }

    /// How connections reach PostgreSQL.
    public enum Pooling: Sendable, Hashable {
        /// Each pooled connection is a PostgreSQL session of its own. The timeouts are sent as startup
        /// parameters of every connection (no round trip); a cancelled statement is stopped with
        /// `pg_cancel_backend` on the session's backend process.
        case direct
        /// Connections go through a proxy that shares server sessions between transactions (PgBouncer with
        /// `pool_mode = transaction`): session state is not ours. The timeouts are set with `SET LOCAL` at the
        /// start of every transaction (statements outside a transaction run under the server's or the role's
        /// settings: set them with `ALTER ROLE … SET statement_timeout = …`); a cancelled statement's
        /// connection is closed (a backend process id would name whichever session the proxy lent).
        case transactionPooler
    }

    /// Server-side timeouts, so no statement, lock wait or forgotten transaction holds resources forever.
    /// A nil timeout leaves the server's (or the role's) setting in force.
    public struct Timeouts: Sendable, Hashable {
        /// `statement_timeout`: the longest a single statement may run; the server cancels it with SQLSTATE
        /// 57014 (``TransientDatabaseError``).
        public var statement: Duration?
        /// `lock_timeout`: the longest a statement waits for a lock; the server cancels it with SQLSTATE 55P03
        /// (``TransientDatabaseError``).
        public var lock: Duration?
        /// `idle_in_transaction_session_timeout`: the longest a transaction may sit idle between statements
        /// (its body awaiting something else); the server ends the session and rolls the transaction back.
        public var idleInTransaction: Duration?

        /// Timeouts of `statement`, `lock` and `idleInTransaction`.
        public init(statement: Duration?, lock: Duration?, idleInTransaction: Duration?) {
            self.statement = statement
            self.lock = lock
            self.idleInTransaction = idleInTransaction
        }

        /// The defaults: statements 30 s, lock waits 10 s, idle in a transaction 60 s.
        public static let standard = Timeouts(statement: .seconds(30), lock: .seconds(10), idleInTransaction: .seconds(60))
        /// No timeouts of Taxiway's: the server's (or the role's) settings apply.
        public static let serverDefaults = Timeouts(statement: nil, lock: nil, idleInTransaction: nil)

        /// The settings as PostgreSQL parameter names and values in milliseconds (at least 1: 0 would disable
        /// the timeout), in a fixed order; empty when every timeout is nil.
        public var parameters: [(name: String, value: String)] {
            [("statement_timeout", statement), ("lock_timeout", lock), ("idle_in_transaction_session_timeout", idleInTransaction)]
                .compactMap { name, duration in duration.map { (name, String(Self.milliseconds($0))) } }
        }

        /// `duration` in whole milliseconds, rounded up, at least 1 and at most PostgreSQL's limit (`INT_MAX`).
        static func milliseconds(_ duration: Duration) -> Int {
            let (seconds, attoseconds) = duration.components
            guard seconds >= 0, attoseconds >= 0 else { return 1 }
            guard seconds < Int64(Int32.max) / 1000 else { return Int(Int32.max) }
            let whole = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
            let rest = attoseconds % 1_000_000_000_000_000
            return max(1, whole + (rest > 0 ? 1 : 0))
        }
    }
}
