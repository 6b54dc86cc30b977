import Foundation

extension AppendOnlyRepository {
    /// Runs `body`; when the entity is access-logged, writes an ``AccessRecord`` of the operation: the rows
    /// `keys` reads from the result and `key` (the one asked for, if any), or on failure `key` and the outcome.
    @inlinable
    func recordingAccess<Result>(
        _ operation: String,
        key: UUID?,
        keys: (Result) -> [UUID],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard schema.accessLogged else { return try await body() }
        do {
            let result = try await body()
            var touched = keys(result)
            if let key, !touched.contains(key) { touched.insert(key, at: 0) }
            recordAccess(operation, keys: touched, outcome: .success)
            return result
        } catch {
            recordAccess(operation, keys: key.map { [$0] } ?? [], outcome: OperationOutcome(error))
            throw error
        }
    }

    /// Writes one ``AccessRecord`` for this entity, naming the current ``Caller``.
    @usableFromInline
    func recordAccess(_ operation: String, keys: [UUID], outcome: OperationOutcome) {
        let caller = Caller.current
        executor.accessLog.write(AccessRecord(operation: operation, entity: schema.entity, keys: keys,
                                              principal: caller?.principal, tenant: caller?.tenant, outcome: outcome))
    }
}
