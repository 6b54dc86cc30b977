import Foundation

/// A migration's `snapshot.json`, decoded when first asked for. Reading a history needs every migration's
/// header (its id and the migration it follows) but usually only the last one's schema, and a schema of a
/// thousand tables takes a tenth of a second to decode: a long history is not decoded on every command.
final class StoredSnapshot: @unchecked Sendable {
    /// Where the file is, for messages (`migrations/0002_add_phone/snapshot.json`).
    private let path: String
    private let lock = NSLock()
    private var text: String?
    private var decoded: Result<SchemaSnapshot, MigrationError>?
    /// Each table's text in the file, once decoded (nil for a file in another format or layout).
    private var texts: SnapshotCodec.TableTexts?

    /// A snapshot already decoded.
    init(_ schema: SchemaSnapshot) {
        self.path = ""
        self.decoded = .success(schema)
    }

    /// A snapshot to decode from `text` when it is first asked for.
    init(text: String, path: String) {
        self.path = path
        self.text = text
    }

    /// The schema; decoding it the first time may fail (a file edited by hand, its checksums recomputed).
    func schema() throws -> SchemaSnapshot {
        lock.lock()
        defer { lock.unlock() }
        if let decoded { return try decoded.get() }
        let result: Result<SchemaSnapshot, MigrationError>
        do {
            let (file, texts) = try SnapshotCodec.decodeKeepingTexts(text ?? "")
            result = .success(file.schema)
            self.texts = texts
        } catch {
            result = .failure(MigrationError("\(path) cannot be read: \(error)",
                                             hint: "restore it from version control; a committed migration is never edited"))
        }
        decoded = result
        text = nil
        return try result.get()
    }
}

extension StoredSnapshot {
    /// Each table of the decoded file with its text, for writing the next snapshot without encoding the
    /// tables it leaves unchanged; nil when the file is not in the current format and canonical layout.
    func tableTexts() -> SnapshotCodec.TableTexts? {
        guard (try? schema()) != nil else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return texts
    }
}

/// The header of a `snapshot.json`: the schema is left undecoded (see `StoredSnapshot`).
struct SnapshotHeader: Decodable {
    /// The format version.
    var format: Int
    /// The migration's id.
    var id: String
    /// The migration it follows.
    var parent: String?

    /// Reads the header; the rest of the text must be JSON, but the schema is not decoded.
    static func decode(_ text: String) throws -> SnapshotHeader {
        try SnapshotCodec.header(text)
    }
}
