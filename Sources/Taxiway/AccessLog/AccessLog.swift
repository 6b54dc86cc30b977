import Foundation
import Logging

/// Where the ``AccessRecord``s of entities marked `access_log: true` go: one `.info` line per repository
/// operation, with the message `access` and the record as metadata (see ``Keys``).
///
/// By default the records go to a logger labelled `taxiway.access`, so a `LoggingSystem` handler can send that
/// label to an audit sink and the rest elsewhere (docs/operations.md, "Access log"). A database can name its
/// own logger in ``Database/Options/accessLog``.
public struct AccessLog: Sendable, Hashable {
    /// The metadata keys of a record.
    public enum Keys {
        /// The repository operation.
        public static let operation = "access.operation"
        /// The entity's Swift name.
        public static let entity = "access.entity"
        /// The keys of the rows, as lowercased UUID strings.
        public static let keys = "access.keys"
        /// The caller's principal, `unknown` outside a caller.
        public static let principal = "access.principal"
        /// The caller's tenant, when there is one.
        public static let tenant = "access.tenant"
        /// How the operation ended (an ``OperationOutcome``).
        public static let outcome = "access.outcome"
    }

    /// The label of the default logger.
    public static let label = "taxiway.access"

    /// The logger records are written to.
    public let logger: Logger
    private let identity: Identity

    private final class Identity: Sendable {}

    /// Records to `logger`.
    public init(logger: Logger) {
        self.logger = logger
        identity = Identity()
    }

    /// Records to a logger labelled ``label`` (made through the process's `LoggingSystem` when first used).
    public static var standard: AccessLog { shared }
    private static let shared = AccessLog(logger: Logger(label: label))

    /// Writes `record`.
    public func write(_ record: AccessRecord) {
        logger.info("access", metadata: record.metadata)
    }

    /// Equal when both are copies of the same value (loggers cannot be compared).
    public static func == (lhs: AccessLog, rhs: AccessLog) -> Bool { lhs.identity === rhs.identity }

    /// Hashes the identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(identity)) }
}

extension DatabaseExecutor {
    /// The standard access log: the default for an executor that does not say (see ``AccessLog``).
    public var accessLog: AccessLog { .standard }
}

extension Database {
    /// The database's ``Options/accessLog``.
    public var accessLog: AccessLog { options.accessLog }
}

extension Transaction {
    /// The access log of the database the transaction belongs to.
    public var accessLog: AccessLog { environment.options.accessLog }
}
