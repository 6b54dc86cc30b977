import Foundation

/// A migration file (`up.sql` or `down.sql`) read back into its units, as `migrate sql` and `migrate apply`
/// run them.
public struct MigrationScript: Sendable {
    /// The marker that starts a unit: `-- unit 2 of 3: …`.
    public static let unitMarker = "-- unit "

    /// One unit of the file.
    public struct Unit: Sendable {
        /// How it runs.
        public let kind: MigrationUnit.Kind
        /// Its marker line.
        public let marker: String
        /// The text inside the unit as written (comments kept), without the marker and, for a transaction,
        /// without `BEGIN;` and `COMMIT;`.
        public let body: String
        /// For `CREATE INDEX CONCURRENTLY`, the index's name (a failed build leaves an invalid index behind,
        /// which must be dropped before the unit runs again).
        public let concurrentIndex: String?
        /// For a data step (a hand-written unit, `\ir data/NAME.sql` in `up.sql`), its file relative to the
        /// migration (`data/NAME.sql`); `body` and `kind` are then the file's.
        public let dataStep: String?
        /// Before or after the deploy, from its marker (`-- unit 3 of 3: [post-deploy] …`); pre-deploy when unmarked.
        public var phase: MigrationUnit.Phase { MigrationScript.phase(ofMarker: marker) }

        /// Creates a unit.
        public init(kind: MigrationUnit.Kind, marker: String, body: String, concurrentIndex: String?, dataStep: String? = nil) {
            self.kind = kind
            self.marker = marker
            self.body = body
            self.concurrentIndex = concurrentIndex
            self.dataStep = dataStep
        }

        /// The statements of `body`, each without its final `;` (split when asked: `migrate check` and
        /// `migrate sql` never need them).
        public var statements: [String] { SQLScript(body).statements.map(\.text) }
    }

    /// What a unit's marker says before its purpose when the unit runs after the deploy: `[post-deploy] `.
    /// Pre-deploy units are not tagged, so the files written before phases existed read the same.
    public static func phaseTag(_ phase: MigrationUnit.Phase) -> String {
        phase == .postDeploy ? "[\(phase.rawValue)] " : ""
    }

    /// The phase a unit marker names.
    static func phase(ofMarker marker: String) -> MigrationUnit.Phase {
        guard let colon = marker.firstIndex(of: ":") else { return .preDeploy }
        return marker[marker.index(after: colon)...].hasPrefix(" " + phaseTag(.postDeploy)) ? .postDeploy : .preDeploy
    }

    /// The comment lines before the first unit, without their `-- ` marker.
    public let headerComments: [String]
    /// The units, in order.
    public let units: [Unit]

    /// Reads a migration file; `path` names it in errors. Lines are handled as substrings of the text
    /// (a 1,000-table migration is megabytes: every command reads every migration). A unit that is only
    /// `\ir data/NAME.sql` is a data step: its body is that file of `dataFiles` (name → text).
    public init(parsing text: String, path: String, dataFiles: [String: String] = [:]) throws {
        let text = Self.containsCarriageReturn(text) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        var header: [String] = []
        var chunks: [(marker: String, lines: [Substring], line: Int)] = []
        for (number, line) in Self.lines(of: text).enumerated() {
            if line.hasPrefix(Self.unitMarker) {
                chunks.append((String(line), [], number + 1))
            } else if chunks.isEmpty {
                if line.hasPrefix("--") { header.append(line == "--" ? "" : String(line.dropFirst(line.hasPrefix("-- ") ? 3 : 2))) }
            } else {
                chunks[chunks.count - 1].lines.append(line)
            }
        }
        guard !chunks.isEmpty else {
            throw MigrationError("\(path): no `\(Self.unitMarker)N of M:` marker; it is not a migration file taxigen wrote")
        }
        headerComments = header
        let folder = (path as NSString).deletingLastPathComponent
        units = try chunks.map { chunk in
            let trimmed = chunk.lines.map(Self.trimmed)
            guard let file = DataStep.includedFile(trimmed) else {
                return try Self.unit(chunk.marker, chunk.lines, trimmed: trimmed, at: "\(path):\(chunk.line)")
            }
            guard DataStep.isFileName(file) else {
                throw MigrationError("\(path):\(chunk.line): a data step is included as `\\ir data/<name>.sql` (lowercase words joined by `_`), not `\(file)`")
            }
            guard var data = dataFiles[file] else {
                throw MigrationError("\(path):\(chunk.line): includes \(file), which the migration does not have",
                                     hint: "restore it from version control")
            }
            if Self.containsCarriageReturn(data) { data = data.replacingOccurrences(of: "\r\n", with: "\n") }
            let lines = Self.lines(of: data)
            let parsed = try Self.unit(chunk.marker, lines, trimmed: lines.map(Self.trimmed),
                                       at: "\((folder as NSString).appendingPathComponent(file)):1")
            return Unit(kind: parsed.kind, marker: chunk.marker, body: parsed.body, concurrentIndex: parsed.concurrentIndex, dataStep: file)
        }
        if let post = units.firstIndex(where: { $0.phase == .postDeploy }), let pre = units[post...].firstIndex(where: { $0.phase == .preDeploy }) {
            throw MigrationError("\(path): unit \(pre + 1) runs before the deploy but follows unit \(post + 1), which runs after it: a migration's post-deploy units come last")
        }
    }

    /// Whether a text holds a CR, found with `memchr` over its UTF-8 bytes (a migration is megabytes).
    private static func containsCarriageReturn(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0x0D, bytes.count) != nil
        }
    }

    /// The lines of a text, split at each LF by its bytes with `memchr` (not by `Character`, which is slow
    /// on megabytes).
    private static func lines(of text: String) -> [Substring] {
        var text = text
        let breaks: [Int] = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return [] }
            var breaks: [Int] = []
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                breaks.append(position)
                offset = position + 1
            }
            return breaks
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        for position in breaks {
            let end = utf8.index(utf8.startIndex, offsetBy: position)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// A line without the white space around it. ASCII white space is dropped by its bytes (a migration is
    /// megabytes of lines); a line that then starts or ends outside ASCII is trimmed by `Character`.
    static func trimmed(_ line: Substring) -> Substring {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        let utf8 = line.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start != end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while start != end {
            let last = utf8.index(before: end)
            guard isSpace(utf8[last]) else { break }
            end = last
        }
        var trimmed = line[start..<end]
        guard (trimmed.utf8.first ?? 0) >= 0x80 || (trimmed.utf8.last ?? 0) >= 0x80 else { return trimmed }
        while let first = trimmed.first, first.isWhitespace { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
        return trimmed
    }

    /// Whether a trimmed line is `BEGIN;`, `COMMIT;` or `ROLLBACK;` in any case.
    private static func isTransactionControl(_ line: Substring) -> Bool {
        guard (6...9).contains(line.utf8.count) else { return false }
        return ["BEGIN;", "COMMIT;", "ROLLBACK;"].contains(line.uppercased())
    }

    private static func unit(_ marker: String, _ lines: [Substring], trimmed: [Substring], at location: String) throws -> Unit {
        if let begin = trimmed.firstIndex(of: "BEGIN;"), let commit = trimmed.lastIndex(of: "COMMIT;"), begin < commit {
            let outside = (trimmed[..<begin] + trimmed[(commit + 1)...]).filter { !$0.isEmpty && !$0.hasPrefix("--") }
            let inside = trimmed[(begin + 1)..<commit]
            let control = inside.contains(where: Self.isTransactionControl)
            guard outside.isEmpty, !control, inside.contains(where: { !$0.isEmpty && !$0.hasPrefix("--") }) else {
                throw MigrationError("\(location): a transaction unit must be BEGIN; statements; COMMIT; and nothing else")
            }
            return Unit(kind: .transaction, marker: marker, body: lines[(begin + 1)..<commit].joined(separator: "\n"), concurrentIndex: nil)
        }
        let body = lines.joined(separator: "\n")
        let statements = SQLScript(body).statements
        guard statements.count == 1 else {
            throw MigrationError("\(location): a unit outside a transaction holds exactly one statement, not \(statements.count)")
        }
        return Unit(kind: .standalone, marker: marker, body: body, concurrentIndex: concurrentIndexName(statements[0]))
    }

    /// The index `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name` creates, if that is the statement.
    private static func concurrentIndexName(_ statement: SQLScript.Statement) -> String? {
        let words = statement.words
        guard words.first == "CREATE", words.contains("CONCURRENTLY"), let on = words.firstIndex(of: "ON"), on > 0 else { return nil }
        let name = words[on - 1]
        return name == name.uppercased() ? name.lowercased() : name
    }
}
