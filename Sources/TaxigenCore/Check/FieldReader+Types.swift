import Foundation

/// The type-specific part of reading a field: its type and parameters, its rules, and its index kind.
extension FieldReader {
    /// Reads the type named `typeName` with its parameters, filling in the rules the spec gives.
    static func readType(_ typeName: String, reader: MappingReader, field: String, rules: inout ValidationRules,
                                 into log: inout DiagnosticLog) -> FieldType? {
        rules.minLength = reader.integer("min_length", in: 0...10_485_760, into: &log)
        rules.maxLength = reader.integer("max_length", in: 1...10_485_760, into: &log)
        if let pattern = reader.string("pattern", into: &log) {
            if let problem = RegexCache.problem(with: pattern) {
                log.error("'pattern' of field '\(field)' \(problem.message)", at: reader.location(of: "pattern"), hint: problem.hint)
            } else {
                rules.pattern = pattern
            }
        }
        rules.format = reader.choice("format", as: ValidationRules.Format.self, into: &log)
        rules.minimum = reader.number("minimum", into: &log)
        rules.maximum = reader.number("maximum", into: &log)
        rules.minItems = reader.integer("min_items", in: 0...1_000_000, into: &log)
        rules.maxItems = reader.integer("max_items", in: 1...1_000_000, into: &log)

        switch typeName {
        case "string":
            guard let maxLength = rules.maxLength else {
                // A `max_length` that is there but invalid has its own error.
                if !reader.has("max_length") {
                    log.error("string field '\(field)' has no 'max_length'", at: reader.keyLocation(of: "type"),
                              hint: "strings are bounded: add `max_length: 255`, or use `type: text` for unbounded text")
                }
                return nil
            }
            return .string(maxLength: maxLength)
        case "text": return .text
        case "int": return .int
        case "bigint": return .bigint
        case "double": return .double
        case "decimal":
            guard let precision = reader.integer("precision", in: 1...1000, into: &log) else {
                if !reader.has("precision") {
                    log.error("decimal field '\(field)' has no 'precision'", at: reader.keyLocation(of: "type"),
                              hint: "add `precision: 12, scale: 2` (total digits, digits after the point)")
                }
                return nil
            }
            let scale = reader.integer("scale", in: 0...1000, into: &log) ?? 0
            guard scale <= precision else {
                log.error("'scale' \(scale) of field '\(field)' is larger than its precision \(precision)",
                          at: reader.location(of: "scale"), hint: "scale counts digits after the point and must be at most precision")
                return nil
            }
            return .decimal(precision: precision, scale: scale)
        case "bool": return .bool
        case "date": return .date
        case "timestamp": return .timestamp
        case "uuid": return .uuid
        case "json": return .json
        case "array":
            guard let item = reader.choice("items", as: ArrayItemType.self, required: true, into: &log) else { return nil }
            if item == .string, rules.maxLength == nil {
                if !reader.has("max_length") {
                    log.error("array field '\(field)' of strings has no 'max_length' for its items", at: reader.keyLocation(of: "items"),
                              hint: "add `max_length: 64` (it bounds each item), or use `items: text`")
                }
                return nil
            }
            let numeric: Set<ArrayItemType> = [.int, .bigint, .double]
            let textual: Set<ArrayItemType> = [.string, .text]
            if (rules.minimum != nil || rules.maximum != nil), !numeric.contains(item) {
                log.error("'minimum'/'maximum' need numeric items, but field '\(field)' holds \(item.rawValue)",
                          at: reader.keyLocation(of: rules.minimum != nil ? "minimum" : "maximum"), hint: "remove 'minimum'/'maximum', or use numeric items (int, bigint, double)")
                return nil
            }
            if (rules.minLength != nil || rules.maxLength != nil || rules.pattern != nil), !textual.contains(item) {
                log.error("length and pattern rules need text items, but field '\(field)' holds \(item.rawValue)",
                          at: reader.keyLocation(of: "items"), hint: "remove the length and pattern rules, or use text items (string, text)")
                return nil
            }
            return .array(of: item)
        case "vector":
            guard let dimensions = reader.integer("dimensions", in: 1...16_000, into: &log) else {
                if !reader.has("dimensions") {
                    log.error("vector field '\(field)' has no 'dimensions'", at: reader.keyLocation(of: "type"),
                              hint: "add the embedding size, e.g. `dimensions: 384`")
                }
                return nil
            }
            let distance = reader.choice("distance", as: VectorDistance.self, into: &log) ?? .cosine
            return .vector(dimensions: dimensions, distance: distance)
        case "enum":
            guard let values = reader.stringList("values", required: true, into: &log) else { return nil }
            guard !values.isEmpty else {
                log.error("enum field '\(field)' has no values", at: reader.location(of: "values"), hint: "list its values, e.g. `values: [active, closed]`")
                return nil
            }
            var seen: Set<String> = []
            var valid = true
            for value in values {
                if !Naming.isSnakeCase(value.text) {
                    log.error("enum value '\(value.text)' is not snake_case", at: value.location,
                              hint: "use lowercase letters, digits and single underscores, starting with a letter"
                                  + (Naming.suggestedSnakeCase(value.text).map { ", e.g. '\($0)'" } ?? ""))
                    valid = false
                } else if !seen.insert(value.text).inserted {
                    log.error("enum value '\(value.text)' appears twice", at: value.location, hint: "remove the second one")
                    valid = false
                } else if Keywords.unusableCaseNames.contains(value.text) {
                    log.error("enum value '\(value.text)' cannot be a Swift enum case", at: value.location,
                              hint: "rename the value, e.g. '\(value.text)_value'")
                    valid = false
                }
            }
            guard valid, SwiftNameRules.checkEnumCases(values, field: field, into: &log) else { return nil }
            let texts = values.map(\.text)
            var enumType = EnumType(values: texts, swiftName: Naming.upperCamelCase(field),
                                    swiftCases: texts.map { Naming.swiftIdentifier(Naming.lowerCamelCase($0)) })
            if let node = reader.mapping["renamed_values"] {
                guard let renames = EnumValueRenames.read(node, values: texts, field: field, into: &log) else { return nil }
                enumType.renamedValues = renames
            }
            return .enumeration(enumType)
        case "ref":
            guard let entity = reader.string("entity", required: true, into: &log) else { return nil }
            return .ref(entity: entity)
        default:
            return nil
        }
    }

    /// Refuses contradictory bounds and bounds the type cannot hold.
    static func checkRules(_ rules: ValidationRules, type: FieldType, reader: MappingReader, field: String,
                                   into log: inout DiagnosticLog) -> Bool {
        var ok = true
        if let min = rules.minLength, let max = rules.maxLength, min > max {
            log.error("'min_length' \(min) of field '\(field)' is larger than 'max_length' \(max)",
                      at: reader.location(of: "min_length"), hint: "no value could satisfy both")
            ok = false
        }
        if let min = rules.minimum, let max = rules.maximum, min > max {
            log.error("'minimum' \(min) of field '\(field)' is larger than 'maximum' \(max)",
                      at: reader.location(of: "minimum"), hint: "no value could satisfy both")
            ok = false
        }
        if let min = rules.minItems, let max = rules.maxItems, min > max {
            log.error("'min_items' \(min) of field '\(field)' is larger than 'max_items' \(max)",
                      at: reader.location(of: "min_items"), hint: "no value could satisfy both")
            ok = false
        }
        for (key, bound) in [("minimum", rules.minimum), ("maximum", rules.maximum)] {
            guard let bound, let problem = NumberRules.problem(bound, for: type) else { continue }
            log.error("'\(key)' \(bound.written) of field '\(field)' \(problem.message)", at: reader.location(of: key),
                      hint: problem.hint)
            ok = false
        }
        return ok
    }


    static func readIndexKind(_ node: SyntaxNode, type: FieldType, field: String,
                                      into log: inout DiagnosticLog) -> Index.Kind? {
        guard case .scalar(let scalar) = node else {
            log.error("'index' of field '\(field)' must be true or an index kind", at: node.location, hint: "write `index: true`, or a kind such as `index: gin`")
            return nil
        }
        let isContainer: Bool
        switch type {
        case .json, .array: isContainer = true
        default: isContainer = false
        }
        if let flag = scalar.bool {
            guard flag else { return nil }
            if case .vector = type {
                log.error("vector field '\(field)' needs an index kind", at: node.location,
                          hint: "use `index: hnsw` (or `ivfflat`)")
                return nil
            }
            return isContainer ? .gin : .btree
        }
        guard let kind = Index.Kind(rawValue: scalar.text) else {
            log.error("'\(scalar.text)' is not an index kind", at: node.location,
                      hint: Suggestion.hint(for: scalar.text, in: Index.Kind.allCases.map(\.rawValue))
                          ?? "use true, btree, gin, hnsw, ivfflat or prefix")
            return nil
        }
        let isVector: Bool
        if case .vector = type { isVector = true } else { isVector = false }
        switch kind {
        case .gin where !isContainer:
            log.error("a gin index needs a json or array field, and '\(field)' is neither", at: node.location,
                      hint: "use `index: true` for a btree index")
            return nil
        case .hnsw, .ivfflat:
            guard case .vector(let dimensions, _) = type else {
                log.error("a \(kind.rawValue) index needs a vector field, and '\(field)' is not one", at: node.location, hint: "use a btree or gin index here, or make the field a vector")
                return nil
            }
            if !EntityBuilder.indexedDimensions.contains(dimensions) {
                log.error(EntityBuilder.dimensionsMessage(kind: kind, field: field, dimensions: dimensions), at: node.location,
                          hint: EntityBuilder.dimensionsHint)
                return nil
            }
        case .btree where isVector || isContainer:
            log.error("a btree index does not suit \(type.keyword) field '\(field)'", at: node.location,
                      hint: isVector ? "use hnsw or ivfflat" : "use gin")
            return nil
        default: break
        }
        return kind
    }
}
