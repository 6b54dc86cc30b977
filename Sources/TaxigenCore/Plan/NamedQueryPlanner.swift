/// Plans the Swift of an entity's named queries: the two repository methods of each (an offset page and a
/// keyset page), and the closures over the typed columns that both they and the generated tests pass to
/// `Repository.list` / `Repository.explain`. Every piece of text is decided here; templates only print it.
struct NamedQueryPlanner {
    let entity: Entity

    /// The repository methods of every named query, in spec order.
    func methods() -> [NamedQueryMethodContext] {
        // An append-only entity has no soft-deleted rows, so its methods take no `includeDeleted`.
        let deleted = entity.traits.appendOnly == nil ? ["includeDeleted: Bool = false"] : []
        let passDeleted = entity.traits.appendOnly == nil ? ", includeDeleted: includeDeleted" : ""
        // The conditions print one after another, a blank line between two.
        let firstConditional = entity.queries.firstIndex { !$0.conditions.isEmpty }
        return entity.queries.enumerated().map { position, query in
            let parameters = query.parameters.map { "\($0.swiftName): \(parameterType($0))" }
            let model = entity.name
            return NamedQueryMethodContext(
                conditionDocLines: query.conditions.isEmpty ? [] : (position == firstConditional ? [] : [""]) + conditionDocLines(query),
                conditionLines: query.conditions.isEmpty ? [] : conditionLines(query, parameters: parameters),
                pageDocLines: docLines(query, paging: "One page of them by offset (`page`)."),
                pageLines: methodLines(query, parameters: parameters + ["page: PageRequest"] + deleted,
                                       returns: "Page<\(model)>", paging: "page: page\(passDeleted))"),
                keysetDocLines: keysetDocLines(query, offsetLabels: query.parameters.map(\.swiftName) + ["page"]
                    + (deleted.isEmpty ? [] : ["includeDeleted"])),
                keysetLines: methodLines(query, parameters: parameters + ["after page: KeysetPageRequest"] + deleted,
                                         returns: "KeysetPage<\(model)>", paging: "after: page\(passDeleted))"))
        }
    }

    /// The widest line the generated methods write, indentation included.
    static let width = 110

    /// A method of a query, its lines relative to the member indentation (four spaces): the signature (its
    /// parameters on a line of their own when it is long), one call of `list`, the closing brace.
    private func methodLines(_ query: NamedQuery, parameters: [String], returns: String, paging: String) -> [String] {
        var lines = signatureLines("public func \(query.swiftName)", parameters: parameters,
                                   trailer: " async throws -> \(returns) {")
        lines.append("    try await list(")
        lines += argumentLines(query, indent: 12).map { "        " + $0 }
        lines.append("        " + paging)
        lines.append("}")
        return lines
    }

    /// A function's signature relative to the member indentation: `declaration(parameters)trailer` on one line,
    /// or its parameters on lines of their own when it is wider than `width`.
    private func signatureLines(_ declaration: String, parameters: [String], trailer: String) -> [String] {
        let oneLine = declaration + "(" + parameters.joined(separator: ", ") + ")" + trailer
        guard oneLine.count + 4 > Self.width else { return [oneLine] }
        var lines = [declaration + "("]
        lines += RepositoryPlanner.wrapped(parameters, width: Self.width - 8).map { "    " + $0 }
        lines[lines.count - 1].removeLast()
        lines.append(")" + trailer)
        return lines
    }

    /// `where: { _ in .query(…) },` (the query's condition, a member of `Condition`) and `orderBy: { […] },` of a
    /// query, one line each, each ending with a comma, to be followed by the other arguments.
    func argumentLines(_ query: NamedQuery, indent: Int) -> [String] {
        var lines: [String] = []
        if !query.conditions.isEmpty {
            let reference = conditionReference(query)
            if indent + reference.count + 17 <= Self.width {
                lines.append("where: { _ in " + reference + " },")
            } else if indent + reference.count + 4 <= Self.width {
                lines += ["where: { _ in", "    " + reference, "},"]
            } else {
                lines += ["where: { _ in", "    .\(query.swiftName)("]
                lines += RepositoryPlanner.wrapped(callArguments(query), width: Self.width - indent - 8).map { "        " + $0 }
                lines[lines.count - 1].removeLast()
                lines[lines.count - 1] += ")"
                lines.append("},")
            }
        }
        if !query.ordering.isEmpty {
            lines.append("orderBy: { [" + query.ordering.map(sortExpression).joined(separator: ", ") + "] },")
        }
        return lines
    }

    /// `.query(parameter: parameter, …)`, or `.query` for a query without parameters: the query's condition
    /// where a `Condition` of the entity is expected.
    func conditionReference(_ query: NamedQuery) -> String {
        guard !query.parameters.isEmpty else { return "." + query.swiftName }
        return "." + query.swiftName + "(" + callArguments(query).joined(separator: ", ") + ")"
    }

    /// `parameter: parameter` for each of the query's parameters: how a call passes on the values of
    /// variables named like them.
    func callArguments(_ query: NamedQuery) -> [String] {
        query.parameters.map { "\($0.swiftName): \(parameterIdentifier($0.name))" }
    }

    /// The query's condition as a static member of `Condition<Model>`, its lines relative to the member
    /// indentation: a function of the query's parameters (a property when it has none) whose body is the
    /// conditions joined with `&&` (one per line when they do not fit).
    private func conditionLines(_ query: NamedQuery, parameters: [String]) -> [String] {
        let returns = "Condition<\(entity.name)>"
        var lines: [String]
        if parameters.isEmpty {
            lines = ["public static var \(query.swiftName): \(returns) {"]
        } else {
            lines = signatureLines("public static func \(query.swiftName)", parameters: parameters, trailer: " -> \(returns) {")
        }
        let conditions = query.conditions.map { conditionExpression($0, columns: "\(entity.name).columns") }
        let body = conditions.joined(separator: " && ")
        if body.count + 8 <= Self.width {
            lines.append("    " + body)
        } else {
            lines.append("    " + conditions[0])
            lines += conditions.dropFirst().map { "        && " + $0 }
        }
        lines.append("}")
        return lines
    }

    /// The doc comment of a query's condition: what it selects, and how to use it.
    private func conditionDocLines(_ query: NamedQuery) -> [String] {
        let summary = "The condition of named query `\(query.name)` (\(entity.specPath)): rows where "
            + query.conditions.map(describe).joined(separator: " and ") + ". Any query of `\(entity.name)` can use it, "
            + "with more conditions or another ordering: `count(where: { _ in \(conditionReference(query)) })`."
        return Self.wrappedWords(summary, width: Self.width - 8).map { "/// " + $0 }
    }

    /// The Swift type of a parameter: the column's base type, or an array of it for `in`.
    func parameterType(_ parameter: NamedQuery.Parameter) -> String {
        let base = SwiftTypeMapping.baseType(of: parameter.type, in: entity)
        return parameter.isList ? "[\(base)]" : base
    }

    /// The Swift identifier of a parameter inside a method's body.
    func parameterIdentifier(_ name: String) -> String {
        Naming.swiftIdentifier(Naming.lowerCamelCase(name))
    }

    private func column(_ name: String) -> Column? {
        entity.column(named: name)
    }

    private func conditionExpression(_ condition: NamedQuery.Condition, columns: String) -> String {
        guard let column = column(condition.column) else { return ".all" }
        let subject = "\(columns).\(column.swiftIdentifier)"
        let operand: String
        switch condition.operand {
        case .none: operand = ""
        case .parameter(let name): operand = parameterIdentifier(name)
        case .constant(let constant):
            switch condition.comparison {
            case .in: operand = constantExpression(constant, type: column.type, listOf: column.type)
            case .prefix: operand = constantExpression(constant, type: .text)
            default: operand = constantExpression(constant, type: column.type)
            }
        }
        switch condition.comparison {
        case .eq: return "\(subject) == \(operand)"
        case .ne: return "\(subject) != \(operand)"
        case .lt: return "\(subject) < \(operand)"
        case .lte: return "\(subject) <= \(operand)"
        case .gt: return "\(subject) > \(operand)"
        case .gte: return "\(subject) >= \(operand)"
        case .in: return "\(subject).in(\(operand))"
        case .prefix: return "\(subject).hasPrefix(\(operand))"
        case .contains: return "\(subject).contains(\(operand))"
        case .overlaps: return "\(subject).overlaps(\(operand))"
        case .isNull: return "\(subject).isNull"
        case .isNotNull: return "\(subject).isNotNull"
        }
    }

    private func sortExpression(_ term: NamedQuery.Ordering) -> String {
        let subject = "$0.\(column(term.column)?.swiftIdentifier ?? term.column)"
        let defaultNullsFirst = !term.ascending
        let nulls = term.nullsFirst.flatMap { $0 == defaultNullsFirst ? nil : ($0 ? "nulls: .first" : "nulls: .last") } ?? ""
        return "\(subject).\(term.ascending ? "ascending" : "descending")(\(nulls))"
    }

    /// A Swift expression of a constant of `type` (or, with `listOf`, a list of values of that type).
    func constantExpression(_ constant: NamedQuery.Constant, type: FieldType, listOf itemType: FieldType? = nil) -> String {
        switch constant {
        case .uuid(let text):
            return "UUID(uuidString: \(SwiftTypeMapping.stringLiteral(text)))!"
        case .list(let items):
            let elementType: FieldType
            if let itemType {
                elementType = itemType
            } else if case .array(let item) = type {
                elementType = item.fieldType(maxLength: 1)
            } else {
                elementType = type
            }
            let element = SwiftTypeMapping.baseType(of: elementType, in: entity)
            if items.isEmpty { return "([] as [\(element)])" }
            return "[" + items.map { constantExpression($0, type: elementType) }.joined(separator: ", ") + "]"
        case .value(let value):
            let base = SwiftTypeMapping.baseType(of: type, in: entity)
            switch value {
            case .enumValue:
                return base + SwiftTypeMapping.literal(value, for: type)
            case .number:
                return "(\(SwiftTypeMapping.literal(value, for: type)) as \(base))"
            case .json:
                return "(\(SwiftTypeMapping.literal(value, for: type)) as JSONValue)"
            default:
                return SwiftTypeMapping.literal(value, for: type)
            }
        }
    }

    /// A sample value of a parameter for the generated tests. A parameter used only as a lower bound (`gt`,
    /// `gte`) of a timestamp or date samples a day ago (2024-01-01), one used only as an upper bound tomorrow
    /// (2099-12-31), so that `{ gte: $from, lt: $to }` is a range that holds rows, not an empty one, which
    /// PostgreSQL proves empty on a partitioned table and plans without any index.
    func sampleExpression(_ parameter: NamedQuery.Parameter, in query: NamedQuery) -> String {
        let uses = query.conditions.filter {
            if case .parameter(let name) = $0.operand { name == parameter.name } else { false }
        }.map(\.comparison)
        let lower = !uses.isEmpty && uses.allSatisfy { $0 == .gt || $0 == .gte }
        let upper = !uses.isEmpty && uses.allSatisfy { $0 == .lt || $0 == .lte }
        let item: String
        switch (parameter.type, lower, upper) {
        case (.timestamp, true, _): item = "Date(timeIntervalSinceNow: -86_400)"
        case (.timestamp, _, true): item = "Date(timeIntervalSinceNow: 86_400)"
        case (.date, true, _): item = "CalendarDate(year: 2024, month: 1, day: 1)!"
        case (.date, _, true): item = "CalendarDate(year: 2099, month: 12, day: 31)!"
        default: item = sample(parameter.type)
        }
        return parameter.isList ? "[\(item)]" : item
    }

    private func sample(_ type: FieldType) -> String {
        switch type {
        case .string, .text, .sealed: "\"a\""
        case .int, .bigint, .double, .decimal: "1"
        case .bool: "true"
        case .date: "CalendarDate(year: 2024, month: 1, day: 1)!"
        case .timestamp: "Date()"
        case .uuid, .ref, .primaryKey: "UUID()"
        case .json: "[\"key\": \"value\"]"
        case .vector: "[1]"
        case .array(let item): "[\(sample(item.fieldType(maxLength: 1)))]"
        case .enumeration(let enumType): SwiftTypeMapping.baseType(of: type, in: entity) + "." + (enumType.swiftCases.first ?? "init")
        }
    }

    /// The doc comment of one of a query's methods: its description, what it selects, and how it pages.
    private func docLines(_ query: NamedQuery, paging: String) -> [String] {
        var lines = (query.description.map(CommentText.lines) ?? ["The \(entity.snakeName.replacing(character: "_", with: " ")) rows of the named query `\(query.name)`."])
        lines.append("")
        var summary = "Named query `\(query.name)` (\(entity.specPath))"
        if !query.conditions.isEmpty {
            summary += ": rows where " + query.conditions.map(describe).joined(separator: " and ")
        }
        if !query.ordering.isEmpty {
            summary += (query.conditions.isEmpty ? ": rows" : ",") + " ordered by " + query.ordering.map { term in
                "`\(term.column)\(term.ascending ? "" : " DESC")\(term.nullsFirst.map { $0 ? " NULLS FIRST" : " NULLS LAST" } ?? "")`"
            }.joined(separator: ", ")
        }
        let deleted = entity.traits.appendOnly == nil ? " Soft-deleted rows only with `includeDeleted`." : ""
        lines += Self.wrappedWords(summary + ". " + paging + deleted,
                                   width: Self.width - 8)
        return lines.map { $0.isEmpty ? "///" : "/// " + $0 }
    }

    /// The keyset-page method's doc comment: it reads what the offset-page method (documented in full, named by
    /// its labels) reads.
    private func keysetDocLines(_ query: NamedQuery, offsetLabels: [String]) -> [String] {
        let offset = "`\(query.swiftName)(\(offsetLabels.map { $0 + ":" }.joined()))`"
        let text = "The rows of \(offset), one keyset page after `page.after`; pass the returned `nextCursor` to read on."
        return Self.wrappedWords(text, width: Self.width - 8).map { "/// " + $0 }
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole).
    static func wrappedWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A constant as a spec writes it (`paid`, `"A%"`, `[a, b]`), for documentation.
    private func specText(_ constant: NamedQuery.Constant) -> String {
        switch constant {
        case .uuid(let text): return text
        case .list(let items): return "[" + items.map(specText).joined(separator: ", ") + "]"
        case .value(let value):
            switch value {
            case .string(let text): return JSONLiteral.quote(text)
            case .number(let number): return number.text
            case .bool(let flag): return flag ? "true" : "false"
            case .enumValue(let raw): return raw
            case .date(let year, let month, let day):
                return String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
            case .json(let json): return json.canonicalText
            case .array(let items): return "[" + items.map { specText(.value($0)) }.joined(separator: ", ") + "]"
            case .today: return "today"
            case .now: return "now"
            case .randomUUID: return "random"
            }
        }
    }

    private func describe(_ condition: NamedQuery.Condition) -> String {
        let value: String = switch condition.operand {
        case .none: ""
        case .parameter(let name): parameterIdentifier(name).replacing(character: "`", with: "")
        case .constant(let constant): CommentText.singleLine(specText(constant))
        }
        let text: String = switch condition.comparison {
        case .eq: "\(condition.column) = \(value)"
        case .ne: "\(condition.column) <> \(value)"
        case .lt: "\(condition.column) < \(value)"
        case .lte: "\(condition.column) <= \(value)"
        case .gt: "\(condition.column) > \(value)"
        case .gte: "\(condition.column) >= \(value)"
        case .in: "\(condition.column) in \(value)"
        case .prefix: "\(condition.column) starts with \(value)"
        case .contains: "\(condition.column) contains \(value)"
        case .overlaps: "\(condition.column) overlaps \(value)"
        case .isNull: "\(condition.column) IS NULL"
        case .isNotNull: "\(condition.column) IS NOT NULL"
        }
        return "`\(text)`"
    }
}

/// The two repository methods of one named query.
struct NamedQueryMethodContext: Sendable, Encodable {
    /// The doc comment of the query's condition (empty when the query has no conditions).
    let conditionDocLines: [String]
    /// The query's condition, a static member of `Condition<Model>`, relative to the member indentation;
    /// empty when the query has no conditions.
    let conditionLines: [String]
    /// The doc comment of the offset-page method, each line starting with `///`.
    let pageDocLines: [String]
    /// The method, relative to the member indentation: signature, one call of
    /// `list(where:orderBy:page:includeDeleted:)`, closing brace.
    let pageLines: [String]
    /// The doc comment of the keyset-page method.
    let keysetDocLines: [String]
    /// The keyset-page method: one call of `list(where:orderBy:after:includeDeleted:)`.
    let keysetLines: [String]
}

private extension String {
    /// The text with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
