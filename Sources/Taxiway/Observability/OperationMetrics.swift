import Foundation
import Metrics

/// The timer and counter of every repository operation: `taxiway.operation.duration` (a `Timer`, nanoseconds)
/// and `taxiway.operation.count` (a `Counter`), both with the dimensions `operation`, `entity` and `outcome`
/// (``OperationOutcome``). Handles are made once per dimension triple and cached (making them is a factory
/// call and an allocation each).
///
/// An operation is the outermost measured call of a task: `get` reading through `find`, or `update` probing
/// the row's version after a guarded `UPDATE` matched nothing, counts once, with the outcome it threw.
@usableFromInline
final class OperationMetrics: @unchecked Sendable {
    /// The timer's label.
    static let durationLabel = "taxiway.operation.duration"
    /// The counter's label.
    static let countLabel = "taxiway.operation.count"

    /// Whether the current task is inside a measured operation (nested ones are part of it).
    @TaskLocal static var isMeasuring = false

    private struct Key: Hashable {
        let operation: String
        let entity: String
        let outcome: OperationOutcome
    }

    private struct Handles {
        let timer: Metrics.Timer
        let counter: Counter
    }

    private let destination: MetricsDestination
    // NSLock rather than Synchronization.Mutex: the package supports macOS 14, and Mutex needs macOS 15.
    private let lock = NSLock()
    private var handles: [Key: Handles] = [:]

    init(_ destination: MetricsDestination) {
        self.destination = destination
    }

    /// Runs `body` as the operation `operation` on `entity` and records its duration and outcome, unless the
    /// task is already inside a measured operation.
    @usableFromInline
    func measure<Result>(
        _ operation: String,
        entity: String,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        if Self.isMeasuring { return try await body() }
        let start = ContinuousClock.now
        do {
            let result = try await Self.$isMeasuring.withValue(true) { try await body() }
            record(operation, entity: entity, outcome: .success, duration: ContinuousClock.now - start)
            return result
        } catch {
            record(operation, entity: entity, outcome: OperationOutcome(error), duration: ContinuousClock.now - start)
            throw error
        }
    }

    /// Records one operation.
    func record(_ operation: String, entity: String, outcome: OperationOutcome, duration: Duration) {
        let handles = handles(for: Key(operation: operation, entity: entity, outcome: outcome))
        let (seconds, attoseconds) = duration.components
        handles.timer.recordNanoseconds(seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
        handles.counter.increment()
    }

    private func handles(for key: Key) -> Handles {
        if let found = lock.withLock({ handles[key] }) { return found }
        let dimensions = [("operation", key.operation), ("entity", key.entity), ("outcome", key.outcome.rawValue)]
        let factory: any MetricsFactory
        switch destination {
        case .global: factory = MetricsSystem.factory
        case .given(let given): factory = given
        }
        let made = Handles(timer: Metrics.Timer(label: Self.durationLabel, dimensions: dimensions, factory: factory),
                           counter: Counter(label: Self.countLabel, dimensions: dimensions, factory: factory))
        return lock.withLock {
            if let raced = handles[key] { return raced }
            handles[key] = made
            return made
        }
    }
}

extension DatabaseExecutor {
    /// Runs `body` as one repository operation: with metrics on (``Observability/recordsMetrics``), its
    /// duration and outcome are recorded as `taxiway.operation.duration` and `taxiway.operation.count`
    /// (dimensions `operation`, `entity`, `outcome`); off, it just runs `body`. Measured operations called
    /// inside `body` are part of it and not recorded separately.
    ///
    /// Every ``Repository`` method measures itself; wrap a hand-written operation that runs several statements
    /// (or decides its outcome after them) so it counts once.
    @inlinable
    public func measure<Result>(
        _ operation: String,
        entity: String,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard let metrics = observability.observer?.metrics else { return try await body() }
        return try await metrics.measure(operation, entity: entity, body)
    }
}
