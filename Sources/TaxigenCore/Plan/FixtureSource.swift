import Foundation

/// How the generated fixture builds one field's value for the number `n`: the Swift expression it writes,
/// the value that expression gives (for taxigen's own tests), and how many distinct values it can give.
enum FixtureSource: Sendable {
    /// A variant of `base` (a valid text); `varies` makes it depend on `n`.
    case text(base: String, rules: FixtureVariants.TextRules, varies: Bool)
    /// An integer of a Swift type (`Int32`, `Int64`) within bounds.
    case integer(swiftType: String, minimum: Int64, maximum: Int64, start: Int64, varies: Bool)
    /// A double within bounds.
    case double(minimum: Double, maximum: Double, start: Double, varies: Bool)
    /// A decimal on the steps of its field.
    case decimal(FixtureVariants.DecimalSteps, varies: Bool)
    /// A case of an enum type (qualified Swift type name, escaped case names).
    case enumeration(type: String, cases: [String], varies: Bool)
    /// A boolean.
    case bool(Bool, varies: Bool)
    /// A calendar date.
    case date(varies: Bool)
    /// A point in time.
    case timestamp(varies: Bool)
    /// A fresh UUID.
    case uuid
    /// A JSON object.
    case json
    /// A vector of `dimensions` components.
    case vector(dimensions: Int)
    /// `count` items, each from `item` (nil only when `count` is 0).
    indirect case array(item: FixtureSource?, count: Int)
    /// NULL: a nullable field that cannot take enough distinct values, or none at all.
    case null
    /// No value satisfies the field's rules; the reason, for the checker.
    case impossible(String)

    /// A value the expression gives, for checking it against the rules.
    enum Sample: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case double(Double)
        case decimal(Decimal)
        case items([Sample])
        case null
        /// A value with no rule to check beyond its type (bool, date, UUID, JSON, vector, enum case).
        case other(String)
    }

    /// The Swift expression of the value, reading the `Int` named `n`.
    func expression(n: String = "n") -> String {
        switch self {
        case .text(let base, let rules, let varies):
            guard varies else { return SwiftTypeMapping.stringLiteral(base) }
            var arguments = ""
            if let pattern = rules.pattern { arguments += ", pattern: \(SwiftTypeMapping.stringLiteral(pattern))" }
            if rules.minLength > 0 { arguments += ", minLength: \(rules.minLength)" }
            if let max = rules.maxLength { arguments += ", maxLength: \(max)" }
            if let format = rules.format { arguments += ", format: \(SwiftTypeMapping.stringLiteral(format))" }
            return "TestValues.variant(of: \(SwiftTypeMapping.stringLiteral(base)), \(n)\(arguments))"
        case .integer(let type, let minimum, let maximum, let start, let varies):
            guard varies else { return "\(type)(\(start))" }
            return "\(type)(TestValues.integer(\(n), minimum: \(minimum), maximum: \(maximum), start: \(start)))"
        case .double(let minimum, let maximum, let start, let varies):
            guard varies else { return Self.doubleLiteral(start) }
            return "TestValues.double(\(n), minimum: \(Self.doubleLiteral(minimum)), maximum: \(Self.doubleLiteral(maximum)), start: \(Self.doubleLiteral(start)))"
        case .decimal(let steps, let varies):
            guard varies else { return Self.decimalLiteral(steps.start) }
            return "TestValues.decimal(\(n), start: \(Self.decimalLiteral(steps.start)), step: \(Self.decimalLiteral(steps.step)), up: \(steps.up), down: \(steps.down))"
        case .enumeration(let type, let cases, let varies):
            guard varies, cases.count > 1 else {
                // Qualified when it is named like Optional's own cases, which a nullable field would take it for.
                return SwiftTypeMapping.optionalCases.contains(".\(cases[0])") ? "\(type).\(cases[0])" : ".\(cases[0])"
            }
            return "[\(cases.map { "\(type).\($0)" }.joined(separator: ", "))][\(n) % \(cases.count)]"
        case .bool(let value, let varies):
            return varies ? "\(n) % 2 == 0" : (value ? "true" : "false")
        case .date(let varies):
            return varies ? "TestValues.date(\(n))" : "CalendarDate(year: 2024, month: 2, day: 29)!"
        case .timestamp(let varies):
            return varies ? "TestValues.timestamp(\(n))" : "Date(timeIntervalSince1970: 1_700_000_000)"
        case .uuid:
            return "UUID()"
        case .json:
            return "[\"fixture\": .number(Double(\(n)))]"
        case .vector(let dimensions):
            return "Array(repeating: Float(0.5), count: \(dimensions))"
        case .array(let item, let count):
            guard let item, count > 0 else { return "[]" }
            return "Array(repeating: \(item.expression(n: n)), count: \(count))"
        case .null, .impossible:
            return "nil"
        }
    }

    /// The value the expression gives for `n` (computed here with the same derivation the generated tests
    /// call), for taxigen's own tests.
    func sample(_ n: Int) -> Sample {
        switch self {
        case .text(let base, let rules, let varies):
            return .text(FixtureVariants.text(varies ? n : 0, base: base, rules))
        case .integer(_, let minimum, let maximum, let start, let varies):
            return .integer(varies ? FixtureVariants.integer(n, minimum: minimum, maximum: maximum, start: start) : start)
        case .double(let minimum, let maximum, let start, let varies):
            return .double(varies ? FixtureVariants.double(n, minimum: minimum, maximum: maximum, start: start) : start)
        case .decimal(let steps, let varies):
            return .decimal(varies ? FixtureVariants.decimal(n, steps) : steps.start)
        case .enumeration(_, let cases, let varies):
            return .other(varies ? cases[n % cases.count] : cases[0])
        case .bool(let value, let varies):
            return .other(String(varies ? n % 2 == 0 : value))
        case .date(let varies), .timestamp(let varies):
            return .other(varies ? String(n) : "fixed")
        case .uuid:
            return .other(UUID().uuidString)
        case .json, .vector:
            return .other(String(n))
        case .array(let item, let count):
            guard let item, count > 0 else { return .items([]) }
            return .items(Array(repeating: item.sample(n), count: count))
        case .null, .impossible:
            return .null
        }
    }

    /// How many distinct values the source gives as `n` varies (`Int.max` when practically unbounded).
    var capacity: Int {
        switch self {
        case .text(let base, let rules, let varies):
            return varies ? FixtureVariants.textCapacity(base: base, rules, limit: FixtureVariants.requiredCount) : 1
        case .integer(_, let minimum, let maximum, _, let varies):
            return varies ? FixtureVariants.integerCapacity(minimum: minimum, maximum: maximum) : 1
        case .double(let minimum, let maximum, let start, let varies):
            return varies ? FixtureVariants.doubleCapacity(minimum: minimum, maximum: maximum, start: start) : 1
        case .decimal(let steps, let varies):
            return varies ? steps.capacity : 1
        case .enumeration(_, let cases, let varies):
            return varies ? cases.count : 1
        case .bool(_, let varies):
            return varies ? 2 : 1
        case .date(let varies), .timestamp(let varies):
            return varies ? 1_000_000 : 1
        case .uuid, .null:
            return Int.max
        case .json, .vector, .array, .impossible:
            return 1
        }
    }

    /// Whether the source gives NULL (which no unique index counts as a duplicate).
    var isNull: Bool {
        if case .null = self { true } else { false }
    }

    private static func doubleLiteral(_ value: Double) -> String {
        let text = "\(value)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    private static func decimalLiteral(_ value: Decimal) -> String {
        "Decimal(string: \"\(value)\")!"
    }
}
