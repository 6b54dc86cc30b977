import Foundation
import PostgresNIO

extension Repository where Model: JSONDataCarrier {
    /// Stores `value` under `key` in the row's `data` object, in the database (other keys are kept), when the
    /// row's version is still `expectedVersion`. Like the in-memory `setData(_:forKey:)`, it turns `data` into
    /// an object first when it holds something else.
    ///
    /// - Throws: `OptimisticLockError` when the version moved on, `EntityNotFound` when there is no active row
    ///   with this key.
    @inlinable
    public func setData<Value: Encodable & Sendable>(_ value: Value, forKey key: String, id: UUID,
                                                     expectedVersion: Int32) async throws -> Model {
        try await executor.measure("setData", entity: schema.entity) {
            guard let statement = schema.setData else {
                throw IllegalArgument(message: "\(schema.table) has no JSON data column")
            }
            let json = try JSONValue.decodeTrusted { try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)) }
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(id)
            bindings.append(expectedVersion)
            bindings.append(key)
            bindings.append(json)
            if let model = try await fetchOne(statement, bindings, operation: "setData") {
                return model
            }
            throw try await conflict(id: id, expectedVersion: expectedVersion, wantDeleted: false)
        }
    }
}
