import PostgresNIO

/// Where a ``Database`` sends its statements, for the spans' `server.address`, `server.port` and `db.namespace`
/// (known when the database made its own client from a configuration or URL).
struct DatabaseServer: Sendable, Hashable {
    /// The host name or address; nil for a Unix socket or an unknown server.
    var host: String?
    /// The TCP port.
    var port: Int?
    /// The database name.
    var database: String?

    /// The server `configuration` connects to.
    init(_ configuration: PostgresClient.Configuration) {
        host = configuration.host
        port = configuration.port
        database = configuration.database
    }
}

extension DatabaseServer {
    /// A server known only by its database name (a replica of a known primary).
    init(database: String?) {
        self.database = database
    }
}
