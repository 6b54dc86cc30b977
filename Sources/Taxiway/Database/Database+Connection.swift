import PostgresNIO

extension Database {
    /// Leases a pooled connection for the duration of `body`, waiting at most
    /// ``Options/connectionWaitTimeout`` for it.
    ///
    /// The lease is held by a child task while `body` runs in the caller's task, so that waiting for
    /// the lease can be abandoned on time. `body` must not keep the connection after it returns.
    /// - Throws: ``DatabaseUnavailable`` when no connection became available in time or connecting
    ///   failed; whatever `body` throws.
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let client = self.client
        let timeout = options.connectionWaitTimeout
        let (leases, leased) = AsyncThrowingStream<PostgresConnection, any Error>.makeStream()
        let (releases, release) = AsyncStream<Void>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask {
                do {
                    try await client.withConnection { connection in
                        leased.yield(connection)
                        leased.finish()
                        for await _ in releases {}
                    }
                } catch {
                    leased.finish(throwing: error)
                }
            }
            if let timeout {
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { leased.finish(throwing: ConnectionWaitTimedOut(timeout: timeout)) }
                }
            }
            defer {
                release.finish()
                group.cancelAll()
            }
            var iterator = leases.makeAsyncIterator()
            let connection: PostgresConnection
            do {
                guard let next = try await iterator.next() else { throw CancellationError() }
                connection = next
            } catch let error as ConnectionWaitTimedOut {
                throw DatabaseUnavailable(reason: error.description, underlying: error)
            } catch {
                throw DatabaseErrorMapper.map(error)
            }
            return try await body(connection)
        }
    }
}

/// No pooled connection became available within the configured wait.
struct ConnectionWaitTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no database connection became available within \(timeout)" }
}
