import PostgresNIO
import TaxigenCore

/// The core's `MigrationConnection` over a PostgresNIO connection, for running `MigrationRunner` and
/// `LiveCatalog` in-process on a real server (the command line has its own, tested through the binary).
/// Like the command line's, it bounds each statement by the life of the connection (`ConnectionWatch`) and
/// throws `MigrationConnectionLost` when the session is gone.
struct NIOMigrationConnection: MigrationConnection {
    let connection: PostgresConnection

    func execute(_ sql: String) async throws {
        _ = try await run(sql)
    }

    func query(_ sql: String) async throws -> [[String?]] {
        try await run(sql)
    }

    private func run(_ sql: String) async throws -> [[String?]] {
        let connection = connection
        do {
            return try await ConnectionWatch.run(isClosed: { connection.isClosed }) { try await connection.texts(sql) }
        } catch let lost as MigrationConnectionLost {
            throw lost
        } catch {
            if let error = error as? PSQLError,
               [.serverClosedConnection, .clientClosedConnection, .connectionError].contains(error.code)
                || MigrationConnectionLost.endsSession(sqlState: error.serverInfo?[.sqlState], severity: error.serverInfo?[.severity]) {
                throw MigrationConnectionLost(reason: serverMessage(of: error))
            }
            throw ServerError(message: serverMessage(of: error))
        }
    }

    /// A server error as its SQLSTATE and message.
    struct ServerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
