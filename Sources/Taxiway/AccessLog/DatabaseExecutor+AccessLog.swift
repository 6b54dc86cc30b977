import Foundation

extension DatabaseExecutor {
    /// Runs `body`, one repository operation on `entity`; when `isLogged` (the entity says `access_log: true`),
    /// writes an ``AccessRecord`` of it to ``accessLog``: on success the keys `keys` reads from the result and
    /// `key` (the one asked for, if any), on failure `key` and the outcome. Both repository cores call it.
    @inlinable
    public func recordingAccess<Result>(
        _ operation: String,
        entity: String,
        isLogged: Bool,
        key: UUID?,
        keys: (Result) -> [UUID],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard isLogged else { return try await body() }
        do {
            let result = try await body()
            var touched = keys(result)
            if let key, !touched.contains(key) { touched.insert(key, at: 0) }
            recordAccess(operation, entity: entity, keys: touched, outcome: .success)
            return result
        } catch {
            recordAccess(operation, entity: entity, keys: key.map { [$0] } ?? [], outcome: OperationOutcome(error))
            throw error
        }
    }

    /// Writes one ``AccessRecord`` of `operation` on `entity` to ``accessLog``, naming the current ``Caller``.
    public func recordAccess(_ operation: String, entity: String, keys: [UUID], outcome: OperationOutcome) {
        let caller = Caller.current
        accessLog.write(AccessRecord(operation: operation, entity: entity, keys: keys, principal: caller?.principal,
                                     tenant: caller?.tenant, outcome: outcome))
    }
}
