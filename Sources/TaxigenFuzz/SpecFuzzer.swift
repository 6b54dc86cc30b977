/// Builds random spec projects from the spec format's grammar: every type and key, with names and values
/// drawn from ordinary and adversarial pools (``FuzzVocabulary``), so that the judges see what users write
/// and what attackers write. The same seed always gives the same project.
public struct SpecFuzzer: Sendable {
    private var random: SeededGenerator
    private let seed: UInt64

    /// A fuzzer whose projects follow from `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        random = SeededGenerator(seed: seed)
    }

    /// The project of this seed: one to four entities, a module name, refs between them.
    public mutating func project() -> FuzzProject {
        let count = Int.random(in: 1...4, using: &random)
        // Two projects in three are tame (a rare adversarial choice, so that many are accepted and reach
        // the judges); the rest are hostile.
        let hostility = random.chance(65) ? 2 : 45
        var entities: [String] = []
        while entities.count < count {
            let name = entityName(hostility: hostility)
            if !entities.contains(name) || random.chance(10) { entities.append(name) }
        }
        var specs: [FuzzProject.SpecFile] = []
        var intended: [FuzzProject.IntendedDefault] = []
        for (index, entity) in entities.enumerated() {
            var spec = SpecBuilder(entity: entity, others: entities, hostility: hostility)
            let text = spec.build(using: &random)
            intended += spec.intended
            specs.append(FuzzProject.SpecFile(path: "specs/e\(index).yaml", text: text))
        }
        let module = !random.chance(hostility / 3) ? "FuzzDomain" : random.pick(["Taxiway", "Foundation", "Testing", "PostgresNIO",
                                                                  "TaxiwayTesting", "Swift", entities[0], "Domain", "NIOCore"])
        var project = FuzzProject(seed: seed, moduleName: module, specs: specs, intendedDefaults: intended)
        if random.chance(20) {
            project.tenancy = random.chance(hostility)
                ? random.pick(["{ key: created_at }", "{ key: Tenant }", "{ key: \(String(repeating: "t", count: 64)) }", "tenant_id",
                               "{ key: tenant_id, extra: 1 }", "{ key: data }", "{ key: \(YAMLText.scalar(entities[0])) }"])
                : random.pick(["{ key: tenant_id }", "{ }", "{ key: org_id }"])
        }
        return project
    }

    private mutating func entityName(hostility: Int) -> String {
        guard random.chance(hostility) else { return random.pick(FuzzVocabulary.ordinaryEntities) }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<80: return random.pick(FuzzVocabulary.adversarialEntities)
        case 80..<90: return FuzzVocabulary.longName(random.pick(["Order", "VeryLongEntity"]), bytes: random.pick([55, 58, 59, 60, 61, 62, 63, 64, 70]))
        default: return random.pick(["lowercase", "Snake_Case", "Ünïcode", "1Leading", "With Space", "Tab\tName", ""])
        }
    }
}

/// Builds one spec's YAML text and records the defaults it means.
struct SpecBuilder {
    let entity: String
    let others: [String]
    /// The chance, in percent, of each adversarial choice.
    let hostility: Int
    private(set) var intended: [FuzzProject.IntendedDefault] = []
    private var lines: [String] = []
    private var fieldNames: [String] = []
    /// The fields a btree index may hold (not json, array, vector or sensitive).
    private var btreeFields: [String] = []
    /// The btree fields with a handful of values (bool, enum): a unique index of only these (and the audit
    /// timestamps, which rows written together share) cannot hold the rows generated tests make.
    private var fewValueFields: Set<String> = []
    /// Each field's declared type (`string`, `enum`, …), for named queries.
    private var fieldTypes: [String: String] = [:]
    /// The values of each enum field, for named queries.
    private var enumValues: [String: [String]] = [:]
    /// The nullable fields, for `null` conditions in named queries.
    private var nullableFields: Set<String> = []

    init(entity: String, others: [String], hostility: Int) {
        self.entity = entity
        self.others = others
        self.hostility = hostility
    }

    /// An ordinary choice, or (at the spec's hostility) an adversarial one.
    private func mix<T>(_ ordinary: [T], _ adversarial: [T], using random: inout SeededGenerator) -> T {
        random.chance(hostility) ? random.pick(adversarial) : random.pick(ordinary)
    }

    mutating func build(using random: inout SeededGenerator) -> String {
        lines.append("entity: \(YAMLText.scalar(entity))")
        if random.chance(hostility / 2) {
            lines.append("table: \(YAMLText.scalar(tableName(using: &random)))")
        }
        if random.chance(40) {
            lines.append("description: \(YAMLText.quoted(text(using: &random)))")
        }
        if random.chance(15) { lines.append("json_data: true") }
        traits(using: &random)
        let fieldCount = random.chance(hostility / 20) ? Int.random(in: 990...1010, using: &random) : Int.random(in: 0...9, using: &random)
        lines.append("fields:")
        for index in 0..<fieldCount {
            var name = fieldCount > 100 ? "f\(index)" : fieldName(using: &random)
            while fieldNames.contains(name), !random.chance(hostility / 3) { name = fieldName(using: &random) }
            let definition = fieldCount > 100 ? YAMLText.Node.map([YAMLText.Entry("type", .plain("int"))]) : field(name, using: &random)
            lines.append("  \(YAMLText.scalar(name)): \(YAMLText.flow(definition))")
            fieldNames.append(name)
            if case .map(let entries) = definition {
                if case .plain(let type)? = entries.first(where: { $0.key == "type" })?.value {
                    fieldTypes[name] = entries.contains(where: { $0.key == "sensitive" }) ? "sensitive" : type
                }
                if case .list(let values)? = entries.first(where: { $0.key == "values" })?.value {
                    enumValues[name] = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
                }
                if entries.contains(where: { $0.key == "nullable" }) { nullableFields.insert(name) }
            }
            if case .map(let entries) = definition, !entries.contains(where: { $0.key == "sensitive" }),
               case .plain(let type)? = entries.first(where: { $0.key == "type" })?.value,
               !["json", "array", "vector"].contains(type), !entries.contains(where: { $0.key == "unique" }) {
                btreeFields.append(name)
                if ["bool", "enum"].contains(type) { fewValueFields.insert(name) }
            }
        }
        if !fieldNames.isEmpty, random.chance(40) {
            lines.append("indexes:")
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                lines.append("  - \(YAMLText.flow(index(using: &random)))")
            }
            // A well-formed prefix index now and then, so accepted projects carry some to the judges.
            let textual = btreeFields.filter { ["string", "text"].contains(fieldTypes[$0] ?? "") }
            if !textual.isEmpty, random.chance(50) {
                let entry = YAMLText.Node.map([YAMLText.Entry("fields", .list([.string(random.pick(textual))])),
                                               YAMLText.Entry("prefix", .plain("true"))])
                lines.append("  - \(YAMLText.flow(entry))")
            }
        }
        if !fieldNames.isEmpty, fieldCount < 100, random.chance(35) {
            lines.append("queries:")
            var names: [String] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                var name = mix(["by_owner", "recent", "open_items", "paid_since", "q1", "find_all_active"],
                               ["default", "list", "count", "Bad Name", "class", "soft_delete", "find_by_x", "a-b", ""],
                               using: &random)
                if names.contains(name), !random.chance(hostility / 3) { name += "_\(names.count)" }
                names.append(name)
                lines.append("  \(YAMLText.scalar(name)): \(YAMLText.flow(query(using: &random)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Traits

    /// The entity-level traits: a change history, append-only storage, an access log (alone, together, or
    /// written wrong at the spec's hostility).
    private mutating func traits(using random: inout SeededGenerator) {
        if random.chance(12) {
            lines.append("history: " + mix(["true"], ["false", "yes", "[true]", "{ }", "\"true\""], using: &random))
        }
        if random.chance(8) {
            let partitioned = "{ partition: { interval: \(random.pick(["day", "week", "month"])), ahead: \(Int.random(in: 1...6, using: &random)) } }"
            lines.append("append_only: " + mix(["true", partitioned],
                                               ["false", "on", "[]", "\"\"", "{ partition: month }", "{ partition: { by: id } }",
                                                "{ partition: { interval: year } }", "{ partition: { ahead: 0 } }"], using: &random))
        }
        if random.chance(8) {
            lines.append("tenant_scoped: " + mix(["false", "true"], ["maybe", "[]"], using: &random))
        }
        if random.chance(10) {
            lines.append("access_log: " + mix(["true"], ["1", "null", "[true, false]"], using: &random))
        }
        // A former table name (a fresh project has no snapshot: the checker's rules alone apply).
        if random.chance(6) {
            lines.append("renamed_from: " + mix(["legacy_records", "[old_items, older_items]"],
                                                ["\"Bad Name\"", "[]", "[x, x]", "{ table: y }"], using: &random))
        }
    }

    // MARK: Named queries

    /// A named query: conditions on the spec's fields (constants, parameters, `null`, operators) and an ordering,
    /// mostly fitting each field's type, sometimes not.
    private mutating func query(using random: inout SeededGenerator) -> YAMLText.Node {
        var entries: [YAMLText.Entry] = []
        if random.chance(30) { entries.append(YAMLText.Entry("description", .string(text(using: &random)))) }
        var conditions: [YAMLText.Entry] = []
        var used: Set<String> = []
        for number in 0..<Int.random(in: 0...3, using: &random) {
            let field = mix(fieldNames + ["created_at", "updated_at"], ["nope", "deleted_at", "version", "data", "id"],
                            using: &random)
            if used.contains(field), !random.chance(hostility / 3) { continue }
            used.insert(field)
            conditions.append(YAMLText.Entry(field, condition(on: field, number: number, using: &random)))
        }
        if !conditions.isEmpty || random.chance(50) { entries.append(YAMLText.Entry("where", .map(conditions))) }
        if random.chance(50) {
            var terms: [YAMLText.Node] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let field = mix(btreeFields + ["created_at", "updated_at"], fieldNames + ["nope", "-"], using: &random)
                let direction = random.chance(50) ? "-" : ""
                let nulls = random.chance(20) ? random.pick([" nulls first", " nulls last", " nulls middle"]) : ""
                terms.append(.string(direction + field + nulls))
            }
            entries.append(YAMLText.Entry("order_by", .list(terms)))
        }
        if random.chance(hostility / 4) { entries.append(YAMLText.Entry("limit", .plain("10"))) }
        return .map(entries)
    }

    /// One condition of a named query on `field`.
    private mutating func condition(on field: String, number: Int, using random: inout SeededGenerator) -> YAMLText.Node {
        let type = ["created_at": "timestamp", "updated_at": "timestamp"][field] ?? fieldTypes[field] ?? "text"
        let parameter = YAMLText.Node.plain("$p\(number)")
        if random.chance(hostility / 2) {
            return random.pick([.plain("null"), .plain("not_null"), .plain("[1, 2]"), .string("x"), .plain("12"),
                                .map([YAMLText.Entry("between", parameter)]), .map([YAMLText.Entry("gt", .plain("null"))]),
                                .map([YAMLText.Entry("in", .list([]))]), .plain("$"), .plain("$Bad")])
        }
        if nullableFields.contains(field), random.chance(25) { return .plain(random.pick(["null", "not_null"])) }
        switch type {
        case "enum":
            let values = enumValues[field] ?? ["a"]
            return random.chance(50) ? .string(random.pick(values))
                : .map([YAMLText.Entry("in", random.chance(50) ? .list(values.prefix(2).map { .string($0) }) : parameter)])
        case "int", "bigint", "double", "decimal", "date", "timestamp":
            let operation = random.pick(["eq", "ne", "lt", "lte", "gt", "gte"])
            return random.chance(70) ? .map([YAMLText.Entry(operation, parameter)]) : parameter
        case "string", "text":
            return random.chance(50) ? .map([YAMLText.Entry("prefix", random.chance(50) ? parameter : .string("A%_"))]) : parameter
        case "array":
            return .map([YAMLText.Entry(random.pick(["contains", "overlaps"]), parameter)])
        case "json":
            return .map([YAMLText.Entry("contains", .map([YAMLText.Entry("k", .plain("true"))]))])
        default:
            return parameter
        }
    }

    private mutating func tableName(using random: inout SeededGenerator) -> String {
        random.pick([
            "ix_customers_version", "pk_customers", "pk_products", "ix_products_version", "foo", "foo_bar", "bar_baz",
            "pg_class", "pg_type", "vector", "text", "int4", "numeric", "customers", "products", "order", "user",
            "_private", "information_schema", "public", "taxiway_touch_row", "trg_customers_touch",
            FuzzVocabulary.longName("t", bytes: random.pick([60, 61, 62, 63, 64])), "Customers", "two__underscores",
        ])
    }

    private func text(using random: inout SeededGenerator) -> String {
        mix(["A plain description.", "The rider's phone number.", "Used by the billing team; see the runbook."],
            FuzzVocabulary.adversarialTexts, using: &random)
    }

    private mutating func fieldName(using random: inout SeededGenerator) -> String {
        guard random.chance(hostility) else { return random.pick(FuzzVocabulary.ordinaryFields) }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<85: return random.pick(FuzzVocabulary.adversarialFields)
        case 85..<95: return FuzzVocabulary.longName(random.pick(["field_", "a_very_long_field_name_"]), bytes: random.pick([55, 60, 62, 63, 64, 80]))
        default: return random.pick(["Name", "camelCase", "ünï", "with space", "trailing_", "__x", "9lives", ""])
        }
    }

    private mutating func index(using random: inout SeededGenerator) -> YAMLText.Node {
        var columns: [YAMLText.Node] = []
        let count = random.chance(hostility / 8) ? Int.random(in: 30...34, using: &random) : Int.random(in: 1...3, using: &random)
        let hostile = random.chance(hostility)
        let pool = hostile ? fieldNames + ["created_at", "updated_at", "deleted_at", "version", "data", "nope"]
            : btreeFields + ["created_at", "updated_at"]
        var chosen: [String] = []
        for _ in 0..<count {
            let column = random.pick(pool)
            if hostile || !chosen.contains(column) { chosen.append(column) }
        }
        columns = chosen.map { .string($0) }
        var entries: [YAMLText.Entry] = [YAMLText.Entry("fields", .list(columns))]
        // A tame unique index includes a field that differs from row to row (the checker refuses one that cannot).
        if random.chance(30), hostile || chosen.contains(where: { !fewValueFields.contains($0) && !["created_at", "updated_at"].contains($0) }) {
            entries.append(YAMLText.Entry("unique", .plain("true")))
        }
        if random.chance(hostility / 2) { entries.append(YAMLText.Entry("kind", .plain(random.pick(["btree", "gin", "hnsw", "ivfflat", "hash"])))) }
        if random.chance(20) { entries.append(YAMLText.Entry("include_deleted", .plain("true"))) }
        // A prefix index (the pattern operator class) over one string or text field; hostile ones over anything.
        let textual = chosen.count == 1 && ["string", "text"].contains(fieldTypes[chosen[0]] ?? "")
        if random.chance(textual ? 40 : hostility / 4) { entries.append(YAMLText.Entry("prefix", .plain("true"))) }
        if random.chance(hostility / 2) {
            entries.append(YAMLText.Entry("name", .string(random.pick([
                "ix_custom", "pk_customers", "ix_customers_version", "ux_x", "customers", "products",
                FuzzVocabulary.longName("ix_", bytes: random.pick([62, 63, 64])), "Bad Name",
            ]))))
        }
        if random.chance(20) { entries.append(YAMLText.Entry("description", .string(text(using: &random)))) }
        return .map(entries)
    }

    // MARK: Fields

    private mutating func field(_ name: String, using random: inout SeededGenerator) -> YAMLText.Node {
        let type = random.pick(["string", "string", "text", "int", "bigint", "double", "decimal", "decimal", "bool",
                                "date", "timestamp", "uuid", "json", "array", "vector", "enum", "enum", "ref"])
        var entries: [YAMLText.Entry] = [YAMLText.Entry("type", .plain(type))]
        switch type {
        case "string", "text": textKeys(type, field: name, into: &entries, using: &random)
        case "int", "bigint": integerKeys(type, field: name, into: &entries, using: &random)
        case "double": doubleKeys(field: name, into: &entries, using: &random)
        case "decimal": decimalKeys(field: name, into: &entries, using: &random)
        case "bool":
            if random.chance(40) {
                let value = random.chance(50)
                entries.append(YAMLText.Entry("default", .plain(!random.chance(hostility / 3) ? "\(value)" : random.pick(["yes", "\"true\"", "1"]))))
                if case .plain(let text) = entries.last!.value, text == "\(value)" { record(name, .bool(value)) }
            }
        case "date":
            if random.chance(50) {
                let day = mix(["2024-02-29", "1970-01-01", "9999-12-31", "2000-01-01", "today"],
                              ["2023-02-29", "0000-01-01", "0001-01-01", "294276-12-31", "5874897-12-31", "5874898-01-01",
                               "2024-13-01", "24-1-1"], using: &random)
                entries.append(YAMLText.Entry("default", .string(day)))
                if day.count == 10, day != "today" { record(name, .text(day)) }
            }
        case "timestamp":
            if random.chance(30) { entries.append(YAMLText.Entry("default", .plain(mix(["now"], ["\"2024-01-01T00:00:00Z\"", "today"], using: &random)))) }
        case "uuid":
            if random.chance(30) { entries.append(YAMLText.Entry("default", .plain(mix(["random"], ["\"00000000-0000-0000-0000-000000000000\""], using: &random)))) }
        case "json":
            if random.chance(50) {
                entries.append(YAMLText.Entry("default", mix([
                    .map([YAMLText.Entry("a", .plain("1"))]), .list([.plain("1"), .plain("2")]), .string("text"), .plain("true"),
                ], [
                    .plain("1e400"), .plain("12345678901234567890123"), .string("NUL\u{0000}"),
                    .map([YAMLText.Entry("\u{0000}", .plain("1"))]), .plain("null"),
                ], using: &random)))
            }
            if random.chance(20) { entries.append(YAMLText.Entry("index", .plain(mix(["true", "gin"], ["btree"], using: &random)))) }
        case "array": arrayKeys(field: name, into: &entries, using: &random)
        case "vector":
            entries.append(YAMLText.Entry("dimensions", .plain(mix(["1", "3", "384", "1536", "2000"], ["2001", "16000", "16001", "0"], using: &random))))
            if random.chance(60) { entries.append(YAMLText.Entry("index", .plain(mix(["hnsw", "ivfflat"], ["true", "gin"], using: &random)))) }
            if random.chance(50) { entries.append(YAMLText.Entry("distance", .plain(mix(["cosine", "l2", "inner_product"], ["hamming"], using: &random)))) }
        case "enum":
            var values: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let value = mix(["draft", "sent", "paid", "on_hold", "active", "closed", "a", "value1"],
                                FuzzVocabulary.adversarialEnumValues, using: &random)
                if !values.contains(value) || random.chance(hostility / 4) { values.append(value) }
            }
            entries.append(YAMLText.Entry("values", .list(values.map { .string($0) })))
            // A former value renamed into one of them (no draw of its own, so every seed's project stays as it was
            // where the field has no `paid`).
            if values.contains("paid") {
                entries.append(YAMLText.Entry("renamed_values", .map([YAMLText.Entry("unpaid_legacy", .string("paid"))])))
            }
            if random.chance(50), let value = values.first {
                entries.append(YAMLText.Entry("default", .string(value)))
                record(name, .text(value))
            }
            if random.chance(20) { entries.append(YAMLText.Entry("index", .plain("true"))) }
        default:  // ref
            entries.append(YAMLText.Entry("entity", .string(!random.chance(hostility / 5) ? random.pick(others) : "Nowhere")))
            if random.chance(10) { entries.append(YAMLText.Entry("index", .plain("true"))) }
        }
        if random.chance(30) { entries.append(YAMLText.Entry("nullable", .plain("true"))) }
        if random.chance(10) { entries.append(YAMLText.Entry("immutable", .plain("true"))) }
        if random.chance(25) { entries.append(YAMLText.Entry("description", .string(text(using: &random)))) }
        if random.chance(5) { entries.append(YAMLText.Entry("renamed_from", .string(mix(["old_name", "legacy_name"], [name, "Bad Name"], using: &random)))) }
        // A field on its way out: kept in the table, left out of the generated code (named queries and indexes
        // may still name it). Mostly nullable, as the checker asks; sometimes not, or written wrong.
        if random.chance(6) {
            entries.append(YAMLText.Entry("deprecated", .plain(mix(["true"], ["yes", "[true]", "false"], using: &random))))
            // The generated model has no property for it: the defaults probe cannot read its default back.
            intended.removeAll { $0.entity == entity && $0.field == name }
            let keys = Set(entries.map(\.key))
            if !keys.contains("nullable"), !keys.contains("default"), !random.chance(hostility) {
                entries.append(YAMLText.Entry("nullable", .plain("true")))
            }
        }
        // A unique bool or enum is accepted: its generated conformance checks work within its few rows.
        if random.chance(8), !["json", "array", "vector"].contains(type), !["bool", "enum"].contains(type) || random.chance(30) {
            entries.append(YAMLText.Entry("unique", .plain("true")))
        }
        return .map(entries)
    }

    /// Patterns a team would write, with an example each matches.
    static let patternExamples = [
        "^[A-Z0-9]+$": "ABC123", "[a-z]+": "abc", "^\\d{3}-\\d{4}$": "555-1234", "^[A-Z]{3}-[A-Z]{4}$": "NYC-MHTN",
        "^.*$": "anything",
    ]

    private mutating func record(_ field: String, _ value: FuzzProject.IntendedValue) {
        intended.append(FuzzProject.IntendedDefault(entity: entity, field: field, value: value))
    }

    private mutating func textKeys(_ type: String, field: String, into entries: inout [YAMLText.Entry],
                                   using random: inout SeededGenerator) {
        var maxLength: Int?
        if type == "string" || random.chance(40) {
            maxLength = mix([12, 64, 255, 320], [1, 2, 5, 10_485_760, 10_485_761, 0], using: &random)
            entries.append(YAMLText.Entry("max_length", .plain("\(maxLength!)")))
        }
        if random.chance(25) { entries.append(YAMLText.Entry("min_length", .plain(mix(["0", "1", "3"], ["300"], using: &random)))) }
        var pattern: String?
        if random.chance(20) {
            pattern = mix(Array(Self.patternExamples.keys).sorted(), FuzzVocabulary.patterns, using: &random)
            entries.append(YAMLText.Entry("pattern", .string(pattern!)))
        }
        if pattern != nil || random.chance(15) {
            let example = pattern.flatMap { Self.patternExamples[$0] }.flatMap { random.chance(hostility) ? nil : $0 }
                ?? random.pick(["ABC123", "abc", "555-1234", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "NYC-MHTN", "x", "", "line\nbreak"])
            entries.append(YAMLText.Entry("example", .string(example)))
        }
        var format: String?
        if pattern == nil, random.chance(10) {
            format = mix(["email", "url"], ["phone"], using: &random)
            entries.append(YAMLText.Entry("format", .plain(format!)))
        }
        let sensitive = random.chance(10)
        if sensitive { entries.append(YAMLText.Entry("sensitive", .plain("true"))) }
        // A keyed lookup digest (its column, its index, its finder), mostly on a sensitive field as the checker asks.
        if sensitive ? random.chance(50) : random.chance(hostility / 4) {
            entries.append(YAMLText.Entry("lookup", .plain(mix(["true", "case_insensitive"], ["false", "exact", "fuzzy", "[true]"],
                                                               using: &random))))
        }
        if random.chance(35), !sensitive || random.chance(hostility) {
            let formatted = format.flatMap { ["email": "someone@example.com", "url": "https://example.com/a"][$0] }
            let text = pattern.flatMap { Self.patternExamples[$0] } ?? formatted
                ?? mix(["draft", "x", "hello world", "42"], FuzzVocabulary.adversarialTexts, using: &random)
            entries.append(YAMLText.Entry("default", .string(text)))
            if pattern == nil, !text.contains("\u{0000}") { record(field, .text(text)) }
        }
        if random.chance(15), !sensitive || random.chance(hostility) {
            entries.append(YAMLText.Entry("index", .plain(mix(["true", "btree", "prefix"], ["gin"], using: &random))))
        }
    }

    private mutating func integerKeys(_ type: String, field: String, into entries: inout [YAMLText.Entry],
                                      using random: inout SeededGenerator) {
        // Ordinary bounds and defaults agree with each other: minimum ≤ default ≤ maximum.
        let ordinaryMinimum = ["-1", "0"], ordinaryMaximum = ["100", "1000"], ordinary = ["0", "1", "7", "100"]
        let adversarial = type == "int"
            ? ["2147483648", "-2147483649", "1.5", "1e3", "1E9", "1e10", "-0", "0x10", "+5", "1_000"]
            : ["9223372036854775808", "-9223372036854775809", "9.2e18", "9.3e18", "1e18", "-1e18", "18446744073709551615", "1.5",
               "+7", "-0"]
        let extremes = type == "int" ? ["2147483647", "-2147483648"] : ["-9223372036854775808", "9223372036854775807"]
        let bounded = random.chance(30)
        if bounded {
            entries.append(YAMLText.Entry("minimum", .plain(mix(ordinaryMinimum, adversarial, using: &random))))
            entries.append(YAMLText.Entry("maximum", .plain(mix(ordinaryMaximum, adversarial + extremes, using: &random))))
        }
        if random.chance(50) {
            let literal = mix(bounded ? ordinary : ordinary + extremes, adversarial, using: &random)
            entries.append(YAMLText.Entry("default", .plain(literal)))
            if let exact = ExactNumber(literal) { record(field, .exact(exact)) }
        }
        if random.chance(15) { entries.append(YAMLText.Entry("index", .plain(mix(["true"], ["prefix"], using: &random)))) }
    }

    private mutating func doubleKeys(field: String, into entries: inout [YAMLText.Entry],
                                     using random: inout SeededGenerator) {
        let ordinary = ["0", "0.1", "1.5", "3.141592653589793"]
        let adversarial = ["1.5e3", "1e308", "1e309", "-1e308", "5e-324", "1e-400", "-0.0", ".nan", ".inf", "-.inf",
                           "123456789012345678901234567890", "2.2250738585072014e-308"]
        if random.chance(25) {
            entries.append(YAMLText.Entry("minimum", .plain(mix(["-2.5", "0"], adversarial, using: &random))))
            entries.append(YAMLText.Entry("maximum", .plain(mix(["1e10", "3.5"], adversarial, using: &random))))
        }
        if random.chance(50) {
            let literal = mix(ordinary, adversarial, using: &random)
            entries.append(YAMLText.Entry("default", .plain(literal)))
            if ExactNumber(literal) != nil, let value = Double(literal), value.isFinite { record(field, .double(value)) }
        }
    }

    private mutating func decimalKeys(field: String, into entries: inout [YAMLText.Entry],
                                      using random: inout SeededGenerator) {
        let precision = mix([5, 10, 12, 38], [1, 2, 1000, 1001, 0], using: &random)
        var scale = mix([0, 2, 3], [5, precision, precision + 1], using: &random)
        entries.append(YAMLText.Entry("precision", .plain("\(precision)")))
        if random.chance(80) { entries.append(YAMLText.Entry("scale", .plain("\(scale)"))) } else { scale = 0 }
        let ordinary = scale >= 2 ? ["12.50", "\"12.50\"", "0.1", "7", "-1.5", "0"] : ["7", "\"12\"", "0", "-3"]
        let adversarial = ["1.5e3", "1e5", "0.001", "0.0005", "-0", "99999.999", "1e-3", "123456789012345678901234567890.5",
                           "1e999", "\"1e2\"", "\"abc\""]
        if random.chance(25) {
            entries.append(YAMLText.Entry("minimum", .plain(mix(["-5", "-1.5"].filter { scale >= 1 || !$0.contains(".") }, adversarial, using: &random))))
            entries.append(YAMLText.Entry("maximum", .plain(mix(["99", "10"], adversarial, using: &random))))
        }
        if random.chance(50) {
            var literal = mix(ordinary, adversarial, using: &random)
            entries.append(YAMLText.Entry("default", .plain(literal)))
            if literal.hasPrefix("\"") { literal = String(literal.dropFirst().dropLast()) }
            if let exact = ExactNumber(literal) { record(field, .exact(exact)) }
        }
    }

    private mutating func arrayKeys(field: String, into entries: inout [YAMLText.Entry],
                                    using random: inout SeededGenerator) {
        let items = mix(["string", "text", "int", "bigint", "double", "bool", "uuid"], ["decimal", "json"], using: &random)
        entries.append(YAMLText.Entry("items", .plain(items)))
        if items == "string" || random.chance(hostility / 4) { entries.append(YAMLText.Entry("max_length", .plain(mix(["32"], ["1", "10485761"], using: &random)))) }
        if random.chance(20) { entries.append(YAMLText.Entry("min_items", .plain(mix(["0", "1"], ["2", "1000001"], using: &random)))) }
        if random.chance(20) { entries.append(YAMLText.Entry("max_items", .plain(mix(["5", "1000000"], ["1"], using: &random)))) }
        if random.chance(15), ["int", "bigint", "double"].contains(items) {
            entries.append(YAMLText.Entry("minimum", .plain(mix(["0"], ["-2147483649", "1.5"], using: &random))))
        }
        if random.chance(40) {
            let value: YAMLText.Node = switch items {
            case "string", "text": .list([.string("a"), .string(text(using: &random))])
            case "int", "bigint": .list([.plain("1"), .plain(mix(["2"], ["2147483648", "1e3"], using: &random))])
            case "double": .list([.plain("1.5"), .plain(mix(["2.5"], ["1e308", ".nan", "-0.0"], using: &random))])
            case "bool": .list([.plain("true"), .plain("false")])
            default: .list([])
            }
            entries.append(YAMLText.Entry("default", random.chance(20) ? .list([]) : value))
        }
        if random.chance(15) { entries.append(YAMLText.Entry("index", .plain(random.pick(["true", "gin", "btree"])))) }
    }
}
