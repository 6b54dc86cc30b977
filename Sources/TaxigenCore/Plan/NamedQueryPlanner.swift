/// Plans the Swift of an entity's named queries: the two repository methods of each (an offset page and a
/// keyset page), and the closures over the typed columns that both they and the generated tests pass to
/// `Repository.list` / `Repository.explain`. Every piece of text is decided here; templates only print it.
struct NamedQueryPlanner {
    let entity: Entity

    /// The repository methods of every named query, in spec order.
    func methods() -> [NamedQueryMethodContext] {
        entity.queries.map { query in
            let parameters = query.parameters.map { "\($0.swiftName): \(parameterType($0))" }
            let arguments = closureArguments(query)
            let passed = arguments.isEmpty ? "" : arguments + ", "
            let model = entity.name
            let page = (parameters + ["page: PageRequest", "includeDeleted: Bool = false"]).joined(separator: ", ")
            let keyset = (parameters + ["after page: KeysetPageRequest", "includeDeleted: Bool = false"]).joined(separator: ", ")
            return NamedQueryMethodContext(
                pageDocLines: docLines(query, paging: "One page of them by offset (`page`)."),
                pageSignature: "\(query.swiftName)(\(page)) async throws -> Page<\(model)>",
                pageCall: "try await self.list(\(passed)page: page, includeDeleted: includeDeleted)",
                keysetDocLines: docLines(query, paging: "One keyset page of them after `page.after`; pass the returned `nextCursor` to read on."),
                keysetSignature: "\(query.swiftName)(\(keyset)) async throws -> KeysetPage<\(model)>",
                keysetCall: "try await self.list(\(passed)after: page, includeDeleted: includeDeleted)")
        }
    }

    /// `where: { … }, orderBy: { […] }` of a query (each part only when the query has it), naming its
    /// parameters by their Swift names.
    func closureArguments(_ query: NamedQuery) -> String {
        var parts: [String] = []
        if !query.conditions.isEmpty {
            parts.append("where: { " + query.conditions.map(conditionExpression).joined(separator: " && ") + " }")
        }
        if !query.ordering.isEmpty {
            parts.append("orderBy: { [" + query.ordering.map(sortExpression).joined(separator: ", ") + "] }")
        }
        return parts.joined(separator: ", ")
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

    private func conditionExpression(_ condition: NamedQuery.Condition) -> String {
        guard let column = column(condition.column) else { return ".all" }
        let subject = "$0.\(column.swiftIdentifier)"
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

    /// A sample value of a parameter for the generated tests.
    func sampleExpression(_ parameter: NamedQuery.Parameter) -> String {
        let item = sample(parameter.type)
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
        lines.append(summary + ". " + paging + " Soft-deleted rows only with `includeDeleted`.")
        return lines.map { $0.isEmpty ? "///" : "/// " + $0 }
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
    /// The doc comment of the offset-page method, each line starting with `///`.
    let pageDocLines: [String]
    let pageSignature: String
    /// The body: one call of `list(where:orderBy:page:includeDeleted:)`.
    let pageCall: String
    /// The doc comment of the keyset-page method.
    let keysetDocLines: [String]
    let keysetSignature: String
    /// The body: one call of `list(where:orderBy:after:includeDeleted:)`.
    let keysetCall: String
}

private extension String {
    /// The text with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
