import Foundation

/// Random specs of one entity whose fields combine the rules the checker accepts (lengths, patterns with
/// examples, formats, numeric bounds, precision and scale, items, unique, nullable, sensitive, immutable,
/// json_data, unique indexes), each rule consistent with the others: anything the checker refuses in them
/// is about the values generated tests can build.
enum RandomSpec {
    /// Patterns as teams write them, with an example each (some leave little room to vary).
    static let patterns: [(pattern: String, example: String)] = [
        ("^[0-9][A-Z]{3}[0-9]{3}$", "7ABC123"), ("^[A-Z]{3}-[A-Z]{4}$", "NYC-MHTN"), ("^\\+[1-9][0-9]{7,14}$", "+14155550123"),
        ("^[A-Z][0-9]{7}$", "D1234567"), ("^[A-Z0-9]{4,12}$", "SUMMER24"), ("^SC-[0-9]{6}$", "SC-000123"),
        ("^[a-f0-9]{32}$", "9f86d081884c7d659a2feaa0c55ad015"), ("^[A-Z]{2}$", "US"), ("^[A-Z]$", "Q"), ("^[0-9]{2}$", "42"),
        ("^x$", "x"), ("^[a-z]+(-[a-z]+)*$", "north-east"), ("^.{3,10}$", "abc"), ("^(AB|CD)[0-9]$", "AB1"),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "1988-04-12"), ("^T[0-9]{9}$", "T000000001"), ("^[A-Za-z]+/[A-Za-z_]+$", "Europe/Paris"),
        ("^(?=.*[0-9])[a-z0-9]{6}$", "abc123"), ("^ch_[A-Za-z0-9]{24}$", "ch_3NfGk2LkdIwHu7ix0p9T2bQz"),
    ]

    /// A spec of one entity with one to five random fields and, sometimes, a unique index over two of them.
    static func make(_ random: inout SeededRandom) -> String {
        var lines = ["entity: Thing"]
        if Bool.random(using: &random) { lines.append("json_data: true") }
        lines.append("fields:")
        var indexable: [String] = []
        let count = Int.random(in: 1...5, using: &random)
        for index in 0..<count {
            let name = "f\(index)"
            let (body, canIndex) = field(&random)
            lines.append("  \(name): { \(body) }")
            if canIndex { indexable.append(name) }
        }
        if indexable.count >= 2, Int.random(in: 0..<3, using: &random) == 0 {
            let pair = indexable.shuffled(using: &random).prefix(2)
            lines.append("indexes:")
            lines.append("  - fields: [\(pair.joined(separator: ", "))]")
            lines.append("    unique: true")
            if Bool.random(using: &random) { lines.append("    include_deleted: true") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One field's flow mapping, and whether it may be in a btree index.
    private static func field(_ random: inout SeededRandom) -> (String, Bool) {
        var keys: [String] = []
        var canBeUnique = true
        var canIndex = true
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1:
            keys += text(&random, sensitive: &canBeUnique)
            canIndex = canBeUnique
        case 2:
            keys += ["type: \(Bool.random(using: &random) ? "int" : "bigint")"] + integerBounds(&random)
        case 3:
            keys.append("type: double")
            let bounds: [String?] = [nil, "-1e308", "-90", "0", "0.5", "1", "5", "1e300"]
            var pair = [bounds.randomElement(using: &random)!, bounds.randomElement(using: &random)!]
            if let a = pair[0], let b = pair[1], Double(a)! > Double(b)! { pair.swapAt(0, 1) }
            if let min = pair[0] { keys.append("minimum: \(min)") }
            if let max = pair[1] { keys.append("maximum: \(max)") }
        case 4:
            keys += decimal(&random)
        case 5:
            let values = ["alpha", "beta", "gamma", "delta"].prefix(Int.random(in: 1...4, using: &random))
            keys.append("type: enum, values: [\(values.joined(separator: ", "))]")
        case 6:
            keys.append(["type: bool", "type: date", "type: timestamp", "type: uuid"].randomElement(using: &random)!)
        case 7:
            keys += array(&random)
            canBeUnique = false
            canIndex = false
        case 8:
            keys.append("type: json")
            canBeUnique = false
            canIndex = false
        default:
            keys.append("type: ref, entity: Thing")
        }
        if Bool.random(using: &random) { keys.append("nullable: true") }
        if canBeUnique, Bool.random(using: &random) { keys.append("unique: true") }
        if Int.random(in: 0..<4, using: &random) == 0 { keys.append("immutable: true") }
        return (keys.joined(separator: ", "), canIndex)
    }

    private static func text(_ random: inout SeededRandom, sensitive: inout Bool) -> [String] {
        var keys: [String] = []
        let isString = Bool.random(using: &random)
        var exampleLength = 0
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:
            let chosen = patterns.randomElement(using: &random)!
            keys += ["pattern: \(quoted(chosen.pattern))", "example: \(quoted(chosen.example))"]
            exampleLength = chosen.example.unicodeScalars.count
        case 2:
            keys.append("format: \(Bool.random(using: &random) ? "email" : "url")")
        default:
            break
        }
        let min = Int.random(in: 0...max(0, exampleLength == 0 ? 12 : exampleLength), using: &random)
        let max = exampleLength == 0 ? Swift.max(min, 1) + Int.random(in: 0...30, using: &random)
            : exampleLength + Int.random(in: 0...4, using: &random)
        if isString || Bool.random(using: &random) { keys.append("max_length: \(max)") }
        if min > 0, Bool.random(using: &random) { keys.append("min_length: \(min)") }
        keys.insert("type: \(isString ? "string" : "text")", at: 0)
        if isString, !keys.contains(where: { $0.hasPrefix("max_length") }) { keys.append("max_length: \(max)") }
        if Int.random(in: 0..<4, using: &random) == 0 {
            keys.append("sensitive: true")
            sensitive = false
        }
        return keys
    }

    private static func integerBounds(_ random: inout SeededRandom) -> [String] {
        let bounds: [Int64?] = [nil, Int64(Int32.min), -5, 0, 1, 7, 2_147_483_000, Int64(Int32.max)]
        var pair = [bounds.randomElement(using: &random)!, bounds.randomElement(using: &random)!]
        if let a = pair[0], let b = pair[1], a > b { pair.swapAt(0, 1) }
        var result: [String] = []
        if let min = pair[0] { result.append("minimum: \(min)") }
        if let max = pair[1] { result.append("maximum: \(max)") }
        return result
    }

    private static func decimal(_ random: inout SeededRandom) -> [String] {
        let precision = Int.random(in: 1...24, using: &random)
        let scale = Int.random(in: 0...precision, using: &random)
        var keys = ["type: decimal", "precision: \(precision)", "scale: \(scale)"]
        func number() -> Decimal {
            let integerDigits = Int.random(in: 0...min(precision - scale, 6), using: &random)
            let fractionDigits = Int.random(in: 0...min(scale, 4), using: &random)
            let integer = integerDigits == 0 ? "0" : String((0..<integerDigits).map { _ in "0123456789".randomElement(using: &random)! })
            let fraction = String((0..<fractionDigits).map { _ in "0123456789".randomElement(using: &random)! })
            let sign = Bool.random(using: &random) ? "-" : ""
            return Decimal(string: sign + integer + (fraction.isEmpty ? "" : "." + fraction))!
        }
        var bounds: [Decimal?] = [Bool.random(using: &random) ? number() : nil, Bool.random(using: &random) ? number() : nil]
        if let a = bounds[0], let b = bounds[1], a > b { bounds.swapAt(0, 1) }
        if let min = bounds[0] { keys.append("minimum: \(min)") }
        if let max = bounds[1] { keys.append("maximum: \(max)") }
        return keys
    }

    private static func array(_ random: inout SeededRandom) -> [String] {
        let minItems = Int.random(in: 0...2, using: &random)
        var keys: [String] = []
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            keys += ["type: array", "items: string", "max_length: \(Int.random(in: 1...20, using: &random))"]
        case 1:
            let chosen = patterns.randomElement(using: &random)!
            let length = chosen.example.unicodeScalars.count + Int.random(in: 0...3, using: &random)
            keys += ["type: array", "items: string", "max_length: \(length)", "pattern: \(quoted(chosen.pattern))"]
            if Bool.random(using: &random) {
                keys.append("default: [\(Array(repeating: quoted(chosen.example), count: max(1, minItems)).joined(separator: ", "))]")
            }
        case 2:
            keys += ["type: array", "items: \(Bool.random(using: &random) ? "int" : "bigint")"] + integerBounds(&random)
        default:
            keys += ["type: array", "items: \(["double", "bool", "uuid", "text"].randomElement(using: &random)!)"]
        }
        if minItems > 0 { keys.append("min_items: \(minItems)") }
        if Bool.random(using: &random) { keys.append("max_items: \(minItems + Int.random(in: 1...4, using: &random))") }
        return keys
    }

    /// A YAML double-quoted string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
