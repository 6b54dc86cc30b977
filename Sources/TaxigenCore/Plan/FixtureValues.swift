import TaxiwayRules
import Foundation

/// Decides the values generated tests use: a valid value of every field for a number `n` (distinct per `n`
/// where the field is unique or part of a unique index), and the values on both sides of every bound.
enum FixtureValues {
    /// Why the fixture of an entity cannot be built as the spec stands, for the checker to report.
    struct Problem: Sendable {
        /// The field at fault, if it is one field.
        let column: Column?
        /// The declared index at fault, if it is an index.
        let index: Index?
        /// The spec key of the field the diagnostic points at (`example`, `unique`, …), if any.
        let key: String?
        let message: String
        let hint: String
    }

    /// Every writable column's source and the problems found deciding them.
    struct Plan: Sendable {
        let sources: [String: FixtureSource]
        let problems: [Problem]
        /// How many rows with distinct unique values the fixture can make, when a unique field or index
        /// allows fewer than ``FixtureVariants/requiredCount`` (a unique `bool`, an enum, a short code): the
        /// generated repository tests then give each check a database of its own and number its rows from 1,
        /// making at most this many. Nil when the fixture has room for every row the tests make.
        let rowLimit: Int?

        /// The source of a column (NULL for a column the plan does not know).
        func source(of column: Column) -> FixtureSource { sources[column.name] ?? .null }
    }

    /// The declared indexes that enforce uniqueness over several columns or with their own rows.
    static func uniqueIndexes(of entity: Entity) -> [Index] {
        let declared = entity.indexes.filter { $0.isUnique && $0.origin == .declared }
        guard let key = entity.traits.tenantKey else { return declared }
        // A tenant-scoped entity's unique indexes lead with the tenant key, which every row of a test shares:
        // read without it, they say what the test's values must vary on.
        return declared.map { index in
            Index(name: index.name, columns: index.columns.filter { $0 != key }, isUnique: true, kind: index.kind,
                  isPartial: index.isPartial, operatorClass: index.operatorClass, origin: index.origin, location: index.location)
        }
    }

    /// Decides every writable column's source: columns that must differ from row to row (unique, or in a
    /// unique index) vary with `n`; a nullable one that cannot yield enough distinct values is left NULL,
    /// and a required one is a problem.
    static func plan(_ entity: Entity) -> Plan {
        let required = FixtureVariants.requiredCount
        let indexes = uniqueIndexes(of: entity)
        let indexed = Set(indexes.flatMap(\.columns))
        var sources: [String: FixtureSource] = [:]
        var problems: [Problem] = []
        var rowLimit: Int?
        /// A unique constraint the fixture can satisfy for only `capacity` rows: tests work within it when it
        /// is at least two (a check needs two rows at once); one row is too few to test.
        func limit(_ capacity: Int) -> Bool {
            guard capacity >= 2 else { return false }
            rowLimit = min(rowLimit ?? capacity, capacity)
            return true
        }
        for column in entity.writableColumns {
            var source = source(column, in: entity, varies: column.isUnique || indexed.contains(column.name))
            if case .impossible(let reason) = source {
                if column.isNullable {
                    source = .null
                } else {
                    problems.append(Problem(column: column, index: nil, key: column.example == nil ? nil : "example",
                                            message: "generated tests cannot build a value of field '\(column.name)': \(reason)",
                                            hint: "relax the field's rules so that some value satisfies all of them"))
                }
            } else if column.isUnique, source.capacity < required {
                if column.isNullable {
                    source = .null
                } else if limit(source.capacity) {
                    // Tests make at most `rowLimit` rows per database.
                } else {
                    problems.append(capacityProblem(column, source: source))
                }
            }
            sources[column.name] = source
        }
        for index in indexes {
            let members = index.columns.map { name in entity.column(named: name) }
            // The key differs on every row, and NULL (a deleted_at, a nullable field left NULL) never collides.
            if members.contains(where: { $0?.role == .primaryKey || $0?.role == .deletedAt }) { continue }
            let capacities = members.map { member in member.flatMap { sources[$0.name] }?.capacity ?? 1 }
            if capacities.contains(where: { $0 >= required }) { continue }
            if capacities.reduce(1, { lcm($0, $1, cap: required) }) >= required { continue }
            if let nullable = members.compactMap({ $0 }).first(where: { $0.isNullable && $0.role == .field }) {
                sources[nullable.name] = .null
                continue
            }
            if limit(capacities.reduce(1, { lcm($0, $1, cap: required) })) { continue }
            problems.append(Problem(
                column: nil, index: index, key: nil,
                message: "unique index over \(index.columns.joined(separator: ", ")) allows only \(capacities.reduce(1, { lcm($0, $1, cap: required) })) rows with the values generated tests can derive; they need at least 2",
                hint: "add a field that differs from row to row (a ref, a code with an example that can vary, a number with a wide range) to the index"))
        }
        return Plan(sources: sources, problems: problems, rowLimit: rowLimit)
    }

    private static func lcm(_ a: Int, _ b: Int, cap: Int) -> Int {
        func gcd(_ x: Int, _ y: Int) -> Int { y == 0 ? x : gcd(y, x % y) }
        guard a < cap, b < cap, a > 0, b > 0 else { return cap }
        return min(cap, a / gcd(a, b) * b)
    }

    /// A unique field that allows fewer than the two rows a check needs at once.
    private static func capacityProblem(_ column: Column, source: FixtureSource) -> Problem {
        let required = 2
        let count = source.capacity
        let name = column.name
        switch source {
        case .text(let base, let rules, _):
            var limits: [String] = []
            if let pattern = rules.pattern { limits.append("its pattern '\(pattern)'") }
            if let max = rules.maxLength { limits.append("max_length \(max)") }
            if let format = rules.format { limits.append("format \(format)") }
            let within = limits.isEmpty ? "" : " within " + limits.joined(separator: " and ")
            if let example = column.example {
                return Problem(column: column, index: nil, key: "example",
                               message: "field '\(name)' is unique and its example '\(example)' can be varied into only \(count) distinct values\(within); generated tests need \(required)",
                               hint: "give an example with room to vary (more characters the pattern lets change, e.g. digits or letters in a class), or widen max_length")
            }
            return Problem(column: column, index: nil, key: "unique",
                           message: "field '\(name)' is unique but generated tests can derive only \(count) distinct values from '\(base)'\(within); they need \(required)",
                           hint: "widen max_length, or drop `unique`")
        case .enumeration, .bool:
            return Problem(column: column, index: nil, key: "unique",
                           message: "field '\(name)' is unique but has only \(count) value\(count == 1 ? "" : "s"), so at most \(count) active row\(count == 1 ? "" : "s") can exist at once; generated tests need \(required)",
                           hint: "drop `unique` (or make the field nullable: NULL never collides), or use a unique index over this field and one that differs per row")
        default:
            return Problem(column: column, index: nil, key: "unique",
                           message: "field '\(name)' is unique but its bounds allow only \(count) distinct values; generated tests need \(required)",
                           hint: "widen minimum/maximum (or precision), or drop `unique`")
        }
    }

    /// The source of one column; `varies` asks for values that differ with `n`.
    static func source(_ column: Column, in entity: Entity, varies: Bool) -> FixtureSource {
        let rules = column.rules
        switch column.type {
        case .string, .text, .sealed:
            return textSource(rules: rules, maxLength: textMaxLength(column), example: column.example, seed: column.name)
        case .int, .bigint:
            let (low, high) = column.type == .int ? (Int64(Int32.min), Int64(Int32.max)) : (Int64.min, Int64.max)
            return integerSource(rules, low: low, high: high, swiftType: column.type == .int ? "Int32" : "Int64", varies: varies)
        case .double:
            return doubleSource(rules, varies: varies)
        case .decimal(let precision, let scale):
            return .decimal(FixtureVariants.decimalSteps(precision: precision, scale: scale, minimum: rules.minimum.map(decimal),
                                                         maximum: rules.maximum.map(decimal)), varies: varies)
        case .bool:
            if case .bool(let value)? = column.defaultValue { return .bool(value, varies: varies) }
            return .bool(true, varies: varies)
        case .date:
            return .date(varies: varies)
        case .timestamp:
            return .timestamp(varies: varies)
        case .uuid, .ref, .primaryKey:
            return .uuid
        case .json:
            return .json
        case .vector(let dimensions, _):
            return .vector(dimensions: dimensions)
        case .enumeration(let enumType):
            return .enumeration(type: "\(entity.name).\(enumType.swiftName)", cases: enumType.swiftCases, varies: varies)
        case .array(let item):
            let count = max(rules.minItems ?? 0, min(1, rules.maxItems ?? 1))
            guard count > 0 else { return .array(item: nil, count: 0) }
            let itemSource = itemSource(item, rules: rules, defaultValue: column.defaultValue)
            if case .impossible(let reason) = itemSource {
                // An empty list is valid where no items are required.
                if (rules.minItems ?? 0) == 0 { return .array(item: nil, count: 0) }
                return .impossible("it needs at least \(count) item\(count == 1 ? "" : "s") and \(reason)")
            }
            return .array(item: itemSource, count: count)
        }
    }

    /// The source of one item of an array field.
    static func itemSource(_ item: ArrayItemType, rules: ValidationRules, defaultValue: DefaultValue?) -> FixtureSource {
        switch item {
        case .string, .text:
            // An item of the field's default is a valid item; without one, a patterned item cannot be invented.
            var example: String?
            if case .array(let items)? = defaultValue, case .string(let text)? = items.first { example = text }
            if rules.pattern != nil, example == nil {
                return .impossible("no item matching its pattern is known (give the field a `default:` list with one)")
            }
            return textSource(rules: rules, maxLength: rules.maxLength, example: example, seed: "item")
        case .int:
            return integerSource(rules, low: Int64(Int32.min), high: Int64(Int32.max), swiftType: "Int32", varies: false)
        case .bigint:
            return integerSource(rules, low: .min, high: .max, swiftType: "Int64", varies: false)
        case .double:
            return doubleSource(rules, varies: false)
        case .bool:
            return .bool(true, varies: false)
        case .uuid:
            return .uuid
        }
    }

    private static func textMaxLength(_ column: Column) -> Int? {
        if case .string(let max) = column.type { max } else { column.rules.maxLength }
    }

    private static func textSource(rules: ValidationRules, maxLength: Int?, example: String?, seed: String) -> FixtureSource {
        let textRules = FixtureVariants.TextRules(minLength: rules.minLength ?? 0, maxLength: maxLength, pattern: rules.pattern,
                                                  format: rules.format?.rawValue)
        if let example, FixtureVariants.isValid(example, textRules) {
            return .text(base: example, rules: textRules, varies: true)
        }
        guard rules.pattern == nil, let base = FixtureVariants.base(seed: seed, textRules) else {
            var reason = "no text satisfies its length"
            if rules.format != nil { reason += " and format" }
            if rules.pattern != nil { reason += " and pattern" }
            return .impossible(reason + " rules")
        }
        return .text(base: base, rules: textRules, varies: true)
    }

    private static func integerSource(_ rules: ValidationRules, low: Int64, high: Int64, swiftType: String,
                                      varies: Bool) -> FixtureSource {
        let minimum = rules.minimum.flatMap { Int64($0.text) } ?? low
        let maximum = rules.maximum.flatMap { Int64($0.text) } ?? high
        return .integer(swiftType: swiftType, minimum: minimum, maximum: maximum, start: min(max(1, minimum), maximum),
                        varies: varies)
    }

    private static func doubleSource(_ rules: ValidationRules, varies: Bool) -> FixtureSource {
        let minimum = rules.minimum?.value ?? -Double.greatestFiniteMagnitude
        let maximum = rules.maximum?.value ?? Double.greatestFiniteMagnitude
        return .double(minimum: minimum, maximum: maximum, start: min(max(1, minimum), maximum), varies: varies)
    }

    /// The exact `Decimal` of a spec number (the checker keeps decimal bounds within `Decimal`'s 38 digits).
    static func decimal(_ number: NumberLiteral) -> Decimal {
        let significand = Decimal(string: number.digits.isEmpty ? "0" : number.digits) ?? 0
        return Decimal(sign: number.isNegative ? .minus : .plus, exponent: number.exponent, significand: significand)
    }

    /// The bound cases of a column: for each of its ``Column/valueRules`` that has a bound, a value just inside
    /// and one just outside, titled by the rule's own wording.
    static func boundCases(_ column: Column, in entity: Entity) -> [BoundCaseContext] {
        let field = column.name
        var cases: [BoundCaseContext] = []
        func add(_ rule: ValidationRuleID, _ title: String, valid: String, invalid: String, each: Bool = false) {
            cases.append(BoundCaseContext(
                functionName: Naming.lowerCamelCase("\(column.name)_\(rule.rawValue)"),
                title: "\(field): \(title)", property: column.swiftName, rule: rule.rawValue,
                issueField: SwiftTypeMapping.stringLiteral(each ? "\(field)[0]" : field), validValue: valid, invalidValue: invalid))
        }
        let itemType: FieldType
        var element = ""
        var textItems = false
        if case .array(let item) = column.type {
            itemType = item.fieldType(maxLength: 1)
            textItems = item == .string || item == .text
            // Only the rule at hand is asserted, so any item of the type will do where no valid one is known.
            element = itemSource(item, rules: column.rules, defaultValue: column.defaultValue).expression(n: "1")
            if element == "nil" { element = "\"a\"" }
        } else {
            itemType = column.type
        }
        for rule in column.valueRules {
            let title = rule.summary
            switch (rule.kind, rule.eachItem) {
            case (.minLength(let min), false):
                add(.minLength, title, valid: "String(repeating: \"a\", count: \(min))", invalid: "String(repeating: \"a\", count: \(min - 1))")
            case (.maxLength(let max), false):
                add(.maxLength, title, valid: "String(repeating: \"a\", count: \(max))", invalid: "String(repeating: \"a\", count: \(max + 1))")
            case (.maxLength(let max), true) where textItems:
                add(.maxLength, title, valid: "[String(repeating: \"a\", count: \(max))]",
                    invalid: "[String(repeating: \"a\", count: \(max + 1))]", each: true)
            case (.format(let format), _):
                add(.format, title, valid: format == .email ? "TestValues.email(1)" : "TestValues.url(1)",
                    invalid: "\"not a valid \(format.rawValue)\"")
            case (.pattern(let pattern), false):
                if let example = column.example, let mismatch = mismatching(pattern) {
                    add(.pattern, "matches its pattern", valid: SwiftTypeMapping.stringLiteral(example),
                        invalid: SwiftTypeMapping.stringLiteral(mismatch))
                }
            case (.noNullCharacter, false):
                add(.nullCharacter, title, valid: "\"a\"", invalid: "\"a\\u{0}b\"")
            case (.noNullCharacter, true):
                add(.nullCharacter, title, valid: "[\(element)]", invalid: "[\"a\\u{0}b\"]", each: true)
            case (.minimum(let min), let each):
                if let below = step(min, by: -1, for: itemType) {
                    let valid = SwiftTypeMapping.boundLiteral(min, for: itemType)
                    add(.minimum, title, valid: each ? "[\(valid)]" : valid, invalid: each ? "[\(below)]" : below, each: each)
                }
            case (.maximum(let max), let each):
                if let above = step(max, by: 1, for: itemType) {
                    let valid = SwiftTypeMapping.boundLiteral(max, for: itemType)
                    add(.maximum, title, valid: each ? "[\(valid)]" : valid, invalid: each ? "[\(above)]" : above, each: each)
                }
            case (.decimalDigits(let precision, let scale), _):
                // The smallest step of the scale, and one a tenth of it; the largest value that fits, and the
                // smallest power of ten that does not.
                let fraction = { (places: Int) in places == 0 ? "1" : "0." + String(repeating: "0", count: places - 1) + "1" }
                let integerDigits = precision - scale
                let largest = (integerDigits == 0 ? "0" : String(repeating: "9", count: integerDigits))
                    + (scale == 0 ? "" : "." + String(repeating: "9", count: scale))
                // Foundation's `Decimal` holds 38 significant digits and exponents down to -128: past that a
                // boundary value cannot be written exactly, so there is no case for it.
                if scale < 127 {
                    add(.scale, RuleWording.scale(scale), valid: decimalLiteral(fraction(scale)),
                        invalid: decimalLiteral(fraction(scale + 1)))
                }
                if precision <= 38 {
                    add(.precision, RuleWording.precision(integerDigits: integerDigits), valid: decimalLiteral(largest),
                        invalid: decimalLiteral("1" + String(repeating: "0", count: integerDigits)))
                }
            case (.minItems(let min), _):
                add(.minItems, title, valid: "Array(repeating: \(element), count: \(min))",
                    invalid: "Array(repeating: \(element), count: \(min - 1))")
            case (.maxItems(let max), _):
                add(.maxItems, title, valid: "Array(repeating: \(element), count: \(max))",
                    invalid: "Array(repeating: \(element), count: \(max + 1))")
            case (.dimensions(let dimensions), _):
                add(.dimensions, title, valid: "Array(repeating: Float(0.5), count: \(dimensions))",
                    invalid: "Array(repeating: Float(0.5), count: \(dimensions + 1))")
            default:
                // Item lengths of non-text items, item patterns, finiteness, timestamps, JSON, enum values and the
                // version have no bound a single value sits just inside of (their checks are the runtime's own
                // tests').
                break
            }
        }
        return cases
    }

    /// A short text that does not match `pattern`, for the invalid side of its bound case; nil when the
    /// pattern matches every candidate (`.*`).
    static func mismatching(_ pattern: String) -> String? {
        ["\u{7}", "", "\u{7}\u{7}\u{7}", "~!~", " ", "\n", "0", "a", "A", "-", "\u{7}" + String(repeating: "a", count: 40)]
            .first { RegexCache.evaluate($0, pattern: pattern) == .mismatch }
    }

    /// A Swift expression for the exact decimal written as `text` (digits and at most one point).
    private static func decimalLiteral(_ text: String) -> String {
        "Decimal(string: \"\(text)\")!"
    }

    /// The smallest step past a bound, in the field's own type; nil when the type cannot go past it.
    private static func step(_ bound: NumberLiteral, by direction: Int, for type: FieldType) -> String? {
        let literal = SwiftTypeMapping.numberLiteral(bound, for: type)
        switch type {
        case .int:
            guard let value = Int64(bound.text) else { return nil }
            let next = value + Int64(direction)
            return next < Int64(Int32.min) || next > Int64(Int32.max) ? nil : "Int32(\(next))"
        case .bigint:
            guard let value = Int64(bound.text), direction < 0 ? value > Int64.min : value < Int64.max else { return nil }
            return "Int64(\(literal)) \(direction < 0 ? "-" : "+") 1"
        case .double:
            return "(\(literal) as Double).\(direction < 0 ? "nextDown" : "nextUp")"
        case .decimal(_, let scale):
            // The scale's own step where `Decimal` can add it exactly (38 digits, exponents from -128), else a
            // coarser one: the value only has to lie past the bound.
            let magnitude = bound.isZero ? 0 : bound.digits.count + bound.exponent - 1
            let exponent = max(-scale, magnitude - 30, -100)
            let unit = "Decimal(sign: .plus, exponent: \(exponent), significand: 1)"
            return "(\(literal) as Decimal) \(direction < 0 ? "-" : "+") \(unit)"
        default:
            return nil
        }
    }
}
