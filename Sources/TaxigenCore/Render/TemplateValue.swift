/// A render context as the templates read it: what ``ContextEncoder`` makes of a plan's `Encodable`
/// context. Structs become objects whose fields are keyed by ``TemplateSymbols`` numbers, so that a
/// template's `{{name}}` is found by comparing integers rather than hashing strings on every tag.
enum TemplateValue: Sendable {
    /// A string, printed as it is (or HTML-escaped under Mustache's default content type).
    case text(String)
    /// A boolean: a section over it renders when it is true.
    case flag(Bool)
    /// An integer, printed in decimal.
    case number(Int)
    /// An array: a section renders once for each item.
    case list([TemplateValue])
    /// A struct's stored properties, the nil ones left out.
    case object(TemplateObject)
}

/// A struct's stored properties that some template can read, as symbol numbers and values.
///
/// Contexts have a few dozen fields at most, so a linear search over the symbols is faster than hashing.
struct TemplateObject: Sendable {
    /// One field.
    struct Field: Sendable {
        let symbol: Int
        let value: TemplateValue
    }

    /// The fields, in encoding order.
    private(set) var fields: [Field]

    /// An object with room for `capacity` fields before it grows.
    init(capacity: Int = 0) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// The value of the field with `symbol`, if the struct has one that is not nil. A key encoded twice
    /// (only a hand-written `encode(to:)` can) has its last value, as in a dictionary.
    subscript(symbol: Int) -> TemplateValue? {
        var index = fields.count - 1
        while index >= 0 {
            if fields[index].symbol == symbol { return fields[index].value }
            index -= 1
        }
        return nil
    }

    /// Adds a field.
    mutating func append(_ symbol: Int, _ value: TemplateValue) {
        fields.append(Field(symbol: symbol, value: value))
    }
}

/// Every name the templates of a run could read, numbered: each run of letters, digits and underscores in
/// any template's text. That is a superset of the names a tag can refer to (a context's keys are Swift
/// identifiers), so a context field whose name is not here is never read and need not be encoded.
///
/// The encoder asks for the number of every field of every context, so the names sit in an open-addressing
/// table with an FNV-1a hash of their UTF-8 bytes, which for names this short is several times cheaper
/// than `Dictionary`'s seeded SipHash.
struct TemplateSymbols: Sendable {
    /// The names in order of first appearance; a name's number is its index.
    let names: [String]
    /// Slots of the hash table: a name's number, or -1 for an empty slot.
    private let slots: [Int]

    /// The symbols of `texts`, numbered in order of first appearance.
    init(texts: [String]) {
        var names: [String] = []
        var seen: Set<String> = []
        func add(_ word: [UInt8]) {
            let name = String(decoding: word, as: UTF8.self)
            if seen.insert(name).inserted { names.append(name) }
        }
        for text in texts {
            var word: [UInt8] = []
            for byte in text.utf8 {
                if Self.isWordByte(byte) {
                    word.append(byte)
                } else if !word.isEmpty {
                    add(word)
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { add(word) }
        }
        var capacity = 16
        while capacity < names.count * 4 { capacity *= 2 }
        var slots = [Int](repeating: -1, count: capacity)
        for (number, name) in names.enumerated() {
            var slot = Self.hash(name) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = number
        }
        self.names = names
        self.slots = slots
    }

    /// The number of `name`, or nil when no template mentions it.
    func number(of name: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let number = slots[slot]
            if number < 0 { return nil }
            if names[number] == name { return number }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ name: String) -> Int {
        func fnv1a(_ bytes: some Sequence<UInt8>) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
        return name.utf8.withContiguousStorageIfAvailable(fnv1a) ?? fnv1a(name.utf8)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
