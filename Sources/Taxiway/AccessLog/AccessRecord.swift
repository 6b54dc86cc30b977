import Foundation
import Logging

/// One access to an entity marked `access_log: true`, through its repository: what was done, to which rows,
/// by whom, and how it ended. It never holds a column's value.
public struct AccessRecord: Sendable, Hashable {
    /// The repository operation (`create`, `update`, `find`, `list`, a named query…).
    public let operation: String
    /// The entity's Swift name.
    public let entity: String
    /// The keys of the rows the operation touched or returned, and the key it asked for when it named one.
    public let keys: [UUID]
    /// The ``Caller``'s principal, nil when the operation ran outside a caller (logged as `unknown`).
    public let principal: String?
    /// The ``Caller``'s tenant, if any.
    public let tenant: UUID?
    /// How the operation ended.
    public let outcome: OperationOutcome

    /// Creates a record.
    public init(operation: String, entity: String, keys: [UUID], principal: String?, tenant: UUID?,
                outcome: OperationOutcome) {
        self.operation = operation
        self.entity = entity
        self.keys = keys
        self.principal = principal
        self.tenant = tenant
        self.outcome = outcome
    }

    /// The record as log metadata, under ``AccessLog/Keys``.
    public var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            AccessLog.Keys.operation: .string(operation),
            AccessLog.Keys.entity: .string(entity),
            AccessLog.Keys.keys: .array(keys.map { .string($0.uuidString.lowercased()) }),
            AccessLog.Keys.principal: .string(principal ?? "unknown"),
            AccessLog.Keys.outcome: .string(outcome.rawValue),
        ]
        if let tenant { metadata[AccessLog.Keys.tenant] = .string(tenant.uuidString.lowercased()) }
        return metadata
    }
}
