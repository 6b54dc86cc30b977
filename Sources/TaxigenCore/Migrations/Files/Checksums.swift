/// The SHA-256 of every migration file, in `sha256sum` format (`<hex>  <id>/<file>`), sorted by path.
/// Files are hashed with their line breaks normalised to LF, so a checkout that turns them into CRLF does
/// not count as an edit.
///
/// Each migration keeps its own lines in `<id>/checksums.txt`, so two branches that each add a migration
/// never touch the same file. Projects written by an older taxigen keep every line in one
/// `checksums.txt` at the top of the migrations directory; it is still read (and never rewritten by
/// `migrate new`), and `taxigen migrate split-checksums` moves its lines into the migrations' own files.
/// Either way a migration's lines are the same, and so is its checksum.
public struct Checksums: Sendable, Hashable {
    /// The file's name: at the top of the migrations directory (the legacy layout) and in each migration.
    public static let fileName = "checksums.txt"

    /// Path (relative to the migrations directory) → hex digest.
    public var entries: [String: String]

    /// Creates the file from entries.
    public init(entries: [String: String] = [:]) {
        self.entries = entries
    }

    /// Reads a `checksums.txt`; `#` lines and blank lines are skipped.
    public init(parsing text: String) throws {
        var entries: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else {
                throw MigrationError("\(Self.fileName):\(number + 1): not a `<sha256>  <path>` line")
            }
            var path = parts[1]
            while path.first == " " || path.first == "*" { path = path.dropFirst() }
            entries[String(path)] = parts[0].lowercased()
        }
        self.entries = entries
    }

    /// The file's text: every entry.
    public var text: String {
        entries.keys.sorted().map { "\(entries[$0]!)  \($0)\n" }.joined()
    }

    /// The lines of one migration's files: the text of its own `<id>/checksums.txt`.
    public func text(of id: String) -> String {
        entries.keys.filter { $0.hasPrefix(id + "/") }.sorted().map { "\(entries[$0]!)  \($0)\n" }.joined()
    }

    /// The entries of one migration.
    public func entries(of id: String) -> [String: String] {
        entries.filter { $0.key.hasPrefix(id + "/") }
    }

    /// The ids of the migrations the entries cover.
    public var ids: Set<String> {
        Set(entries.keys.compactMap { $0.split(separator: "/", maxSplits: 1).first.map(String.init) })
    }

    /// Whether digests are computed with the CPU's SHA extensions (`CSHA256`) rather than in Swift.
    public static var usesHardware: Bool { SHA256.hardware }

    /// The hex SHA-256 of `bytes` by the portable Swift implementation, whatever the CPU: the tests hold the
    /// hardware path to it.
    public static func portableSHA256(of bytes: [UInt8]) -> String {
        SHA256.portableDigest(of: bytes).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// The digest of a file's bytes with CRLF normalised to LF.
    public static func digest(of bytes: [UInt8]) -> String {
        guard bytes.contains(0x0D) else { return SHA256.hex(of: bytes) }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if !(bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) { normalized.append(bytes[index]) }
            index += 1
        }
        return SHA256.hex(of: normalized)
    }

    /// The checksum of a whole migration, which the ledger records: the SHA-256 of its lines, which is the
    /// `sha256sum` of its own `checksums.txt` (in either layout the lines are the same).
    public func migrationChecksum(_ id: String) -> String {
        SHA256.hex(of: Array(text(of: id).utf8))
    }
}
