import Foundation

/// The error a `MigrationConnection` throws when its session is gone: the server ended it
/// (`pg_terminate_backend`, a restart, a crash), or the network or the client closed it. Every statement
/// after it fails at once with it too: nothing more is sent on a lost connection.
public struct MigrationConnectionLost: Error, Sendable, CustomStringConvertible {
    /// What the driver or the server said.
    public let reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    /// `the connection to the database was lost (reason)`.
    public var description: String { "the connection to the database was lost (\(reason))" }

    /// Whether a server error's SQLSTATE and severity mean the session ended: class 08 (connection
    /// exception), 57P01–57P03 (terminated by an administrator, a crash, a shutdown), or a FATAL or PANIC.
    public static func endsSession(sqlState: String?, severity: String?) -> Bool {
        if let severity, ["FATAL", "PANIC"].contains(severity.uppercased()) { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }
}

/// Bounds a statement on a connection by the life of the connection: a driver can leave a statement
/// sent on a connection that closed meanwhile waiting forever (PostgresNIO 1.33 writes a query to a closed
/// channel without a promise, so it never answers). `run` returns the statement's result, or throws
/// `MigrationConnectionLost` once the connection has been closed for `grace` without an answer (the
/// abandoned statement's task is left suspended; the command line's process ends soon after).
public enum ConnectionWatch {
    /// Runs `operation`, racing it with a watch of `isClosed` every `poll`.
    public static func run<Value: Sendable>(
        poll: Duration = .milliseconds(100), grace: Duration = .seconds(1),
        isClosed: @escaping @Sendable () -> Bool,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        if isClosed() { throw MigrationConnectionLost(reason: "the connection is closed") }
        let outcome = Outcome<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                outcome.install(continuation)
                let work = Task { outcome.finish(await Result { try await operation() }) }
                Task {
                    var closedFor: Duration = .zero
                    while !outcome.isFinished {
                        try? await Task.sleep(for: poll)
                        closedFor = isClosed() ? closedFor + poll : .zero
                        if closedFor >= grace {
                            outcome.finish(.failure(MigrationConnectionLost(reason: "the connection closed while a statement was running, and the statement got no answer")))
                            work.cancel()
                        }
                    }
                }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// The first result, delivered once.
    private final class Outcome<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Value, any Error>?
        private var early: Result<Value, any Error>?
        private var finished = false

        var isFinished: Bool { lock.withLock { finished } }

        func install(_ continuation: CheckedContinuation<Value, any Error>) {
            let ready: Result<Value, any Error>? = lock.withLock {
                if let early { return early }
                self.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }

        func finish(_ result: Result<Value, any Error>) {
            let waiting: CheckedContinuation<Value, any Error>? = lock.withLock {
                guard !finished else { return nil }
                finished = true
                guard let continuation else {
                    early = result
                    return nil
                }
                self.continuation = nil
                return continuation
            }
            waiting?.resume(with: result)
        }
    }
}

fileprivate extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
