import Foundation

/// Raised when a row that must exist (an entity looked up by its key) does not exist or is soft-deleted.
///
/// The guidelines' `EntityNotFoundException`.
public struct EntityNotFound: TaxiwayError, Equatable {
    /// The entity's Swift type name, e.g. `Customer`.
    public let entity: String
    /// A description of the key that was looked up, e.g. the UUID's string form.
    public let key: String
    /// The primary key that was looked up, when the lookup was by primary key.
    public let id: UUID?

    /// An entity looked up by its UUID primary key was not found.
    public init(entity: String, id: UUID) {
        self.entity = entity
        self.key = id.uuidString.lowercased()
        self.id = id
    }

    /// An entity looked up by some other key (described by `key`, e.g. `email`) was not found.
    /// Do not put sensitive values into `key`: it is printed.
    public init(entity: String, key: String) {
        self.entity = entity
        self.key = key
        self.id = nil
    }

    /// A message naming the entity and the key.
    public var description: String {
        "\(entity) \(key) was not found"
    }
}
