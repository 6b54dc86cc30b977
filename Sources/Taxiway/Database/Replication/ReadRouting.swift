/// Which server of a ``Database`` with read replicas may answer a statement (see ``QueryContext/routing``).
public enum ReadRouting: Sendable, Hashable {
    /// A replica when the statement is a plain read (see ``Database/Replication``), the primary otherwise.
    case automatic
    /// The primary, always: for a read that must see what every caller committed (e.g. the version probe that
    /// explains why a guarded update matched no row).
    case primary
}

/// Which statements are plain reads that a hot standby can answer exactly as the primary would.
enum ReadClassifier {
    /// Whether `sql` is a plain read: it starts (after blanks, comments and opening parentheses) with `SELECT`,
    /// `TABLE` or `VALUES`, and has no `INTO` (`SELECT … INTO` creates a table) and no locking clause (`FOR UPDATE`,
    /// `FOR NO KEY UPDATE`, `FOR SHARE`, `FOR KEY SHARE`) outside string literals, quoted identifiers and comments.
    ///
    /// Conservative: `WITH` (which may hold a data-modifying CTE), `SHOW` and `EXPLAIN` go to the primary. A
    /// `SELECT` of a function that writes is refused by the standby (SQLSTATE 25006, nothing done) and then runs
    /// on the primary.
    static func isPlainRead(_ sql: String) -> Bool {
        var sql = sql
        return sql.withUTF8 { isPlainRead(bytes: $0) }
    }

    /// The keywords that decide, as upper-case ASCII.
    private enum Keyword: CaseIterable {
        case select, table, values, into, `for`, update, share, no, key

        var bytes: [UInt8] { Array(String(describing: self).uppercased().utf8) }
        static let all: [(Keyword, [UInt8])] = allCases.map { ($0, $0.bytes) }
    }

    /// ``isPlainRead(_:)`` over the statement's UTF-8 bytes, without allocating: words are compared in place,
    /// case-insensitively, with the few keywords that decide.
    private static func isPlainRead(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var first = true
        var previous: Keyword?
        let count = bytes.count
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x24
        }
        func keyword(_ start: Int, _ end: Int) -> Keyword? {
            for (keyword, spelled) in Keyword.all where spelled.count == end - start {
                var matches = true
                for offset in 0..<spelled.count where bytes[start + offset] & 0xDF != spelled[offset] {
                    matches = false
                    break
                }
                if matches { return keyword }
            }
            return nil
        }
        while index < count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "-"), next == UInt8(ascii: "-") {
                while index < count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                if first { return false }
                index += 1
                while index < count {
                    if bytes[index] == byte {
                        if index + 1 < count, bytes[index + 1] == byte { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index += 1
            } else if byte == UInt8(ascii: "$"), let tagEnd = dollarTagEnd(bytes, from: index) {
                // $tag$ … $tag$ (a `$1` parameter is no tag).
                if first { return false }
                let tagLength = tagEnd - index + 1
                index = tagEnd + 1
                while index < count {
                    if bytes[index] == UInt8(ascii: "$"), index + tagLength <= count,
                       (0..<tagLength).allSatisfy({ bytes[index + $0] == bytes[tagEnd - tagLength + 1 + $0] }) {
                        break
                    }
                    index += 1
                }
                index += tagLength
            } else if isWordByte(byte), !(byte >= 0x30 && byte <= 0x39), byte != 0x24 {
                let start = index
                while index < count, isWordByte(bytes[index]) { index += 1 }
                let word = keyword(start, index)
                if first {
                    guard word == .select || word == .table || word == .values else { return false }
                    first = false
                }
                if word == .into { return false }
                if previous == .for, word == .update || word == .share || word == .no || word == .key { return false }
                previous = word
            } else {
                if first, byte != UInt8(ascii: "("), byte != 0x20, byte != 0x0A, byte != 0x09, byte != 0x0D { return false }
                index += 1
            }
        }
        return !first
    }

    /// The index of the `$` closing a dollar-quote tag opened at `start`, or nil when none opens there.
    private static func dollarTagEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        if index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { return nil }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "$") { return index }
            let isTagByte = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
                || (byte >= 0x30 && byte <= 0x39)
            guard isTagByte else { return nil }
            index += 1
        }
        return nil
    }
}
