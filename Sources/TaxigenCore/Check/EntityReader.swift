/// Reads one spec document into an `EntityDraft`, reporting every local problem.
struct EntityReader {
    static let topLevelKeys = ["entity", "table", "renamed_from", "description", "json_data", "fields", "indexes", "queries"]
        + EntityTraitsReader.keys
    static let indexKeys = ["fields", "unique", "kind", "prefix", "include_deleted", "name", "description"]

    /// The audit columns every table has; no field may take their names.
    static let auditColumnNames = ["created_at", "updated_at", "deleted_at", "version"]

    /// Reads the document; returns nil when the entity is too broken to check further. The draft of an entity
    /// whose name is not UpperCamelCase is named as the error's hint suggests. `tenancy` is the
    /// project's, which decides whether the entity is tenant-scoped.
    static func read(_ document: SpecDocument, tenancy: TenancySetting? = nil, into log: inout DiagnosticLog) -> EntityDraft? {
        guard case .mapping(let mapping) = document.root else {
            log.error("a spec must be a mapping that starts with 'entity:', not \(document.root.kindDescription)",
                      at: document.root.location, hint: "see docs/spec-format.md")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "the spec")
        reader.checkKeys(known: topLevelKeys, forbidden: RefusedKeys.entityLevel, synonyms: KeySynonyms.entity, into: &log)

        guard let name = reader.string("entity", required: true, into: &log) else { return nil }
        let nameLocation = reader.location(of: "entity")
        // An invalid name is reported, and the rest of the spec is still checked (so every error is reported at
        // once): under the name the hint suggests, or under its own name when only generated Swift minds it.
        var checkedName: String? = name
        if !Naming.isUpperCamelCase(name) {
            let suggestion = Naming.suggestedUpperCamelCase(name)
            log.error("entity name '\(name)' is not an UpperCamelCase Swift type name", at: nameLocation,
                      hint: "use letters and digits starting with a capital" + (suggestion.map { ", e.g. '\($0)'" } ?? ""))
            checkedName = suggestion.flatMap { SwiftNameRules.entityNameProblem($0) == nil ? $0 : nil }
        } else if let problem = SwiftNameRules.entityNameProblem(name) {
            log.error(problem.message, at: nameLocation, hint: problem.hint)
        }
        let snakeName = Naming.snakeCase(checkedName ?? name)

        var tableName = Naming.plural(snakeName)
        if let table = reader.string("table", into: &log) {
            if Naming.isSnakeCase(table) || (table.hasPrefix("_") && Naming.isSnakeCase(String(table.dropFirst()))) {
                tableName = table
            } else {
                log.error("table name '\(table)' is not a lowercase snake_case SQL name", at: reader.location(of: "table"),
                          hint: "use lowercase letters, digits and single underscores, e.g. '\(Naming.snakeCase(table))'")
            }
        }
        var description = reader.string("description", into: &log)
        if let text = description,
           !SpecText.checkNoNUL(text, what: "the description of entity '\(name)'", at: reader.location(of: "description"), into: &log) {
            description = nil
        }
        let hasJSONData = reader.bool("json_data", into: &log) ?? false
        let traits = EntityTraitsReader(reader: reader, tenancy: tenancy).read(into: &log)

        var fields: [FieldDraft] = []
        var refusedFields: Set<String> = []
        if let fieldsNode = mapping["fields"] {
            if case .mapping(let fieldsMapping) = fieldsNode {
                let context = FieldReader.Context(entitySnakeName: snakeName, hasJSONData: hasJSONData)
                for entry in fieldsMapping.entries {
                    if let field = FieldReader.read(entry, context: context, into: &log) {
                        fields.append(field)
                    } else {
                        refusedFields.insert(entry.key.text)
                    }
                }
            } else if case .scalar(let scalar) = fieldsNode, scalar.isNull {
                // `fields:` with nothing under it: an entity with only its implicit columns.
            } else {
                log.error("'fields' must be a mapping of field names to field definitions, not \(fieldsNode.kindDescription)",
                          at: fieldsNode.location, hint: "write each field as `name: { type: string, max_length: 100 }`")
            }
        } else {
            log.error("the spec has no 'fields'", at: mapping.location, hint: "add 'fields:' with at least one field")
        }

        var indexes: [IndexDraft] = []
        if let indexesNode = mapping["indexes"] {
            if case .sequence(let sequence) = indexesNode {
                for item in sequence.items {
                    if let index = readIndex(item, into: &log) {
                        indexes.append(index)
                    }
                }
            } else {
                log.error("'indexes' must be a list, not \(indexesNode.kindDescription)", at: indexesNode.location,
                          hint: "write `indexes:` followed by items like `- fields: [status, created_at]`")
            }
        }

        let formerTableNames = mapping["renamed_from"].flatMap { readFormerTableNames($0, table: tableName, into: &log) } ?? []

        guard let checkedName else { return nil }
        var draft = EntityDraft(path: document.path, location: mapping.location, name: checkedName, nameLocation: nameLocation,
                                tableName: tableName, tableLocation: reader.has("table") ? reader.location(of: "table") : nameLocation,
                                description: description, hasJSONData: hasJSONData, traits: traits, fields: fields,
                                indexes: indexes, queries: mapping["queries"])
        draft.formerTableNames = formerTableNames
        draft.refusedFields = refusedFields
        draft.renamedFromLocation = reader.has("renamed_from") ? reader.location(of: "renamed_from") : nil
        return draft
    }

    /// `renamed_from:` of an entity: the table's previous name, or a list of its previous names, most recent
    /// first (as a field's). The entity's table is renamed from the most recent one the last migration has,
    /// whether the entity or its `table:` changed.
    private static func readFormerTableNames(_ node: SyntaxNode, table: String, into log: inout DiagnosticLog) -> [String]? {
        let example = "e.g. `renamed_from: \(table == "orders" ? "purchases" : "orders")` or `renamed_from: [orders, purchases]`"
        return FormerNamesReader(
            shapeMessage: "'renamed_from' of table '\(table)' must be the table's previous snake_case name or a list of them",
            shapeHint: "name the table the entity had, most recent first, \(example)",
            nullIsShape: true, current: table,
            isName: { Naming.isSnakeCase($0) || ($0.hasPrefix("_") && Naming.isSnakeCase(String($0.dropFirst()))) },
            itemMessage: "'renamed_from' must name the table's previous snake_case table name",
            itemHint: "write the table name as the last migration has it (the old `table:`, or the old entity's plural), \(example)",
            selfMessage: "'renamed_from' of table '\(table)' names the table itself",
            selfHint: "write the table's previous name, or remove `renamed_from`",
            repeatedMessage: "'renamed_from' of table '\(table)' lists"
        ).read(node, into: &log)
    }

    private static func readIndex(_ node: SyntaxNode, into log: inout DiagnosticLog) -> IndexDraft? {
        guard case .mapping(let mapping) = node else {
            log.error("an index must be a mapping like `{ fields: [a, b] }`, not \(node.kindDescription)", at: node.location, hint: "write each index as `- { fields: [a, b] }`")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "an index")
        reader.checkKeys(known: indexKeys, synonyms: KeySynonyms.index, into: &log)
        guard let fields = reader.stringList("fields", required: true, into: &log) else { return nil }
        if fields.isEmpty {
            log.error("an index needs at least one field", at: reader.location(of: "fields"), hint: "list the indexed fields, e.g. `fields: [customer_id, created_at]`")
            return nil
        }
        let kind = reader.choice("kind", as: Index.Kind.self, into: &log) ?? .btree
        var name: String?
        if let given = reader.string("name", into: &log) {
            if Naming.isSnakeCase(given) {
                name = given
            } else {
                log.error("index name '\(given)' is not a lowercase snake_case SQL name", at: reader.location(of: "name"), hint: "use lowercase letters, digits and single underscores, e.g. 'ix_orders_by_customer'")
            }
        }
        return IndexDraft(location: mapping.location, fields: fields, isUnique: reader.bool("unique", into: &log) ?? false,
                          kind: kind, isPrefix: reader.bool("prefix", into: &log) ?? false,
                          prefixLocation: reader.keyLocation(of: "prefix"),
                          includeDeleted: reader.bool("include_deleted", into: &log) ?? false,
                          name: name, nameLocation: reader.location(of: "name"))
    }
}

/// Keys that people coming from ORMs write and that the guidelines forbid, with the reason.
enum RefusedKeys {
    static let foreignKeyRefusal = (
        message: "foreign-key constraints and relationships are not allowed",
        hint: "the guidelines say \"DO NOT use explicit foreign key constraints\" and \"NO foreign key constraints or relationships\"; use `type: ref` with `entity: Name` (a UUID column with an index, no constraint)"
    )

    static let primaryKeyRefusal = (
        message: "a spec cannot declare a primary key",
        hint: "every entity's key is '<entity>_id' (UUID, default uuid4), added by taxigen; remove this key"
    )

    static let fieldLevel: [String: (message: String, hint: String)] = [
        "foreign_key": foreignKeyRefusal, "references": foreignKeyRefusal, "relationship": foreignKeyRefusal,
        "on_delete": foreignKeyRefusal, "on_update": foreignKeyRefusal, "cascade": foreignKeyRefusal,
        "back_populates": foreignKeyRefusal, "primary_key": primaryKeyRefusal,
    ]

    static let entityLevel: [String: (message: String, hint: String)] = [
        "primary_key": primaryKeyRefusal, "relationships": foreignKeyRefusal, "foreign_keys": foreignKeyRefusal,
    ]
}
