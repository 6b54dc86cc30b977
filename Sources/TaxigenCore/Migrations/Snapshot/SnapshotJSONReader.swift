/// Reads one table of `snapshot.json` straight from its UTF-8 bytes, several times faster than
/// `JSONDecoder` (whose keyed containers cost most of the time of reading a thousand tables).
///
/// It knows exactly the keys the snapshot types encode. Anything else — an unknown key, a value of another
/// JSON type, a missing key, a number that is not a plain integer, a malformed escape — makes it return nil,
/// and the caller reads the table with `JSONDecoder`, which then gives the same value or the error. So a
/// field added to a snapshot type and not taught here costs only speed (a non-optional field is always
/// printed, so its key is unknown here), never a wrong value. Tests hold both readers to the same result.
struct SnapshotJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The table a text holds, or nil when the text is anything but the keys and values this reader knows.
    static func table(from text: String) -> TableSnapshot? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = SnapshotJSONReader(bytes: bytes)
            guard let table = reader.table() else { return nil }
            reader.skipSpace()
            return reader.position == bytes.count ? table : nil
        }
    }

    // MARK: The snapshot types

    private mutating func table() -> TableSnapshot? {
        var name: String?, comment: String?, primaryKey: String?, primaryKeyConstraint: String?, trigger: String?
        var columns: [ColumnSnapshot]?, checks: [CheckSnapshot]?, indexes: [IndexSnapshot]?
        var tenancy: TenancySnapshot?, appendOnly: AppendOnlySnapshot?, history: HistorySnapshot?
        let read = object { reader, key in
            switch key {
            case "name": return reader.required(&name) { $0.string() }
            case "comment": return reader.optional(&comment) { $0.string() }
            case "primary_key": return reader.required(&primaryKey) { $0.string() }
            case "primary_key_constraint": return reader.required(&primaryKeyConstraint) { $0.string() }
            case "trigger": return reader.required(&trigger) { $0.string() }
            case "columns": return reader.required(&columns) { $0.array { $0.column() } }
            case "checks": return reader.required(&checks) { $0.array { $0.check() } }
            case "indexes": return reader.required(&indexes) { $0.array { $0.index() } }
            case "tenancy": return reader.optional(&tenancy) { $0.tenancy() }
            case "append_only": return reader.optional(&appendOnly) { $0.appendOnly() }
            case "history": return reader.optional(&history) { $0.history() }
            default: return false
            }
        }
        guard read, let name, let primaryKey, let primaryKeyConstraint, let trigger, let columns, let checks, let indexes else {
            return nil
        }
        // Assigned after `init`, which sorts: `JSONDecoder` keeps the file's order, and so does this reader.
        var table = TableSnapshot(name: name, comment: comment, primaryKey: primaryKey, primaryKeyConstraint: primaryKeyConstraint,
                                  trigger: trigger, columns: [], checks: [], indexes: [], tenancy: tenancy, history: history)
        table.columns = columns
        table.checks = checks
        table.indexes = indexes
        table.appendOnly = appendOnly
        return table
    }

    private mutating func column() -> ColumnSnapshot? {
        var name: String?, type: String?, nullable: Bool?, defaultExpression: String?, comment: String?
        var deprecated: Bool?, replacedBy: String?
        let read = object { reader, key in
            switch key {
            case "name": return reader.required(&name) { $0.string() }
            case "type": return reader.required(&type) { $0.string() }
            case "nullable": return reader.required(&nullable) { $0.bool() }
            case "default": return reader.optional(&defaultExpression) { $0.string() }
            case "comment": return reader.optional(&comment) { $0.string() }
            case "deprecated": return reader.optional(&deprecated) { $0.bool() }
            case "replaced_by": return reader.optional(&replacedBy) { $0.string() }
            default: return false
            }
        }
        guard read, let name, let type, let nullable else { return nil }
        return ColumnSnapshot(name: name, type: type, nullable: nullable, defaultExpression: defaultExpression, comment: comment,
                              deprecated: deprecated ?? false, replacedBy: replacedBy)
    }

    private mutating func index() -> IndexSnapshot? {
        var name: String?, columns: [String]?, unique: Bool?, method: String?, operatorClass: String?, partial: Bool?
        var definition: String?
        let read = object { reader, key in
            switch key {
            case "name": return reader.required(&name) { $0.string() }
            case "columns": return reader.required(&columns) { $0.array { $0.string() } }
            case "unique": return reader.required(&unique) { $0.bool() }
            case "method": return reader.required(&method) { $0.string() }
            case "operator_class": return reader.optional(&operatorClass) { $0.string() }
            case "partial": return reader.required(&partial) { $0.bool() }
            case "definition": return reader.required(&definition) { $0.string() }
            default: return false
            }
        }
        guard read, let name, let columns, let unique, let method, let partial, let definition else { return nil }
        return IndexSnapshot(name: name, columns: columns, unique: unique, method: method, operatorClass: operatorClass,
                             partial: partial, definition: definition)
    }

    private mutating func check() -> CheckSnapshot? {
        guard let (name, column, expression) = threeStrings("name", "column", "expression") else { return nil }
        return CheckSnapshot(name: name, column: column, expression: expression)
    }

    private mutating func tenancy() -> TenancySnapshot? {
        guard let (key, policy, condition) = threeStrings("key", "policy", "condition") else { return nil }
        return TenancySnapshot(key: key, policy: policy, condition: condition)
    }

    private mutating func history() -> HistorySnapshot? {
        guard let (table, function, trigger) = threeStrings("table", "function", "trigger") else { return nil }
        return HistorySnapshot(table: table, function: function, trigger: trigger)
    }

    private mutating func appendOnly() -> AppendOnlySnapshot? {
        var partition: PartitionSnapshot?
        let read = object { reader, key in
            guard key == "partition" else { return false }
            return reader.optional(&partition) { $0.partition() }
        }
        return read ? AppendOnlySnapshot(partition: partition) : nil
    }

    private mutating func partition() -> PartitionSnapshot? {
        var column: String?, interval: String?, ahead: Int?
        let read = object { reader, key in
            switch key {
            case "column": return reader.required(&column) { $0.string() }
            case "interval": return reader.required(&interval) { $0.string() }
            case "ahead": return reader.required(&ahead) { $0.integer() }
            default: return false
            }
        }
        guard read, let column, let interval, let ahead else { return nil }
        return PartitionSnapshot(column: column, interval: interval, ahead: ahead)
    }

    /// An object of exactly three string keys.
    private mutating func threeStrings(_ first: String, _ second: String, _ third: String) -> (String, String, String)? {
        var values: [String?] = [nil, nil, nil]
        let keys = [first, second, third]
        let read = object { reader, key in
            guard let slot = keys.firstIndex(of: key) else { return false }
            return reader.required(&values[slot]) { $0.string() }
        }
        guard read, let a = values[0], let b = values[1], let c = values[2] else { return nil }
        return (a, b, c)
    }

    // MARK: Fields

    /// Reads a value that must not be null; false (give up) when it is anything else or was already read.
    private mutating func required<T>(_ slot: inout T?, _ value: (inout SnapshotJSONReader) -> T?) -> Bool {
        guard slot == nil, let read = value(&self) else { return false }
        slot = read
        return true
    }

    /// Reads a value that may be null (nil, as `decodeIfPresent` reads it).
    private mutating func optional<T>(_ slot: inout T?, _ value: (inout SnapshotJSONReader) -> T?) -> Bool {
        guard slot == nil else { return false }
        if literal("null") { return true }
        guard let read = value(&self) else { return false }
        slot = read
        return true
    }

    // MARK: JSON

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after white space, if it is next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Consumes a literal word (`null`, `true`, `false`) after white space, if it is next.
    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// An object, each key handed to `field`, which reads its value and returns false to give up.
    private mutating func object(_ field: (inout SnapshotJSONReader, String) -> Bool) -> Bool {
        guard consume(0x7B) else { return false }
        if consume(0x7D) { return true }
        repeat {
            guard let key = string(), consume(0x3A), field(&self, key) else { return false }
        } while consume(0x2C)
        return consume(0x7D)
    }

    private mutating func array<T>(_ element: (inout SnapshotJSONReader) -> T?) -> [T]? {
        guard consume(0x5B) else { return nil }
        var result: [T] = []
        if consume(0x5D) { return result }
        repeat {
            guard let value = element(&self) else { return nil }
            result.append(value)
        } while consume(0x2C)
        return consume(0x5D) ? result : nil
    }

    private mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// A plain integer (`-`, digits); nil for fractions, exponents, leading zeros and overflow.
    private mutating func integer() -> Int? {
        skipSpace()
        let negative = position < bytes.count && bytes[position] == 0x2D
        if negative { position += 1 }
        let start = position
        var value = 0
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[position] - 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, !(digits > 1 && bytes[start] == 0x30) else { return nil }
        if position < bytes.count, [0x2E, 0x65, 0x45].contains(bytes[position]) { return nil }
        return negative ? -value : value
    }

    /// A string; nil when malformed (a raw control character, a bad escape, no closing quote).
    private mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 { break }
            if byte < 0x20 { return nil }
            if byte == 0x5C {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        guard position < bytes.count else { return nil }
        let end = position
        position += 1
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return escaped ? Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    /// The text of a string's body with its escapes read (`\uXXXX` with surrogate pairs included).
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        var index = 0
        func hex4(at offset: Int) -> UInt32? {
            guard offset + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for byte in raw[offset..<(offset + 4)] {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == 0x5C else {
                result.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { return nil }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case 0x22, 0x5C, 0x2F: result.append(escape)
            case 0x62: result.append(0x08)
            case 0x66: result.append(0x0C)
            case 0x6E: result.append(0x0A)
            case 0x72: result.append(0x0D)
            case 0x74: result.append(0x09)
            case 0x75:
                guard var scalar = hex4(at: index) else { return nil }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= raw.count, raw[index] == 0x5C, raw[index + 1] == 0x75,
                          let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                result.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                return nil
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
