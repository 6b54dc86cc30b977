import Foundation

extension AppendOnlyRepository {
    /// Runs `body`; when the entity is access-logged, writes an ``AccessRecord`` of the operation (see
    /// ``DatabaseExecutor/recordingAccess(_:entity:isLogged:key:keys:isolation:_:)``).
    @inlinable
    func recordingAccess<Result>(
        _ operation: String,
        key: UUID?,
        keys: (Result) -> [UUID],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await executor.recordingAccess(operation, entity: schema.entity, isLogged: schema.accessLogged, key: key,
                                           keys: keys, isolation: isolation, body)
    }

    /// Writes one ``AccessRecord`` for this entity, naming the current ``Caller``.
    @usableFromInline
    func recordAccess(_ operation: String, keys: [UUID], outcome: OperationOutcome) {
        executor.recordAccess(operation, entity: schema.entity, keys: keys, outcome: outcome)
    }
}
