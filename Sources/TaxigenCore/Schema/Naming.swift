/// The naming rules: how an entity name becomes a table, a field name a Swift property, and so on.
///
/// Only the checker calls these, once per name; every later stage reads the names stored in the `Schema`.
public enum Naming {
    /// PostgreSQL's limit on identifier length, in bytes.
    public static let maxIdentifierBytes = 63

    /// `OrderLine` → `order_line`, `HTTPRequest` → `http_request`.
    public static func snakeCase(_ name: String) -> String {
        if name.isASCII { return asciiSnakeCase(Array(name.utf8)) }
        return characterSnakeCase(name)
    }

    /// `snakeCase` character by character, with Unicode's case properties: for names that are not ASCII.
    static func characterSnakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    /// `snakeCase` of an ASCII name, byte by byte.
    static func asciiSnakeCase(_ bytes: [UInt8]) -> String {
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 4)
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) else {
                result.append(byte)
                continue
            }
            if index > 0 {
                let previous = bytes[index - 1]
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) {
                    result.append(UInt8(ascii: "_"))
                }
            }
            result.append(byte + 32)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The English plural of a snake_case name's last word: `order_line` → `order_lines`, `category` → `categories`.
    public static func plural(_ snake: String) -> String {
        let irregular = ["person": "people", "child": "children", "man": "men", "woman": "women",
                         "mouse": "mice", "goose": "geese", "datum": "data", "index": "indexes"]
        var words = snake.split(separator: "_").map(String.init)
        guard let last = words.last else { return snake }
        let vowels = Set("aeiou")
        let pluralWord: String
        if let word = irregular[last] {
            pluralWord = word
        } else if last.hasSuffix("y"), let before = last.dropLast().last, !vowels.contains(before) {
            pluralWord = last.dropLast() + "ies"
        } else if ["s", "x", "z", "ch", "sh"].contains(where: { last.hasSuffix($0) }) {
            pluralWord = last + "es"
        } else {
            pluralWord = last + "s"
        }
        words[words.count - 1] = pluralWord
        return words.joined(separator: "_")
    }

    /// Words written in capitals in Swift names, following the API design guidelines.
    private static let acronyms: Set<String> = ["id", "url", "uuid", "json", "http", "https", "ip", "sql", "api"]

    /// `manager_id` → `managerID`, `order` → `order` (the raw name, before keyword escaping).
    public static func lowerCamelCase(_ snake: String) -> String {
        if snake.isASCII { return asciiCamelCase(Array(snake.utf8), upper: false) ?? snake }
        let words = snake.split(separator: "_").map(String.init)
        guard let first = words.first else { return snake }
        return first + words.dropFirst().map(capitalizedWord).joined()
    }

    /// `payment_method` → `PaymentMethod`, `api_key` → `APIKey`.
    public static func upperCamelCase(_ snake: String) -> String {
        if snake.isASCII { return asciiCamelCase(Array(snake.utf8), upper: true) ?? "" }
        return snake.split(separator: "_").map { capitalizedWord(String($0)) }.joined()
    }

    /// The ASCII acronyms, as bytes.
    private static let asciiAcronyms: [[UInt8]] = acronyms.sorted().map { Array($0.utf8) }

    /// `lowerCamelCase` (`upper` false) or `upperCamelCase` of an ASCII name, byte by byte: the words between
    /// underscores, each after the first (or each) capitalised, acronyms in capitals after the first. Nil
    /// when there is no word.
    static func asciiCamelCase(_ bytes: [UInt8], upper: Bool) -> String? {
        func capital(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
        }
        let underscore = UInt8(ascii: "_")
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var words = 0
        var start = 0
        // The words are found in place, without an array of them: this runs for every field name.
        while start < bytes.count {
            guard bytes[start] != underscore else {
                start += 1
                continue
            }
            var end = start + 1
            while end < bytes.count, bytes[end] != underscore { end += 1 }
            let word = bytes[start..<end]
            if words == 0, !upper {
                result += word
            } else if asciiAcronyms.contains(where: { $0.count == word.count && $0.elementsEqual(word) }) {
                for byte in word { result.append(capital(byte)) }
            } else {
                result.append(capital(bytes[start]))
                result += bytes[(start + 1)..<end]
            }
            words += 1
            start = end
        }
        return words == 0 ? nil : String(decoding: result, as: UTF8.self)
    }

    private static func capitalizedWord(_ word: String) -> String {
        if acronyms.contains(word) { return word.uppercased() }
        // Names are ASCII almost always; Unicode case mapping costs far more than flipping one byte.
        if let first = word.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
            var bytes = Array(word.utf8)
            bytes[0] -= 32
            return String(decoding: bytes, as: UTF8.self)
        }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// A Swift identifier, escaped with backticks when it is a keyword (`default` → `` `default` ``).
    public static func swiftIdentifier(_ name: String) -> String {
        Keywords.swift.contains(name) ? "`\(name)`" : name
    }

    /// A SQL identifier, double-quoted when PostgreSQL reserves it (`order` → `"order"`).
    ///
    /// Spec names are checked to be lowercase ASCII, so quoting never changes their meaning.
    public static func sqlIdentifier(_ name: String) -> String {
        Keywords.postgres.contains(name) ? "\"\(name)\"" : name
    }

    /// True for `snake_case`: lowercase ASCII letters and digits in words joined by single underscores.
    public static func isSnakeCase(_ name: String) -> Bool {
        // One pass over the bytes: every allowed character is ASCII, so any other byte refuses the name.
        // (Foundation's `contains("__")` went through `CFString` and was a visible share of checking a schema.)
        var previous: UInt8 = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                guard previous != 0 else { return false }
                if byte == UInt8(ascii: "_"), previous == UInt8(ascii: "_") { return false }
            default:
                return false
            }
            previous = byte
        }
        return previous != 0 && previous != UInt8(ascii: "_")
    }

    /// A snake_case name close to `name`, for a hint: its ASCII letters and digits, words joined by single
    /// underscores, starting with a letter. Nil when nothing valid is left (`"__"`, `"123"`, `"é"`).
    public static func suggestedSnakeCase(_ name: String) -> String? {
        let words = snakeCase(name).unicodeScalars
            .split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }
        guard let start = words.firstIndex(where: { $0.unicodeScalars.first.map { ("a"..."z").contains($0) } ?? false })
        else { return nil }
        let suggestion = words[start...].joined(separator: "_")
        return isSnakeCase(suggestion) ? suggestion : nil
    }

    /// An UpperCamelCase name close to `name`, for a hint; nil when nothing valid is left.
    public static func suggestedUpperCamelCase(_ name: String) -> String? {
        suggestedSnakeCase(name).map(upperCamelCase).flatMap { isUpperCamelCase($0) ? $0 : nil }
    }

    /// True for `UpperCamelCase`: an ASCII capital followed by ASCII letters and digits.
    public static func isUpperCamelCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
