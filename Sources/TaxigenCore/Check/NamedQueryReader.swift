import Foundation

/// Reads a spec's `queries:` into `NamedQuery` values, once the entity's columns are known, reporting every
/// problem where it is written: names that would not make a method, unknown fields and operators, operators
/// that Taxiway's typed `Column` does not offer for the field's type, constants of the wrong type, parameters
/// used with two types, and orderings on what cannot be ordered.
struct NamedQueryReader {
    /// The entity's Swift name, for messages.
    let entity: String
    /// Every column of the entity's table.
    let columns: [Column]
    /// Fields the spec declares that were refused (and reported): a condition on one is not reported again.
    var refusedFields: Set<String> = []

    static let queryKeys = ["description", "where", "order_by"]

    /// The members of `Repository` (and of the generated extension) a query's method must not be named like.
    static let repositoryMembers: Set<String> = [
        "list", "count", "exists", "first", "find", "get", "create", "update", "softDelete", "restore", "nearest",
        "fetch", "fetchOne", "conflict", "transition", "setData", "eraseSensitiveFields", "resealSensitiveFields",
        "explain", "listStatement", "executor", "table", "schema", "createRules", "updateRules", "whereClause",
        "listQuery", "init", "deinit", "subscript", "self", "Self", "Type", "Model", "Table",
    ]

    /// The static members of Taxiway's `Condition`, which a query's condition (a static member of
    /// `Condition<Model>`) must not be named like.
    static let conditionMembers: Set<String> = ["all", "none", "allOf", "anyOf"]

    /// Swift names the generated methods and their generated query test use themselves, as parameters,
    /// locals or members they call (`list`), which a query's parameter would shadow or redeclare.
    static let reservedParameters: Set<String> = [
        "page", "after", "includeDeleted", "list", "database", "plan", "serving", "repository", "transaction",
    ]

    /// What `where` and `order_by` may name: the spec's fields, the two timestamps and (with `json_data`) `data`.
    private var queryable: [Column] {
        columns.filter { [.field, .createdAt, .updatedAt, .data].contains($0.role) }
    }

    /// The queries of `node` (absent or null: none).
    func read(_ node: SyntaxNode?, into log: inout DiagnosticLog) -> [NamedQuery] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node, scalar.isNull { return [] }
        guard case .mapping(let mapping) = node else {
            log.error("'queries' must be a mapping of query names to queries, not \(node.kindDescription)", at: node.location,
                      hint: "write `queries:` followed by entries like `open_orders: { where: { status: paid } }`")
            return []
        }
        var queries: [NamedQuery] = []
        var methods: [String: String] = [:]
        for entry in mapping.entries {
            guard let query = readQuery(entry, into: &log) else { continue }
            if let first = methods[query.swiftName] {
                log.error("queries '\(query.name)' and '\(first)' both become the Swift method '\(query.swiftName)'",
                          at: query.location, hint: "rename one of them")
                continue
            }
            methods[query.swiftName] = query.name
            queries.append(query)
        }
        return queries
    }

    private func readQuery(_ entry: SyntaxMapping.Entry, into log: inout DiagnosticLog) -> NamedQuery? {
        let name = entry.key.text
        let location = entry.key.location
        var ok = checkName(name, at: location, into: &log)
        guard case .mapping(let mapping) = entry.value else {
            log.error("query '\(name)' must be a mapping with 'where' and/or 'order_by', not \(entry.value.kindDescription)",
                      at: entry.value.location, hint: "write `\(name): { where: { status: paid }, order_by: [-created_at] }`")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "query '\(name)'")
        reader.checkKeys(known: Self.queryKeys, into: &log)
        var description = reader.string("description", into: &log)
        if let text = description,
           !SpecText.checkNoNUL(text, what: "the description of query '\(name)'", at: reader.location(of: "description"), into: &log) {
            description = nil
        }
        var parameters = ParameterTable(query: name)
        var conditions: [NamedQuery.Condition] = []
        if let whereNode = mapping["where"] {
            switch whereNode {
            case .mapping(let conditionsMapping):
                for condition in conditionsMapping.entries {
                    if let read = readCondition(condition, query: name, parameters: &parameters, into: &log) {
                        conditions += read
                    } else {
                        ok = false
                    }
                }
            case .scalar(let scalar) where scalar.isNull:
                break
            default:
                log.error("'where' in query '\(name)' must be a mapping of fields to conditions, not \(whereNode.kindDescription)",
                          at: whereNode.location, hint: "write `where: { status: paid, customer_id: $customer }`")
                ok = false
            }
        }
        var ordering: [NamedQuery.Ordering] = []
        if let orderNode = mapping["order_by"] {
            if let read = readOrdering(orderNode, query: name, into: &log) { ordering = read } else { ok = false }
        }
        if ok, conditions.isEmpty, ordering.isEmpty {
            log.error("query '\(name)' has no conditions and no ordering", at: location,
                      hint: "add `where:` or `order_by:`; the repository's `list(page:)` already lists every row")
            ok = false
        }
        guard ok, parameters.ok else { return nil }
        return NamedQuery(name: name, swiftName: Naming.lowerCamelCase(name), description: description,
                          conditions: conditions, ordering: ordering, parameters: parameters.parameters, location: location)
    }

    /// Whether `name` makes a method of its own: snake_case, not a keyword, not a member of the repository.
    private func checkName(_ name: String, at location: SourceLocation, into log: inout DiagnosticLog) -> Bool {
        guard Naming.isSnakeCase(name) else {
            log.error("query name '\(name)' is not a lowercase snake_case name", at: location,
                      hint: "use lowercase letters, digits and single underscores, starting with a letter"
                          + (Naming.suggestedSnakeCase(name).map { ", e.g. '\($0)'" } ?? ""))
            return false
        }
        let method = Naming.lowerCamelCase(name)
        if Keywords.swift.contains(method) {
            log.error("query '\(name)' would become the Swift method '\(method)', a Swift keyword", at: location,
                      hint: "use a name that says what it finds, e.g. '\(name)_\(Naming.plural(Naming.snakeCase(entity)))'")
            return false
        }
        if Self.repositoryMembers.contains(method) {
            log.error("query '\(name)' would become the method '\(method)', which every repository already has",
                      at: location, hint: "use a name that says what it finds, e.g. '\(name)_recent'")
            return false
        }
        if Self.conditionMembers.contains(method) {
            log.error("query '\(name)' would make the condition `.\(method)`, which Taxiway's `Condition` already has",
                      at: location, hint: "use a name that says what it finds, e.g. '\(name)_\(Naming.plural(Naming.snakeCase(entity)))'")
            return false
        }
        for column in columns where column.role == .field {
            let stem = Naming.upperCamelCase(column.name)
            if (column.isUnique && method == "findBy" + stem) || (column.lookup != nil && method == "listBy" + stem) {
                log.error("query '\(name)' would read like the repository's own finder of field '\(column.name)' (`\(column.isUnique ? "find" : "list")(by\(stem):)`)",
                          at: location, hint: "use the finder, or give the query a name that says more")
                return false
            }
        }
        return true
    }

    // MARK: - Conditions

    /// The column a condition or ordering names, or nil after reporting why it cannot be queried.
    private func column(_ key: SyntaxScalar, query: String, ordering: Bool, into log: inout DiagnosticLog) -> Column? {
        let name = key.text
        let what = ordering ? "order_by" : "where"
        guard let column = queryable.first(where: { $0.name == name }) else {
            if refusedFields.contains(name) { return nil }  // the field's own error says what is wrong
            let hint: String
            if name == "deleted_at" {
                hint = "soft-deleted rows are left out unless the call passes `includeDeleted: true`"
            } else if let suggestion = Suggestion.hint(for: name, in: queryable.map(\.name)) {
                hint = suggestion
            } else {
                hint = "queries name the spec's fields, created_at, updated_at or (with `json_data`) data"
            }
            log.error("'\(name)' in '\(what)' of query '\(query)' is not a field of entity '\(entity)'", at: key.location, hint: hint)
            return nil
        }
        if column.isSensitive {
            log.error("sensitive field '\(name)' cannot be queried (query '\(query)')", at: key.location,
                      hint: column.lookup == nil
                          ? "its ciphertext differs on every write; add `lookup: true` to find rows by its value"
                          : "its ciphertext differs on every write; use the repository's `\(column.isUnique ? "find" : "list")(by\(Naming.upperCamelCase(name)):)`")
            return nil
        }
        if case .vector = column.type {
            log.error("vector field '\(name)' cannot be \(ordering ? "ordered by" : "compared") in query '\(query)'", at: key.location,
                      hint: "search vectors with the repository's `nearest(to:on:limit:where:)`")
            return nil
        }
        return column
    }

    /// The conditions of one `where` entry (one per operator), or nil after reporting.
    private func readCondition(_ entry: SyntaxMapping.Entry, query: String, parameters: inout ParameterTable,
                               into log: inout DiagnosticLog) -> [NamedQuery.Condition]? {
        guard let column = column(entry.key, query: query, ordering: false, into: &log) else { return nil }
        let name = column.name
        switch entry.value {
        case .scalar(let scalar) where scalar.isNull || (scalar.isPlain && scalar.text == "not_null"):
            let isNull = scalar.isNull
            guard column.isNullable else {
                log.error("field '\(name)' is never null, so `\(isNull ? "null" : "not_null")` in query '\(query)' \(isNull ? "matches no row" : "matches every row")",
                          at: scalar.location, hint: "remove the condition, or make the field nullable")
                return nil
            }
            return [NamedQuery.Condition(column: name, comparison: isNull ? .isNull : .isNotNull, operand: .none,
                                         location: entry.key.location)]
        case .scalar:
            return readComparison(.eq, entry.value, column: column, query: query, at: entry.key.location,
                                  parameters: &parameters, into: &log).map { [$0] }
        case .sequence:
            log.error("the condition on '\(name)' in query '\(query)' is a list", at: entry.value.location,
                      hint: "to match any of several values write `\(name): { in: [a, b] }`")
            return nil
        case .mapping(let operators):
            guard !operators.entries.isEmpty else {
                log.error("the condition on '\(name)' in query '\(query)' has no operator", at: operators.location,
                          hint: "write `{ eq: value }`, `{ gte: $from }`, …, or the value itself")
                return nil
            }
            var conditions: [NamedQuery.Condition] = []
            var ok = true
            for operatorEntry in operators.entries {
                let word = operatorEntry.key.text
                guard let comparison = NamedQuery.Comparison(rawValue: word),
                      NamedQuery.Comparison.operators.contains(comparison) else {
                    let names = NamedQuery.Comparison.operators.map(\.rawValue)
                    let hint = word == "null" || word == "not_null" || word == "is_null"
                        ? "write `\(name): null` for IS NULL and `\(name): not_null` for IS NOT NULL"
                        : Suggestion.hint(for: word, in: names) ?? "the operators are \(names.joined(separator: ", "))"
                    log.error("unknown operator '\(word)' on '\(name)' in query '\(query)'", at: operatorEntry.key.location, hint: hint)
                    ok = false
                    continue
                }
                if let condition = readComparison(comparison, operatorEntry.value, column: column, query: query,
                                                  at: operatorEntry.key.location, parameters: &parameters, into: &log) {
                    conditions.append(condition)
                } else {
                    ok = false
                }
            }
            return ok ? conditions : nil
        }
    }

    /// One comparison of `column` with what `node` holds (a constant or a `$parameter`), or nil after reporting.
    private func readComparison(_ comparison: NamedQuery.Comparison, _ node: SyntaxNode, column: Column, query: String,
                                at location: SourceLocation, parameters: inout ParameterTable,
                                into log: inout DiagnosticLog) -> NamedQuery.Condition? {
        let type = column.type
        guard Self.allows(comparison, type) else {
            let allowed = NamedQuery.Comparison.operators.filter { Self.allows($0, type) }.map(\.rawValue)
            log.error("operator '\(comparison.rawValue)' does not apply to \(type.keyword) field '\(column.name)' (query '\(query)')",
                      at: location, hint: "the operators of a \(type.keyword) field are \(allowed.joined(separator: ", "))")
            return nil
        }
        if case .scalar(let scalar) = node, scalar.isNull {
            log.error("'\(comparison.rawValue)' on '\(column.name)' in query '\(query)' compares with null", at: node.location,
                      hint: "write `\(column.name): null` for IS NULL and `\(column.name): not_null` for IS NOT NULL")
            return nil
        }
        if case .scalar(let scalar) = node, scalar.isPlain, scalar.text.hasPrefix("$") {
            let name = String(scalar.text.dropFirst())
            guard checkParameter(name, at: scalar.location, query: query, into: &log) else { return nil }
            let isList = comparison == .in
            guard parameters.use(name, type: type, isList: isList, column: column.name, at: scalar.location, into: &log) else {
                return nil
            }
            return NamedQuery.Condition(column: column.name, comparison: comparison, operand: .parameter(name), location: location)
        }
        let role = "value in query '\(query)'"
        let constant: NamedQuery.Constant?
        switch comparison {
        case .in:
            constant = list(node, itemType: type, field: column.name, role: role, emptyMeansNothing: true, into: &log)
        case .prefix:
            constant = self.constant(node, type: .text, field: column.name, role: role, into: &log)
        case .contains, .overlaps:
            if case .array(let item) = type {
                constant = list(node, itemType: item.fieldType(maxLength: Int(Int32.max)), field: column.name, role: role,
                                emptyMeansNothing: false, into: &log)
            } else {
                constant = self.constant(node, type: type, field: column.name, role: role, into: &log)
            }
        default:
            constant = self.constant(node, type: type, field: column.name, role: role, into: &log)
        }
        return constant.map { NamedQuery.Condition(column: column.name, comparison: comparison, operand: .constant($0), location: location) }
    }

    /// Whether `name` (after `$`) can be a Swift parameter of the generated methods.
    private func checkParameter(_ name: String, at location: SourceLocation, query: String,
                                into log: inout DiagnosticLog) -> Bool {
        guard Naming.isSnakeCase(name) else {
            log.error("parameter '$\(name)' of query '\(query)' is not a lowercase snake_case name", at: location,
                      hint: "write `$` and a name of lowercase letters, digits and single underscores, e.g. `$since`")
            return false
        }
        let swiftName = Naming.lowerCamelCase(name)
        if Self.reservedParameters.contains(swiftName) || Keywords.swift.contains(swiftName) || swiftName == "self" {
            log.error("parameter '$\(name)' of query '\(query)' would become the Swift parameter '\(swiftName)', which the generated method \(Self.reservedParameters.contains(swiftName) ? "or its test already uses" : "cannot take (a Swift keyword)")",
                      at: location, hint: "rename it, e.g. `$\(name)_value`")
            return false
        }
        return true
    }

    /// A constant of `type`, or nil after reporting.
    private func constant(_ node: SyntaxNode, type: FieldType, field: String, role: String,
                          into log: inout DiagnosticLog) -> NamedQuery.Constant? {
        if case .scalar(let scalar) = node, scalar.isPlain, scalar.text.hasPrefix("$") {
            log.error("the \(role) of field '\(field)' cannot be a parameter here", at: node.location,
                      hint: "a list takes constants; to pass the whole list write `in: $\(scalar.text.dropFirst())`")
            return nil
        }
        switch type {
        case .timestamp:
            log.error("the \(role) of timestamp field '\(field)' is a constant", at: node.location,
                      hint: "compare timestamps with a parameter, e.g. `{ gte: $since }`: a fixed instant in a spec is almost always a mistake")
            return nil
        case .uuid, .ref, .primaryKey:
            guard case .scalar(let scalar) = node, !scalar.isNull, let uuid = UUID(uuidString: scalar.text) else {
                log.error("the \(role) of field '\(field)' must be a UUID, not \(node.kindDescription)", at: node.location,
                          hint: "write a UUID such as 8a7c1e52-0f3b-4f7e-9a0d-3c2b1a0f9e8d, or a parameter such as `$\(field)`")
                return nil
            }
            return .uuid(uuid.uuidString.lowercased())
        case .date:
            if case .scalar(let scalar) = node, scalar.text == "today" {
                log.error("the \(role) of date field '\(field)' is 'today'", at: node.location,
                          hint: "pass the day as a parameter, e.g. `{ lte: $day }`: a keyset cursor is tied to the values it was made with")
                return nil
            }
        case .array(let item):
            return list(node, itemType: item.fieldType(maxLength: Int(Int32.max)), field: field, role: role,
                        emptyMeansNothing: false, into: &log)
        default:
            break
        }
        let reader = DefaultReader(field: field, type: type, rules: ValidationRules(), nullable: false, role: role)
        return reader.read(node, into: &log).map(NamedQuery.Constant.value)
    }

    /// A list of constants of `itemType`, or nil after reporting.
    private func list(_ node: SyntaxNode, itemType: FieldType, field: String, role: String, emptyMeansNothing: Bool,
                      into log: inout DiagnosticLog) -> NamedQuery.Constant? {
        guard case .sequence(let sequence) = node else {
            log.error("the \(role) of field '\(field)' must be a list, not \(node.kindDescription)", at: node.location,
                      hint: "write `[a, b]`, or a parameter such as `$\(field)`")
            return nil
        }
        if emptyMeansNothing, sequence.items.isEmpty {
            log.error("the list of 'in' on '\(field)' is empty, so it matches no row", at: node.location,
                      hint: "list at least one value, or pass the values as a parameter")
            return nil
        }
        var items: [NamedQuery.Constant] = []
        var ok = true
        for item in sequence.items {
            if let value = constant(item, type: itemType, field: field, role: role, into: &log) { items.append(value) } else { ok = false }
        }
        return ok ? .list(items) : nil
    }

    /// Whether Taxiway's typed `Column` offers `comparison` on a column of `type`.
    static func allows(_ comparison: NamedQuery.Comparison, _ type: FieldType) -> Bool {
        switch comparison {
        case .eq, .ne:
            if case .vector = type { return false }
            if case .sealed = type { return false }
            return true
        case .lt, .lte, .gt, .gte:
            return isOrdered(type)
        case .in:
            if isOrdered(type) { return true }
            if case .bool = type { return true }
            if case .enumeration = type { return true }
            return false
        case .prefix:
            switch type {
            case .string, .text: return true
            default: return false
            }
        case .contains:
            switch type {
            case .array, .json: return true
            default: return false
            }
        case .overlaps:
            if case .array = type { return true }
            return false
        case .isNull, .isNotNull:
            return true
        }
    }

    /// Numbers, text, timestamps, dates and UUIDs: what `<` compares.
    static func isOrdered(_ type: FieldType) -> Bool {
        switch type {
        case .string, .text, .int, .bigint, .double, .decimal, .date, .timestamp, .uuid, .ref, .primaryKey: true
        default: false
        }
    }

    // MARK: - Ordering

    private func readOrdering(_ node: SyntaxNode, query: String, into log: inout DiagnosticLog) -> [NamedQuery.Ordering]? {
        let format = "write `field`, `-field` for descending, optionally followed by `nulls first` or `nulls last`"
        guard case .sequence(let sequence) = node else {
            if case .scalar(let scalar) = node, scalar.isNull { return [] }
            log.error("'order_by' in query '\(query)' must be a list, not \(node.kindDescription)", at: node.location,
                      hint: "write `order_by: [-placed_at, number]`")
            return nil
        }
        var terms: [NamedQuery.Ordering] = []
        var ok = true
        for item in sequence.items {
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                log.error("each item of 'order_by' in query '\(query)' must be a field name, not \(item.kindDescription)",
                          at: item.location, hint: format)
                ok = false
                continue
            }
            let words = scalar.text.split(separator: " ").map(String.init)
            var nullsFirst: Bool?
            if words.count == 3, words[1].lowercased() == "nulls", ["first", "last"].contains(words[2].lowercased()) {
                nullsFirst = words[2].lowercased() == "first"
            } else if words.count != 1 {
                log.error("'\(scalar.text)' in 'order_by' of query '\(query)' is not a field with a direction", at: scalar.location, hint: format)
                ok = false
                continue
            }
            let descending = words[0].hasPrefix("-")
            let name = descending ? String(words[0].dropFirst()) : words[0]
            let key = SyntaxScalar(text: name, isPlain: true, location: scalar.location)
            guard let column = column(key, query: query, ordering: true, into: &log) else {
                ok = false
                continue
            }
            switch column.type {
            case .json, .array:
                log.error("\(column.type.keyword) field '\(name)' cannot be ordered by (query '\(query)')", at: scalar.location,
                          hint: "order by a number, text, date, timestamp, uuid, boolean or enum field")
                ok = false
                continue
            default:
                break
            }
            if terms.contains(where: { $0.column == name }) {
                log.error("'\(name)' is listed twice in 'order_by' of query '\(query)'", at: scalar.location, hint: "remove one")
                ok = false
                continue
            }
            terms.append(NamedQuery.Ordering(column: name, ascending: !descending, nullsFirst: nullsFirst, location: scalar.location))
        }
        return ok ? terms : nil
    }
}

/// The parameters of one query, in the order of first use, with the type each must keep.
private struct ParameterTable {
    let query: String
    private(set) var parameters: [NamedQuery.Parameter] = []
    private var firstUse: [String: (key: String, described: String, location: SourceLocation)] = [:]
    private var swiftNames: [String: String] = [:]
    /// False once a parameter was refused.
    private(set) var ok = true

    init(query: String) {
        self.query = query
    }

    /// Records a use of `$name` against a column of `type`; false (after reporting) when an earlier use gave
    /// it another type.
    mutating func use(_ name: String, type: FieldType, isList: Bool, column: String, at location: SourceLocation,
                      into log: inout DiagnosticLog) -> Bool {
        let key = Self.typeKey(type, isList: isList)
        let described = Self.describe(type, isList: isList, column: column)
        if let first = firstUse[name] {
            guard first.key == key else {
                log.error("parameter '$\(name)' of query '\(query)' is \(described) here but \(first.described) at \(first.location)",
                          at: location, hint: "a parameter has one type; use two parameters")
                ok = false
                return false
            }
            return true
        }
        let swiftName = Naming.lowerCamelCase(name)
        if let other = swiftNames[swiftName] {
            log.error("parameters '$\(name)' and '$\(other)' of query '\(query)' both become the Swift parameter '\(swiftName)'",
                      at: location, hint: "rename one of them")
            ok = false
            return false
        }
        swiftNames[swiftName] = name
        firstUse[name] = (key, described, location)
        parameters.append(NamedQuery.Parameter(name: name, swiftName: swiftName, type: type, isList: isList))
        return true
    }

    /// The Swift type a value of `type` has, as a comparable key.
    static func typeKey(_ type: FieldType, isList: Bool) -> String {
        let base: String = switch type {
        case .string, .text, .sealed: "String"
        case .int: "Int32"
        case .bigint: "Int64"
        case .double: "Double"
        case .decimal: "Decimal"
        case .bool: "Bool"
        case .date: "CalendarDate"
        case .timestamp: "Date"
        case .uuid, .ref, .primaryKey: "UUID"
        case .json: "JSONValue"
        case .vector: "[Float]"
        case .array(let item): "[\(item.rawValue == "text" ? "string" : item.rawValue)]"
        case .enumeration(let enumType): "enum \(enumType.swiftName)"
        }
        return isList ? "[\(base)]" : base
    }

    /// The type of a use for messages: "a uuid", "a list of enum values of 'status'".
    static func describe(_ type: FieldType, isList: Bool, column: String) -> String {
        switch type {
        case .enumeration: isList ? "a list of enum values of '\(column)'" : "an enum value of '\(column)'"
        case .array: isList ? "a list of arrays like '\(column)'" : "an array like '\(column)'"
        default: isList ? "a list of \(type.keyword) values" : "a \(type.keyword)"
        }
    }
}
