import Foundation

/// `snapshot.json` written and read a table at a time, on every core: the file of a thousand tables is
/// five megabytes, and one `JSONEncoder` or `JSONDecoder` pass over it takes a tenth of a second.
///
/// The bytes are exactly those of one pass of `JSONEncoder` (keys sorted, pretty printed, `/` unescaped):
/// each table is encoded alone and indented to its place in the `tables` array. Reading splits the
/// `tables` array at the lines that open and close its elements (a JSON string never holds a raw line
/// break, so such lines are structure); a file laid out otherwise (edited by hand) is read in one pass.
public enum SnapshotCodec {
    /// The indentation of a table's lines in the file: `{` → `"schema"` → `"tables"` → the table.
    private static let tableIndent = "      "
    /// The `tables` array of a snapshot without tables, as `JSONEncoder` prints it.
    private static let emptyTables = "\"tables\" : [\n\n    ]"
    /// The line that opens the `tables` array.
    private static let tablesOpening = "    \"tables\" : [\n"

    /// A new encoder with the canonical settings.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// The canonical text of a snapshot file, with a final line break. A table equal to one in `known` (the
    /// tables of the snapshot before, as read from their file) is printed as that file printed it, which
    /// is the same text: a migration that changes one table of a thousand encodes one.
    static func encode(_ file: SnapshotFile, reusing known: TableTexts? = nil) throws -> String {
        var wrapper = file
        wrapper.schema.tables = []
        var text = String(decoding: try encoder().encode(wrapper), as: UTF8.self)
        guard !file.schema.tables.isEmpty else { return text + "\n" }
        let tables = file.schema.tables.concurrentMap { table -> Result<String, any Error> in
            if let known = known?.texts[table.name], known.table == table { return .success(known.text) }
            return Result { indented(String(decoding: try encoder().encode(table), as: UTF8.self)) }
        }
        guard let range = text.range(of: emptyTables) else {
            throw MigrationError("JSONEncoder printed the snapshot without an empty `tables` array")
        }
        var body = "\"tables\" : [\n"
        for (offset, table) in tables.enumerated() {
            if offset > 0 { body += ",\n" }
            body += try table.get()
        }
        body += "\n    ]"
        text.replaceSubrange(range, with: body)
        return text + "\n"
    }

    /// A table's standalone text, each line indented to its place in the file (empty lines stay empty).
    private static func indented(_ text: String) -> String {
        let indent = Array(tableIndent.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var atLineStart = true
        for byte in text.utf8 {
            if atLineStart, byte != 0x0A { result.append(contentsOf: indent) }
            result.append(byte)
            atLineStart = byte == 0x0A
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The tables of a snapshot file in the current format with the canonical layout, each with its text
    /// in the file (indented to its place), for `encode(_:reusing:)`.
    struct TableTexts: Sendable {
        /// Table name → the decoded table and its text.
        var texts: [String: (table: TableSnapshot, text: String)]
    }

    /// Reads a snapshot file: its tables on every core when the file has the canonical layout, else in
    /// one pass.
    static func decode(_ text: String) throws -> SnapshotFile {
        try decodeKeepingTexts(text).file
    }

    /// Reads a snapshot file, and keeps each table's text when the file is in the current format and the
    /// canonical layout (then that text is exactly what `encode` prints for the table).
    static func decodeKeepingTexts(_ text: String) throws -> (file: SnapshotFile, texts: TableTexts?) {
        if let parts = split(text) {
            let tables = parts.tables.concurrentMap { table -> Result<TableSnapshot, any Error> in
                if let read = SnapshotJSONReader.table(from: table) { return .success(read) }
                return Result { try JSONDecoder().decode(TableSnapshot.self, from: Data(table.utf8)) }
            }
            if var file = try? JSONDecoder().decode(SnapshotFile.self, from: Data(parts.wrapper.utf8)),
               let decoded = try? tables.map({ try $0.get() }) {
                file.schema.tables = decoded
                guard file.format == SnapshotFile.currentFormat else { return (file, nil) }
                var texts: [String: (table: TableSnapshot, text: String)] = [:]
                texts.reserveCapacity(decoded.count)
                for (table, text) in zip(decoded, parts.tables) { texts[table.name] = (table, text) }
                return (file, TableTexts(texts: texts))
            }
        }
        return (try JSONDecoder().decode(SnapshotFile.self, from: Data(text.utf8)), nil)
    }

    /// The file's header (format, id, parent) without decoding its tables. Keys are sorted, so in the
    /// canonical layout the header is all that comes before the `"schema"` line: only that is read.
    static func header(_ text: String) throws -> SnapshotHeader {
        if let prefix = headerText(text), let header = try? JSONDecoder().decode(SnapshotHeader.self, from: Data(prefix.utf8)) {
            return header
        }
        return try JSONDecoder().decode(SnapshotHeader.self, from: Data((split(text)?.wrapper ?? text).utf8))
    }

    /// The canonical file's text before its `"schema"` key, closed into an object of its own.
    private static func headerText(_ text: String) -> String? {
        let marker = Array(",\n  \"schema\" : ".utf8)
        let bytes = text.utf8.prefix(4096)
        guard let start = bytes.indices.first(where: { index in
            bytes[index...].starts(with: marker)
        }) else { return nil }
        return String(text[..<start]) + "\n}"
    }

    /// The file with its `tables` array emptied, and the text of each table; nil when the layout is not
    /// the canonical one. Works on the UTF-8 bytes: lines are found with `\n`, which a JSON string never holds.
    public static func split(_ text: String) -> (wrapper: String, tables: [String])? {
        var text = text
        return text.withUTF8 { bytes -> (wrapper: String, tables: [String])? in
            guard let base = bytes.baseAddress else { return nil }
            let opening = Array(tablesOpening.utf8)
            guard let start = firstRange(of: opening, in: bytes) else { return nil }
            let open = Array((tableIndent + "{").utf8)
            let close = Array((tableIndent + "}").utf8)
            let closeComma = close + [UInt8(ascii: ",")]
            let arrayEnd = Array("    ]".utf8)
            func line(_ range: Range<Int>, is pattern: [UInt8]) -> Bool {
                range.count == pattern.count && memcmp(base + range.lowerBound, pattern, pattern.count) == 0
            }
            var tables: [String] = []
            var tableStart: Int?
            var end: Int?
            var lineStart = start + opening.count
            while lineStart < bytes.count {
                let lineEnd = memchr(base + lineStart, 0x0A, bytes.count - lineStart)
                    .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
                // Only lines that can open or close a table are compared: each starts with six spaces and a brace.
                let candidate = lineEnd - lineStart <= closeComma.count
                let range = lineStart..<lineEnd
                if let opened = tableStart {
                    if candidate, line(range, is: close) || line(range, is: closeComma) {
                        tables.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[opened..<(lineStart + close.count)]), as: UTF8.self))
                        tableStart = nil
                    }
                } else if candidate, line(range, is: open) {
                    tableStart = lineStart
                } else if candidate, line(range, is: arrayEnd) {
                    end = lineEnd
                    break
                } else {
                    return nil
                }
                lineStart = lineEnd + 1
            }
            guard let end, tableStart == nil, !tables.isEmpty else { return nil }
            let wrapper = Array(bytes[..<(start + 4)]) + Array(emptyTables.utf8) + Array(bytes[end...])
            return (String(decoding: wrapper, as: UTF8.self), tables)
        }
    }

    /// Where `pattern` first occurs in `bytes`.
    private static func firstRange(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
