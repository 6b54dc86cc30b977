import ArgumentParser
import Foundation
import Synchronization
import TaxigenCore

/// A database session the commands that read or change a database run their statements on.
public protocol DatabaseSession: MigrationConnection {
    /// Ends the session.
    func close() async
}

/// How the database commands (`migrate apply`, `migrate status`, `migrate baseline`, `db diff`, `import
/// --database-url`) reach PostgreSQL.
///
/// The `taxigen` executable links PostgresNIO and provides a connector. The tool SwiftPM's plugins run
/// (`taxigen-build-tool`) links nothing of the database stack, so that a consumer's build does not compile
/// swift-nio, postgres-nio and swift-crypto a second time for it; there these commands say so and stop.
public enum DatabaseConnector {
    /// Opens a session on the database a `postgres://` URL names.
    public typealias Connect = @Sendable (_ url: String) async throws -> any DatabaseSession

    /// The connector of this process, nil where the database stack is not linked. (A process-wide value, not a
    /// task-local one: `TaskLocal.withValue` around the whole command crashed the release build of `taxigen`
    /// at start-up, in `swift_task_localValuePush`, with Swift 6.3.1.)
    private static let installed = Mutex<Connect?>(nil)

    /// Makes `connect` the way this process's database commands reach PostgreSQL; the executable calls it
    /// once, before it runs the command line.
    public static func install(_ connect: @escaping Connect) {
        installed.withLock { $0 = connect }
    }

    /// The installed connector, if any.
    public static var current: Connect? { installed.withLock { $0 } }

    /// A session on `url`, or the error that this tool cannot connect to databases.
    static func connect(url: String) async throws -> any DatabaseSession {
        guard let current else { throw MigrationError(unavailableMessage) }
        return try await current(url)
    }

    /// A session on `url`; when there is none, prints why and exits 1.
    static func connectOrExit(url: String) async throws -> any DatabaseSession {
        do {
            return try await connect(url: url)
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
    }

    /// Why a database command cannot run here, and what to run instead.
    static let unavailableMessage = "this command connects to PostgreSQL, which the command plugin's tool does not link "
        + "(so that building a package does not compile the database stack twice); run it with the taxigen executable: "
        + "`swift run taxigen …` in taxigen's package, or the `taxigen` binary"
}

/// Database URLs in messages: `postgres://user:***@host:5432/database`.
public enum DatabaseURL {
    /// The URL without its password, for messages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "the database" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "the database"
    }
}
