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
    /// The fields' symbols, in encoding order.
    private(set) var symbols: [Int] = []
    /// The fields' values, in the same order as `symbols`.
    private(set) var values: [TemplateValue] = []

    /// The value of the field with `symbol`, if the struct has one that is not nil. A key encoded twice
    /// (only a hand-written `encode(to:)` can) has its last value, as in a dictionary.
    subscript(symbol: Int) -> TemplateValue? {
        var index = symbols.count - 1
        while index >= 0 {
            if symbols[index] == symbol { return values[index] }
            index -= 1
        }
        return nil
    }

    /// Adds a field.
    mutating func append(_ symbol: Int, _ value: TemplateValue) {
        symbols.append(symbol)
        values.append(value)
    }
}

/// Every name the templates of a run could read, numbered: each run of letters, digits and underscores in
/// any template's text. That is a superset of the names a tag can refer to (a context's keys are Swift
/// identifiers), so a context field whose name is not here is never read and need not be encoded.
struct TemplateSymbols: Sendable {
    /// The names and their numbers.
    let numbers: [String: Int]

    /// The symbols of `texts`, numbered in order of first appearance.
    init(texts: [String]) {
        var numbers: [String: Int] = [:]
        func add(_ word: [UInt8]) {
            let name = String(decoding: word, as: UTF8.self)
            if numbers[name] == nil { numbers[name] = numbers.count }
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
        self.numbers = numbers
    }

    /// The number of `name`, or nil when no template mentions it.
    func number(of name: String) -> Int? {
        numbers[name]
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
