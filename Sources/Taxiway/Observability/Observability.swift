import Metrics
import Tracing

/// What Taxiway reports about its work besides the `.debug` line per statement: a timer and a counter per
/// repository operation (swift-metrics), a span per statement named and attributed by the OpenTelemetry
/// database conventions (swift-distributed-tracing), and a `.warning` for a statement slower than a threshold.
/// Bound values are never reported; only the statement's parameterised text (`$1`, `$2`…).
///
/// Set on ``Database/Options/observability``; a ``Transaction`` of that database reports the same way. It is
/// ``off`` by default, which costs each statement and each repository operation one branch.
///
/// ```swift
/// var options = Database.Options()
/// options.observability = Observability(slowStatementThreshold: .milliseconds(200))
/// ```
///
/// See docs/operations.md ("Observability") for the metric names, span attributes and the log line.
public struct Observability: Sendable, Hashable {
    /// The state shared by every copy: the destinations, the threshold and the metric handle cache; nil when off.
    @usableFromInline let observer: Observer?

    /// Nothing reported (the default): no metrics, no spans, no slow-statement log.
    public static let off = Observability(observer: nil)

    init(observer: Observer?) {
        self.observer = observer
    }

    /// Reports to the process-wide systems: metrics to `MetricsSystem.factory` and spans to
    /// `InstrumentationSystem.tracer` (bootstrap them at startup, before the first statement), and logs
    /// statements slower than `slowStatementThreshold` (none when nil).
    ///
    /// - Parameters:
    ///   - metrics: Whether each repository operation records `taxiway.operation.duration` and
    ///     `taxiway.operation.count`.
    ///   - tracing: Whether each statement is a span.
    ///   - slowStatementThreshold: Statements running at least this long are logged at `.warning`.
    public init(metrics: Bool = true, tracing: Bool = true, slowStatementThreshold: Duration? = nil) {
        self.init(metrics: metrics ? .global : nil, tracer: tracing ? .global : nil,
                  slowStatementThreshold: slowStatementThreshold)
    }

    /// Reports to the given destinations instead of the process-wide systems (a nil one is off), so that a test
    /// or a library can observe one database without bootstrapping `MetricsSystem` or `InstrumentationSystem`.
    public init(metricsFactory: (any MetricsFactory)?, tracer: (any Tracer)?, slowStatementThreshold: Duration? = nil) {
        self.init(metrics: metricsFactory.map { .given($0) }, tracer: tracer.map { .given($0) },
                  slowStatementThreshold: slowStatementThreshold)
    }

    private init(metrics: MetricsDestination?, tracer: TracerDestination?, slowStatementThreshold: Duration?) {
        if metrics == nil, tracer == nil, slowStatementThreshold == nil {
            observer = nil
        } else {
            observer = Observer(metrics: metrics.map(OperationMetrics.init), tracer: tracer,
                                slowStatementThreshold: slowStatementThreshold)
        }
    }

    /// Whether nothing is reported.
    public var isOff: Bool { observer == nil }
    /// Whether repository operations record metrics.
    public var recordsMetrics: Bool { observer?.metrics != nil }
    /// Whether statements are traced.
    public var tracesStatements: Bool { observer?.tracer != nil }
    /// Statements running at least this long are logged at `.warning`; nil logs none.
    public var slowStatementThreshold: Duration? { observer?.slowStatementThreshold }

    /// Equal when both are ``off`` or both are copies of the same value (destinations cannot be compared).
    public static func == (lhs: Observability, rhs: Observability) -> Bool {
        lhs.observer === rhs.observer
    }

    /// Hashes the identity of the shared state.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(observer.map(ObjectIdentifier.init))
    }
}

/// The shared state of an ``Observability`` that is not off.
@usableFromInline
final class Observer: Sendable {
    /// The per-operation timers and counters, or nil when metrics are off.
    @usableFromInline let metrics: OperationMetrics?
    /// Where spans go, or nil when tracing is off.
    let tracer: TracerDestination?
    /// The slow-statement threshold, or nil.
    let slowStatementThreshold: Duration?

    init(metrics: OperationMetrics?, tracer: TracerDestination?, slowStatementThreshold: Duration?) {
        self.metrics = metrics
        self.tracer = tracer
        self.slowStatementThreshold = slowStatementThreshold
    }
}

/// Where operation metrics go.
enum MetricsDestination: Sendable {
    /// `MetricsSystem.factory`, read when a metric is first created.
    case global
    /// A factory of the caller's.
    case given(any MetricsFactory)
}

/// Where statement spans go.
enum TracerDestination: Sendable {
    /// `InstrumentationSystem.tracer`, read per statement.
    case global
    /// A tracer of the caller's.
    case given(any Tracer)

    var tracer: any Tracer {
        switch self {
        case .global: InstrumentationSystem.tracer
        case .given(let tracer): tracer
        }
    }
}
