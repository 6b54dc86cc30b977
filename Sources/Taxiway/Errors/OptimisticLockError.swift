import Foundation

/// Raised when an update or delete names a `version` that is no longer the row's current version:
/// someone else changed the row since the caller read it.
///
/// The guidelines' `OptimisticLockError`. Re-read the row, re-apply the change and try again.
public struct OptimisticLockError: TaxiwayError, Equatable {
    /// The entity's Swift type name, e.g. `Customer`.
    public let entity: String
    /// The primary key of the row.
    public let id: UUID
    /// The version the caller expected the row to have.
    public let expectedVersion: Int32
    /// The version the row actually has, when it was read back.
    public let actualVersion: Int32?

    /// The row `id` of `entity` no longer has `expectedVersion` (it has `actualVersion`, when known).
    public init(entity: String, id: UUID, expectedVersion: Int32, actualVersion: Int32? = nil) {
        self.entity = entity
        self.id = id
        self.expectedVersion = expectedVersion
        self.actualVersion = actualVersion
    }

    /// A message naming the row and both versions.
    public var description: String {
        var text = "\(entity) \(id.uuidString.lowercased()) was changed concurrently: expected version \(expectedVersion)"
        if let actualVersion { text += ", found version \(actualVersion)" }
        return text
    }
}
