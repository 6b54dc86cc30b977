import Foundation

/// Reads one field of a spec: its type, constraints and default, each checked against the others.
struct FieldReader {
    /// What a field needs to know about its entity.
    struct Context {
        let entitySnakeName: String
        let hasJSONData: Bool
    }

    static let keys = [
        "type", "description", "nullable", "default", "example", "unique", "index", "immutable", "sensitive", "lookup", "renamed_from",
        "deprecated",
        "min_length", "max_length", "pattern", "format", "minimum", "maximum", "precision", "scale", "items",
        "min_items", "max_items", "values", "renamed_values", "entity", "dimensions", "distance",
    ]

    /// The hidden columns PostgreSQL gives every table; no column may take their names.
    static let systemColumnNames: Set<String> = ["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"]

    static let typeKeywords = ["string", "text", "int", "bigint", "double", "decimal", "bool", "date", "timestamp",
                               "uuid", "json", "array", "vector", "enum", "ref"]

    /// Which field types each type-specific key applies to.
    static let applicableTypes: [String: Set<String>] = [
        "min_length": ["string", "text", "array"], "max_length": ["string", "text", "array"],
        "pattern": ["string", "text", "array"], "format": ["string", "text"],
        "minimum": ["int", "bigint", "double", "decimal", "array"],
        "maximum": ["int", "bigint", "double", "decimal", "array"],
        "precision": ["decimal"], "scale": ["decimal"],
        "items": ["array"], "min_items": ["array"], "max_items": ["array"],
        "values": ["enum"], "renamed_values": ["enum"], "entity": ["ref"], "dimensions": ["vector"], "distance": ["vector"],
        "sensitive": ["string", "text"], "lookup": ["string", "text"], "example": ["string", "text"],
    ]

    /// `applicableTypes` sorted by key, once: the checks run in this order, so that diagnostics do not depend on
    /// the dictionary's hash seed.
    static let sortedApplicableTypes = applicableTypes.sorted { $0.key < $1.key }

    static func read(_ entry: SyntaxMapping.Entry, context: Context, into log: inout DiagnosticLog) -> FieldDraft? {
        let name = entry.key.text
        let nameLocation = entry.key.location
        var ok = checkName(name, at: nameLocation, context: context, into: &log)

        guard case .mapping(let mapping) = entry.value else {
            log.error("field '\(name)' must be a mapping like `{ type: string, max_length: 100 }`, not \(entry.value.kindDescription)",
                      at: entry.value.location, hint: "write `\(name): { type: string, max_length: 100 }`")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "field '\(name)'")
        reader.checkKeys(known: keys, forbidden: RefusedKeys.fieldLevel, synonyms: KeySynonyms.field, into: &log)

        guard let typeName = reader.string("type", required: true, into: &log) else { return nil }
        guard typeKeywords.contains(typeName) else {
            let hint: String
            switch typeName {
            case "datetime", "timestamptz", "time": hint = "use 'timestamp' (always stored as timestamptz)"
            case "integer", "int4", "smallint": hint = "use 'int' (32-bit) or 'bigint' (64-bit)"
            case "varchar", "str": hint = "use 'string' with max_length, or 'text'"
            case "float", "real", "number", "numeric": hint = "use 'double', or 'decimal' with precision and scale"
            case "boolean": hint = "use 'bool'"
            case "jsonb", "object": hint = "use 'json'"
            case "foreign_key", "reference", "fk": hint = "use 'ref' with `entity: Name` (no FK constraint is created)"
            default: hint = Suggestion.hint(for: typeName, in: typeKeywords)
                ?? "use one of \(typeKeywords.joined(separator: ", "))"
            }
            log.error("unknown type '\(typeName)' for field '\(name)'", at: reader.location(of: "type"), hint: hint)
            return nil
        }

        for (key, types) in sortedApplicableTypes where reader.has(key) && !types.contains(typeName) {
            log.error("'\(key)' does not apply to field '\(name)' of type \(typeName)", at: reader.keyLocation(of: key),
                      hint: "'\(key)' applies to \(types.sorted().joined(separator: ", ")) fields")
            ok = false
        }

        let nullable = reader.bool("nullable", into: &log) ?? false
        let unique = reader.bool("unique", into: &log) ?? false
        let immutable = reader.bool("immutable", into: &log) ?? false
        let sensitive = reader.bool("sensitive", into: &log) ?? false
        let deprecated = reader.bool("deprecated", into: &log) ?? false
        let description = reader.string("description", into: &log)
        if let text = description,
           !SpecText.checkNoNUL(text, what: "the description of field '\(name)'", at: reader.location(of: "description"), into: &log) {
            ok = false
        }
        var formerNames: [String] = []
        if let node = mapping["renamed_from"] {
            if let names = readFormerNames(node, field: name, into: &log) { formerNames = names } else { ok = false }
        }
        var lookup: Column.Lookup?
        if let node = mapping["lookup"] {
            if let mode = readLookup(node, field: name, into: &log) { lookup = mode } else { ok = false }
        }

        var rules = ValidationRules()
        guard let type = readType(typeName, reader: reader, field: name, rules: &rules, into: &log) else { return nil }
        ok = checkRules(rules, type: type, reader: reader, field: name, into: &log) && ok

        var indexKind: Index.Kind?
        var indexIsPrefix = false
        if let node = mapping["index"] {
            if case .scalar(let scalar) = node, scalar.text == "prefix" {
                // A prefix index: the pattern operator class, for `prefix` conditions (see `prefix:` in `indexes`).
                if Index.patternClass(of: type) != nil {
                    indexKind = .btree
                    indexIsPrefix = true
                } else {
                    log.error("`index: prefix` needs a string or text field, and '\(name)' is \(type.keyword)", at: node.location,
                              hint: "use `index: true`; `prefix` conditions compare string and text fields")
                    ok = false
                }
            } else {
                indexKind = readIndexKind(node, type: type, field: name, into: &log)
            }
        }

        var columnType = type
        if lookup != nil, !sensitive, typeName == "string" || typeName == "text" {
            log.error("'lookup' of field '\(name)' needs `sensitive: true`: it is a keyed digest of a sealed value",
                      at: reader.keyLocation(of: "lookup"),
                      hint: "a plaintext field is looked up through `index: true` or `unique: true`")
            ok = false
        }
        if sensitive {
            if unique, lookup == nil {
                log.error("sensitive field '\(name)' cannot be unique without a lookup column: its ciphertext differs on every write",
                          at: reader.keyLocation(of: "unique"),
                          hint: "add `lookup: true`: a keyed digest of the value in its own column, which can be unique")
                ok = false
            }
            if indexKind != nil {
                log.error("sensitive field '\(name)' cannot be indexed: its ciphertext differs on every write",
                          at: reader.keyLocation(of: "index"),
                          hint: lookup == nil ? "add `lookup: true` for an indexed keyed digest of the value, and remove `index`"
                              : "its lookup column is indexed already; remove `index`")
                ok = false
            }
            if reader.has("default") {
                log.error("sensitive field '\(name)' cannot have a default", at: reader.keyLocation(of: "default"),
                          hint: "a default would be stored unencrypted in the DDL")
                ok = false
            }
            columnType = .sealed(plaintext: typeName == "string" ? .string : .text)
        }
        if unique {
            switch type {
            case .json, .vector, .array:
                log.error("a \(typeName) field cannot be unique", at: reader.keyLocation(of: "unique"), hint: "remove `unique: true`; a unique constraint needs a btree-comparable type")
                ok = false
            default: break
            }
        }

        var defaultValue: DefaultValue?
        if let node = mapping["default"], !sensitive {
            let reader = DefaultReader(field: name, type: type, rules: rules, nullable: nullable)
            defaultValue = reader.read(node, into: &log)
            if defaultValue == nil { ok = false }
        }

        var example: String?
        if let node = mapping["example"] {
            let exampleReader = DefaultReader(field: name, type: type, rules: rules, nullable: false, role: "example")
            if case .string(let text)? = exampleReader.read(node, into: &log) {
                example = text
            } else {
                ok = false
            }
        } else if rules.pattern != nil, case .string = type {
            log.error("field '\(name)' has a pattern but no example", at: reader.keyLocation(of: "pattern"),
                      hint: "add `example:` with a value that matches; generated tests build their values from it")
            ok = false
        } else if rules.pattern != nil, case .text = type {
            log.error("field '\(name)' has a pattern but no example", at: reader.keyLocation(of: "pattern"),
                      hint: "add `example:` with a value that matches; generated tests build their values from it")
            ok = false
        }

        if deprecated {
            ok = DeprecationRules.checkField(name, reader: reader, nullable: nullable, hasDefault: defaultValue != nil,
                                             unique: unique, renamed: !formerNames.isEmpty, into: &log) && ok
        }

        guard ok else { return nil }
        let column = Column(name: name, role: .field, type: columnType, isNullable: nullable, defaultValue: defaultValue,
                            isUnique: unique, isImmutable: immutable, description: description,
                            formerNames: formerNames, lookup: sensitive ? lookup : nil, rules: rules, example: example,
                            isDeprecated: deprecated, location: nameLocation)
        return FieldDraft(column: column, index: indexKind, indexIsPrefix: indexIsPrefix, indexLocation: reader.location(of: "index"),
                          refLocation: reader.location(of: "entity"))
    }

    /// `renamed_from`: the previous name, or a list of the previous names, most recent first (a sensitive
    /// field's values sealed under any of them still open).
    private static func readFormerNames(_ node: SyntaxNode, field: String, into log: inout DiagnosticLog) -> [String]? {
        FormerNamesReader(
            shapeMessage: "'renamed_from' of field '\(field)' must be its previous snake_case name or a list of them", shapeHint: nil,
            nullIsShape: false, current: field, isName: Naming.isSnakeCase,
            itemMessage: "'renamed_from' must be the field's previous snake_case name",
            itemHint: "list the names the field had, most recent first, e.g. `renamed_from: [tax_id, tax_code]`",
            selfMessage: nil, selfHint: nil, repeatedMessage: "'renamed_from' of field '\(field)' lists"
        ).read(node, into: &log)
    }

    /// `lookup`: true (or `exact`), `case_insensitive`, or false (no lookup column).
    private static func readLookup(_ node: SyntaxNode, field: String, into log: inout DiagnosticLog) -> Column.Lookup?? {
        if case .scalar(let scalar) = node {
            if let flag = scalar.bool { return flag ? .some(.exact) : .some(nil) }
            if !scalar.isNull, let mode = Column.Lookup(rawValue: scalar.text) { return .some(mode) }
        }
        log.error("'lookup' of field '\(field)' must be true, false, exact or case_insensitive", at: node.location,
                  hint: "`lookup: true` finds equal values; `lookup: case_insensitive` also ignores letter case")
        return nil
    }

    private static func checkName(_ name: String, at location: SourceLocation, context: Context,
                                  into log: inout DiagnosticLog) -> Bool {
        guard Naming.isSnakeCase(name) else {
            log.error("field name '\(name)' is not snake_case", at: location,
                      hint: "use lowercase letters, digits and single underscores, starting with a letter"
                          + (Naming.suggestedSnakeCase(name).map { ", e.g. '\($0)'" } ?? ""))
            return false
        }
        let keyName = "\(context.entitySnakeName)_id"
        if name == keyName || name == "id" {
            log.error("field '\(name)' collides with the primary key", at: location,
                      hint: "the key '\(keyName)' (UUID, default uuid4) is implicit; remove this field")
            return false
        }
        if EntityReader.auditColumnNames.contains(name) {
            log.error("field '\(name)' collides with the audit field of the same name", at: location,
                      hint: "created_at, updated_at, deleted_at and version are added to every entity; remove this field")
            return false
        }
        if name == "data", context.hasJSONData {
            log.error("field 'data' collides with the JSON data column of a json_data entity", at: location,
                      hint: "rename the field, or store its values inside 'data'")
            return false
        }
        if Self.systemColumnNames.contains(name) {
            log.error("field '\(name)' has the name of a PostgreSQL system column", at: location,
                      hint: "every table has the hidden columns \(Self.systemColumnNames.sorted().joined(separator: ", ")); choose another name")
            return false
        }
        if name == "is_deleted" {
            log.error("field 'is_deleted' collides with the generated soft-delete state", at: location,
                      hint: "soft deletion is 'deleted_at'; every model has `isDeleted`")
            return false
        }
        if Keywords.unusableFieldNames.contains(name) {
            log.error("field name '\(name)' cannot be a Swift property", at: location, hint: "choose another name")
            return false
        }
        return true
    }

}
