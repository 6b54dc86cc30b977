/// How a repository operation ended, as the `outcome` dimension of its metrics: a short, value-free class.
public enum OperationOutcome: String, Sendable, Hashable, CaseIterable {
    /// It returned.
    case success
    /// ``EntityNotFound``.
    case notFound
    /// ``OptimisticLockError``: the row's version moved on.
    case conflict
    /// ``DuplicateEntity``.
    case duplicate
    /// `ValidationError`, ``IllegalArgument`` or ``TenantRequired``: refused before (or instead of) reaching the
    /// database.
    case invalid
    /// ``TransientDatabaseError``: a serialization failure, deadlock or timeout; retrying may succeed.
    case transient
    /// ``DatabaseUnavailable``: no connection, or it was lost before anything was applied.
    case unavailable
    /// ``OutcomeUnknown``: the connection was lost while a write was in flight.
    case outcomeUnknown
    /// `CancellationError`: the calling task was cancelled.
    case cancelled
    /// Anything else (``DatabaseError``, ``SchemaMismatch``, an unreadable value…).
    case other

    /// The class of `error`.
    public init(_ error: any Error) {
        switch error {
        case is EntityNotFound: self = .notFound
        case is OptimisticLockError: self = .conflict
        case is DuplicateEntity: self = .duplicate
        case is ValidationError, is IllegalArgument, is TenantRequired: self = .invalid
        case is TransientDatabaseError: self = .transient
        case is DatabaseUnavailable: self = .unavailable
        case is OutcomeUnknown: self = .outcomeUnknown
        case is CancellationError: self = .cancelled
        default: self = .other
        }
    }
}
