import Foundation
import Logging
import PostgresNIO

/// The servers of a ``Database`` with read replicas, and where each statement goes (see ``Database/Replication``):
/// plain reads outside a transaction to a replica that serves reads and has replayed the caller's last write,
/// everything else to the primary; a primary that is down or refuses writes is replaced by the server that is
/// not in recovery.
final class ReplicaRouter: @unchecked Sendable {
    /// The configured primary first, then the replicas.
    let servers: [ReplicaServer]
    let settings: Database.Replication
    let logger: Logger
    /// The writes of callers outside any ``ReadYourWritesScope``.
    let unscoped = ReadYourWritesScope()

    private let lock = NSLock()
    private var primaryIndex = 0
    /// Raised at every change of primary.
    private var generation = 0
    private var nextReplica = 0

    init(servers: [ReplicaServer], settings: Database.Replication, logger: Logger) {
        self.servers = servers
        self.settings = settings
        self.logger = logger
    }

    private var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// The server writes and transactions go to.
    var primary: ReplicaServer { servers[lock.withLock { primaryIndex }] }

    /// The primary's pooled client.
    var primaryClient: PostgresClient { primary.client }

    // MARK: - Running

    /// Runs every server's client and the health checks until the task is cancelled.
    func run(database: Database) async {
        await withDiscardingTaskGroup { group in
            for server in servers {
                group.addTask { await server.client.run() }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.settings.healthCheckInterval)
                    guard !Task.isCancelled else { return }
                    await self.checkHealth(database: database)
                }
            }
        }
    }

    // MARK: - Statements

    /// Runs an autocommit statement: on a replica when it is a plain read and one can serve it, else on the primary.
    func run(_ query: PostgresQuery, context: QueryContext, database: Database) async throws -> PostgresQueryResult {
        if context.routing == .automatic, ReadClassifier.isPlainRead(query.sql) {
            if let result = try await runOnReplica(query, context: context, database: database) {
                return result
            }
            return try await runOnPrimary(query, context: context, database: database, isWrite: false)
        }
        return try await runOnPrimary(query, context: context, database: database, isWrite: StatementKind.mayWrite(query.sql))
    }

    /// Runs `query` on the primary. When it fails with ``DatabaseUnavailable`` (the primary is unreachable, or
    /// refuses writes with SQLSTATE 25006: it became a standby) and another server turns out to be the primary,
    /// it runs there once more: an autocommit statement that failed so did nothing (one whose connection was lost
    /// in flight throws ``OutcomeUnknown`` and is not repeated). A write records the WAL position after it.
    func runOnPrimary(_ query: PostgresQuery, context: QueryContext, database: Database, isWrite: Bool,
                      isRetry: Bool = false) async throws -> PostgresQueryResult {
        let server = primary
        do {
            return try await database.withConnection(from: server.client, waitingAtMost: database.options.connectionWaitTimeout) { connection in
                let result = try await StatementRunner.run(
                    query, on: connection, context: context, logger: database.logger, role: .autocommit,
                    environment: database.environment(on: server.client))
                if isWrite { await recordWrite(on: connection) }
                return result
            }
        } catch let error as DatabaseUnavailable where error.isRetryable && !isRetry {
            guard await findPrimary(replacing: server, database: database) else { throw error }
            return try await runOnPrimary(query, context: context, database: database, isWrite: isWrite, isRetry: true)
        } catch let error as OutcomeUnknown {
            await findPrimary(replacing: server, database: database)
            throw error
        }
    }

    /// Runs a plain read on a replica that serves reads and has replayed the caller's last write (waiting for it
    /// at most ``Database/Replication/readYourWritesWait``); nil when none can, so the primary answers instead.
    func runOnReplica(_ query: PostgresQuery, context: QueryContext, database: Database) async throws -> PostgresQueryResult? {
        let required: WALPosition?
        switch requirement() {
        case .none: required = nil
        case .position(let position): required = position
        case .primary: return nil
        }
        guard let server = pickReplica() else { return nil }
        do {
            return try await database.withConnection(from: server.client, waitingAtMost: settings.replicaConnectionWaitTimeout) { connection in
                if let required, !server.hasReplayed(required) {
                    guard try await waitForReplay(of: required, on: connection, server: server, database: database) else {
                        return nil
                    }
                }
                return try await StatementRunner.run(
                    query, on: connection, context: context, logger: database.logger, role: .autocommit,
                    environment: database.environment(on: server.client))
            }
        } catch let error as DatabaseUnavailable {
            // A function that writes is refused by a standby (25006): nothing was done, the primary runs it.
            if StatementRunner.sqlState(of: error.underlying ?? error) != "25006", server.markDown() {
                logger.warning("read replica \(server.name) is unavailable; reads go elsewhere until a health check finds it back",
                               metadata: [LogKeys.error: .string(error.description)])
            }
            return nil
        } catch let error as TransientDatabaseError where error.sqlState == "40001" {
            // Cancelled by a conflict with recovery (the standby replayed a change the read's snapshot needed).
            return nil
        }
    }

    /// Polls the replica's replay position until it reaches `position` or the wait bound passes.
    private func waitForReplay(of position: WALPosition, on connection: PostgresConnection, server: ReplicaServer,
                               database: Database) async throws -> Bool {
        let deadline = ContinuousClock.now + settings.readYourWritesWait
        var pause = Duration.milliseconds(2)
        while true {
            let result = try await StatementRunner.run(
                "SELECT pg_last_wal_replay_lsn()::text", on: connection, context: Self.probeContext,
                logger: database.logger, role: .autocommit, environment: database.environment(on: server.client))
            if let text = try result.rows.first?.decode(String?.self), let replayed = WALPosition(text: text) {
                server.observeReplay(replayed)
                if replayed >= position { return true }
            }
            let now = ContinuousClock.now
            guard now < deadline else { return false }
            try await Task.sleep(for: min(pause, deadline - now))
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    /// The next replica (round robin) that serves reads, if any.
    private func pickReplica() -> ReplicaServer? {
        let (start, primaryIndex) = lock.withLock {
            defer { nextReplica &+= 1 }
            return (nextReplica, self.primaryIndex)
        }
        for offset in 0..<servers.count {
            let index = (start + offset) % servers.count
            if index != primaryIndex, servers[index].servesReads { return servers[index] }
        }
        return nil
    }

    // MARK: - Read your writes

    /// What the current caller's reads need.
    enum Requirement: Equatable {
        /// No write of the caller on the current primary: any replica serving reads.
        case none
        /// A replica that has replayed this far.
        case position(WALPosition)
        /// The caller wrote but the position is unknown: the primary.
        case primary
    }

    /// The current caller's requirement (its scope's last write, or the database's when outside any scope).
    func requirement() -> Requirement {
        let scope = ReadYourWritesScope.current ?? unscoped
        guard let mark = scope.mark(for: id), mark.generation == lock.withLock({ generation }) else { return .none }
        return mark.position.map(Requirement.position) ?? .primary
    }

    /// Records the primary's WAL insert position after a write or `COMMIT` on `connection`, in the current
    /// scope and the database's own.
    func recordWrite(on connection: PostgresConnection) async {
        let generation = lock.withLock { self.generation }
        var position: WALPosition?
        do {
            let rows = try await connection.query("SELECT pg_current_wal_insert_lsn()::text", logger: logger).get().rows
            position = try rows.first.map { try $0.decode(String.self) }.flatMap(WALPosition.init(text:))
        } catch {
            logger.warning("could not read the primary's WAL position after a write; the caller's reads go to the primary")
        }
        let mark = WriteMark(generation: generation, position: position)
        unscoped.record(mark, for: id)
        ReadYourWritesScope.current?.record(mark, for: id)
    }

    // MARK: - Health and failover

    static let probeContext = QueryContext(operation: "replication", table: "-")
    static let healthQuery: PostgresQuery = """
        SELECT pg_is_in_recovery(), \
        (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text
        """

    /// Whether `server` is in recovery and its replay (or, when not, current) WAL position; nil when it cannot be
    /// reached within ``Database/Replication/replicaConnectionWaitTimeout``.
    func probe(_ server: ReplicaServer, database: Database) async -> (inRecovery: Bool, position: WALPosition?)? {
        do {
            return try await database.withConnection(from: server.client, waitingAtMost: settings.replicaConnectionWaitTimeout) { connection in
                let result = try await StatementRunner.run(
                    Self.healthQuery, on: connection, context: Self.probeContext, logger: database.logger,
                    role: .autocommit, environment: database.environment(on: server.client))
                guard let row = result.rows.first else { return nil }
                let (inRecovery, text) = try row.decode((Bool, String?).self)
                return (inRecovery, text.flatMap(WALPosition.init(text:)))
            }
        } catch {
            return nil
        }
    }

    /// Checks every server at once: a replica that does not answer is down, one that lags beyond the bound is
    /// skipped, one that answers again serves reads again; a primary that does not answer or is in recovery is
    /// replaced.
    func checkHealth(database: Database) async {
        let answers = await withTaskGroup(of: (Int, (inRecovery: Bool, position: WALPosition?)?).self) { group in
            for (index, server) in servers.enumerated() {
                group.addTask { (index, await self.probe(server, database: database)) }
            }
            var answers: [Int: (inRecovery: Bool, position: WALPosition?)] = [:]
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
        let primaryIndex = lock.withLock { self.primaryIndex }
        var primaryPosition: WALPosition?
        if let answer = answers[primaryIndex], !answer.inRecovery {
            primaryPosition = answer.position
            // A write whose position could not be read is behind this one.
            if let mark = unscoped.mark(for: id), mark.position == nil, let position = answer.position {
                unscoped.record(WriteMark(generation: mark.generation, position: position), for: id)
            }
        } else {
            await findPrimary(replacing: servers[primaryIndex], database: database, known: answers)
        }
        for (index, server) in servers.enumerated() where index != lock.withLock({ self.primaryIndex }) {
            guard let answer = answers[index] else {
                if server.markDown() { logger.warning("read replica \(server.name) does not answer; reads skip it") }
                continue
            }
            if server.observeHealth(inRecovery: answer.inRecovery, replay: answer.position, primary: primaryPosition,
                                    maximumLag: settings.maximumLag) {
                logger.notice("read replica \(server.name) answers again: \(server.state)")
            }
        }
    }

    /// Makes the server that is not in recovery the primary when `failed` is (still) the primary and is not that
    /// server; `known` are answers already at hand. Returns whether the primary is now another server than `failed`.
    @discardableResult
    func findPrimary(replacing failed: ReplicaServer, database: Database,
                     known: [Int: (inRecovery: Bool, position: WALPosition?)]? = nil) async -> Bool {
        guard let failedIndex = servers.firstIndex(where: { $0 === failed }) else { return false }
        if lock.withLock({ primaryIndex != failedIndex }) { return true }
        let answers: [Int: (inRecovery: Bool, position: WALPosition?)]
        if let known {
            answers = known
        } else {
            answers = await withTaskGroup(of: (Int, (inRecovery: Bool, position: WALPosition?)?).self) { group in
                for (index, server) in servers.enumerated() {
                    group.addTask { (index, await self.probe(server, database: database)) }
                }
                var answers: [Int: (inRecovery: Bool, position: WALPosition?)] = [:]
                for await (index, answer) in group { answers[index] = answer }
                return answers
            }
        }
        if let answer = answers[failedIndex], !answer.inRecovery { return false }   // still the primary
        guard let newIndex = servers.indices.first(where: { $0 != failedIndex && answers[$0]?.inRecovery == false }) else {
            return false
        }
        let changed = lock.withLock {
            guard primaryIndex == failedIndex else { return primaryIndex != failedIndex }
            primaryIndex = newIndex
            generation += 1
            return true
        }
        if changed {
            unscoped.forget(id)
            if let answer = answers[failedIndex] {
                failed.observeHealth(inRecovery: answer.inRecovery, replay: answer.position, primary: nil,
                                     maximumLag: settings.maximumLag)
            } else {
                failed.markDown()
            }
            logger.warning("the primary changed: \(failed.name) is down or in recovery, \(servers[newIndex].name) is not in recovery")
        }
        return changed
    }

    /// The error a transaction on the primary threw, after finding the new primary when it says the primary is
    /// down or refuses writes: the body is never run again here; the error (retryable) tells the caller to.
    func primaryFailed(_ error: any Error, on server: ReplicaServer, database: Database) async -> any Error {
        let saysDown = switch error {
        case let error as DatabaseUnavailable: error.isRetryable
        case is OutcomeUnknown: true
        default: false
        }
        if saysDown { await findPrimary(replacing: server, database: database) }
        return error
    }
}
