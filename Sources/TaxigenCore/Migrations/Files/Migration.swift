/// One migration of the history, read from its directory and verified.
public struct Migration: Sendable {
    /// The files a migration directory holds.
    public enum File {
        /// The upgrade.
        public static let up = "up.sql"
        /// The downgrade, when the migration is reversible.
        public static let down = "down.sql"
        /// The note that replaces `down.sql` when it is not.
        public static let irreversible = "IRREVERSIBLE"
        /// The schema after the migration, and the migration it follows.
        public static let snapshot = "snapshot.json"
        /// In a squash checkpoint, the migrations it replaces (see `SquashedMigrations`).
        public static let squashed = "squashed.txt"
    }

    /// The id, which is the directory name: `0002_add_customer_phone`.
    public let id: String
    /// The number the id starts with.
    public let number: Int
    /// The id of the migration before it; nil for the first.
    public let parent: String?
    /// The schema after it, decoded from `snapshot.json` when first asked for (see `StoredSnapshot`).
    public var snapshot: SchemaSnapshot {
        get throws { try storedSnapshot.schema() }
    }
    /// Where `snapshot` comes from.
    let storedSnapshot: StoredSnapshot
    /// The upgrade.
    public let up: MigrationScript
    /// The downgrade, or nil when it is irreversible.
    public let down: MigrationScript?
    /// Why it is irreversible (the `IRREVERSIBLE` note), when it is.
    public let irreversibleNote: String?
    /// The checksum the ledger records for it (see `Checksums.migrationChecksum`).
    public let checksum: String
    /// For a squash checkpoint (`migrate squash`), the migrations it replaces; nil for any other.
    public var squashed: SquashedMigrations? = nil

    /// Creates a migration whose schema is known.
    public init(id: String, number: Int, parent: String?, snapshot: SchemaSnapshot, up: MigrationScript, down: MigrationScript?,
                irreversibleNote: String?, checksum: String, squashed: SquashedMigrations? = nil) {
        self.init(id: id, number: number, parent: parent, storedSnapshot: StoredSnapshot(snapshot), up: up, down: down,
                  irreversibleNote: irreversibleNote, checksum: checksum, squashed: squashed)
    }

    /// Creates a migration whose schema is decoded when first asked for.
    init(id: String, number: Int, parent: String?, storedSnapshot: StoredSnapshot, up: MigrationScript, down: MigrationScript?,
         irreversibleNote: String?, checksum: String, squashed: SquashedMigrations?) {
        self.id = id
        self.number = number
        self.parent = parent
        self.storedSnapshot = storedSnapshot
        self.up = up
        self.down = down
        self.irreversibleNote = irreversibleNote
        self.checksum = checksum
        self.squashed = squashed
    }

    /// Whether a downgrade exists.
    public var isReversible: Bool { down != nil }

    /// The number and the slug of an id, if it is one: four digits, `_`, lowercase words.
    public static func parseID(_ id: String) -> (number: Int, slug: String)? {
        let parts = id.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let number = Int(parts[0]),
              isSlug(String(parts[1])) else {
            return nil
        }
        return (number, String(parts[1]))
    }

    /// The id of a new migration: its number and a slug of the description (`Add customer phone` → `add_customer_phone`).
    public static func makeID(number: Int, message: String) -> String {
        var slug = ""
        for scalar in message.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("_") {
                slug += "_"
            }
        }
        if slug.count > 48 {
            let cut = slug.prefix(49)
            slug = cut.last == "_" || !cut.dropLast().contains("_") ? String(cut.prefix(48)) : String(cut[..<cut.lastIndex(of: "_")!])
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        if slug.isEmpty { slug = "migration" }
        return makeID(number: number, slug: slug)
    }

    /// The id of a migration with this number and slug.
    public static func makeID(number: Int, slug: String) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + slug
    }

    /// Lowercase ASCII letters and digits in words joined by single underscores.
    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("_") && !text.hasSuffix("_") && !text.contains("__")
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
