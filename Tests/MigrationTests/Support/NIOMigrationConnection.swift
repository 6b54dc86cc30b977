import PostgresNIO
import TaxigenCore

/// The core's `MigrationConnection` over a PostgresNIO connection, for running `MigrationRunner` and
/// `LiveCatalog` in-process on a real server (the command line has its own, tested through the binary).
struct NIOMigrationConnection: MigrationConnection {
    let connection: PostgresConnection

    func execute(_ sql: String) async throws {
        do {
            try await connection.run(sql)
        } catch {
            throw ServerError(message: serverMessage(of: error))
        }
    }

    func query(_ sql: String) async throws -> [[String?]] {
        do {
            return try await connection.texts(sql)
        } catch {
            throw ServerError(message: serverMessage(of: error))
        }
    }

    /// A server error as its SQLSTATE and message.
    struct ServerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
