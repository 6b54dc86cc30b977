import Foundation

/// The `snapshot.json` of a migration: which migration it is, the one before it, and the schema after it.
public struct SnapshotFile: Codable, Sendable, Hashable {
    /// The version of this file's format.
    public static let currentFormat = 1

    /// The format version.
    public var format: Int
    /// The migration's id, its directory name (`0002_add_customer_phone`).
    public var id: String
    /// The id of the migration it follows; nil for the first.
    public var parent: String?
    /// The schema once the migration is applied.
    public var schema: SchemaSnapshot

    /// Creates a snapshot file.
    public init(id: String, parent: String?, schema: SchemaSnapshot) {
        self.format = Self.currentFormat
        self.id = id
        self.parent = parent
        self.schema = schema
    }

    /// Canonical JSON: keys sorted, two-space indentation, `/` unescaped, a final line break (written a
    /// table at a time on every core, see `SnapshotCodec`).
    public func encoded() throws -> String {
        try SnapshotCodec.encode(self)
    }

    /// The same text as `encoded()`, printing the tables equal to `previous`'s as its file printed them
    /// (`StoredSnapshot`): a migration that changes one table of a thousand encodes one.
    func encoded(after previous: StoredSnapshot?) throws -> String {
        try SnapshotCodec.encode(self, reusing: previous?.tableTexts())
    }

    /// Reads a snapshot file.
    public static func decode(_ text: String) throws -> SnapshotFile {
        try SnapshotCodec.decode(text)
    }
}
