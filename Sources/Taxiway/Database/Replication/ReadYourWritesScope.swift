import Foundation

/// One caller whose reads must see its own writes on a ``Database`` with read replicas: a request handler, a job.
///
/// Every write and every transaction through such a database records the primary's WAL position afterwards, in
/// the current scope (the task-local one ``run(isolation:_:)`` binds, inherited by child tasks) and in the
/// database's own. A read inside a scope goes to a replica only once the replica has replayed the scope's last
/// write (waiting at most ``Database/Replication/readYourWritesWait``), otherwise to the primary; a read outside
/// any scope waits for every write made through the database. A scope is cheap: make one per request.
///
/// ```swift
/// try await ReadYourWritesScope().run {
///     let order = try await orders.create(request)      // the primary
///     _ = try await orders.get(id: order.id)            // a replica once it has replayed the insert, else the primary
/// }
/// ```
public final class ReadYourWritesScope: @unchecked Sendable {
    /// The scope the current task runs in, if any.
    @TaskLocal static var current: ReadYourWritesScope?

    private let lock = NSLock()
    /// The last write per router (a scope may span databases of different clusters).
    private var marks: [ObjectIdentifier: WriteMark] = [:]

    /// A scope with no writes yet.
    public init() {}

    /// Runs `body` with this scope as the current caller (for `body` and the tasks it starts).
    public func run<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await Self.$current.withValue(self, operation: body, isolation: isolation)
    }

    /// The last write recorded for `router`.
    func mark(for router: ObjectIdentifier) -> WriteMark? {
        lock.withLock { marks[router] }
    }

    /// Records a write to `router`'s primary.
    func record(_ mark: WriteMark, for router: ObjectIdentifier) {
        lock.withLock { marks[router] = mark.merged(after: marks[router]) }
    }

    /// Forgets `router`'s writes (its primary changed; a position of the old one means nothing on the new one).
    func forget(_ router: ObjectIdentifier) {
        lock.withLock { marks[router] = nil }
    }
}

/// Where a caller's last write ended on a primary: the WAL position after it, nil when it could not be read
/// (then reads go to the primary), and which primary (the router's generation, raised at every failover).
struct WriteMark: Sendable, Equatable {
    var generation: Int
    var position: WALPosition?

    /// This mark recorded after `earlier`: the later of two known positions of one primary.
    func merged(after earlier: WriteMark?) -> WriteMark {
        guard let earlier, earlier.generation == generation, let mine = position, let theirs = earlier.position else {
            return self
        }
        return WriteMark(generation: generation, position: max(mine, theirs))
    }
}
