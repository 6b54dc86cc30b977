extension Database {
    /// How a ``Database`` waits for pooled connections.
    public struct Options: Sendable, Hashable {
        /// How long an operation waits for a pooled connection before it fails with
        /// ``DatabaseUnavailable`` (the server is unreachable or the pool is exhausted); nil waits as
        /// long as PostgresNIO does (its pool gives up about a minute after connecting starts failing).
        public var connectionWaitTimeout: Duration?

        /// Options with a connection wait timeout of `connectionWaitTimeout` (10 seconds by default).
        public init(connectionWaitTimeout: Duration? = .seconds(10)) {
            self.connectionWaitTimeout = connectionWaitTimeout
        }
    }
}
