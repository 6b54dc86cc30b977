import Foundation

/// One table's spec and findings (see `ImportPlanner`).
struct TablePlanner {
    let schema: ImportedSchema
    let table: ImportedSchema.Table
    let entity: String
    /// Imported table → entity name, for refs.
    let entities: [String: String]
    /// What the table breaks.
    var findings: [ImportFinding] = []
    /// Whether the spec cannot be written.
    private var unexpressible = false

    init(schema: ImportedSchema, table: ImportedSchema.Table, entity: String, entities: [String: String]) {
        self.schema = schema
        self.table = table
        self.entity = entity
        self.entities = entities
    }

    /// The key column name taxigen gives the entity.
    var keyName: String { Naming.snakeCase(entity) + "_id" }

    /// The spec's YAML, or nil when the table cannot be described.
    mutating func plan() -> String? {
        checkName()
        let key = keyFindings()
        auditFindings()
        var fields: [(name: String, keys: [(String, String)])] = []
        var indexes: [[(String, String)]] = []
        let jsonData = table.column(named: "data").map { $0.type == "jsonb" && $0.notNull && $0.defaultExpression == "'{}'::jsonb" } ?? false
        for column in table.columns {
            if column.name == table.primaryKey?.columns.first, table.primaryKey?.columns.count == 1, key == .renameUUID || key == .keep { continue }
            if ImportPlanner.auditColumns.contains(column.name) { continue }
            if jsonData, column.name == "data" { continue }
            guard let field = field(for: column, legacyKey: key == .legacy && column.name == table.primaryKey?.columns.first) else { continue }
            fields.append(field)
        }
        for fk in table.foreignKeys { foreignKeyFindings(fk) }
        indexes += declaredIndexes(fieldNames: Set(fields.map(\.name)), fields: &fields)
        guard !unexpressible else { return nil }
        return yaml(fields: fields, indexes: indexes, jsonData: jsonData)
    }

    // MARK: names

    private mutating func checkName() {
        if !Naming.isSnakeCase(table.name) || table.name.hasPrefix("pg_") || table.name.utf8.count > 63 {
            notExpressible(nil, "table name '\(table.name)' is not lowercase snake_case",
                           "rename the table (ALTER TABLE … RENAME TO) to snake_case, then import again")
        }
    }

    // MARK: the key

    /// What becomes of the table's primary key.
    enum KeyPlan { case keep, renameUUID, legacy, none }

    private mutating func keyFindings() -> KeyPlan {
        guard let pk = table.primaryKey else {
            finding(ImportFinding.Rule.uuidKey, nil, "table '\(table.name)' has no primary key",
                    "taxigen adds \(keyName) uuid (random for each row) as the primary key in the migration after the baseline")
            return .none
        }
        if pk.columns.count > 1 {
            finding(ImportFinding.Rule.uuidKey, pk.name, "composite primary key (\(pk.columns.joined(separator: ", ")))",
                    "the columns stay, under a unique index in the spec; \(keyName) uuid becomes the primary key in the migration after the baseline")
            return .none
        }
        let name = pk.columns[0]
        guard let column = table.column(named: name) else { return .none }
        if column.type == "uuid" {
            if column.defaultExpression == nil {
                finding(ImportFinding.Rule.uuidKey, name, "the uuid key '\(name)' has no server default (uuid.uuid4() in Python only)",
                        "taxigen sets DEFAULT gen_random_uuid(), so rows inserted by SQL get a key too")
            }
            if name == keyName { return .keep }
            finding(ImportFinding.Rule.uuidKey, name, "the key is named '\(name)'; taxigen names it '\(keyName)'",
                    "the migration after the baseline renames the column (values kept, so references to it stay valid)")
            return .renameUUID
        }
        if ["integer", "bigint", "smallint"].contains(column.type) {
            let how = column.identity != nil ? "an identity column" : column.defaultExpression?.hasPrefix("nextval(") == true ? "a serial column" : "an integer"
            finding(ImportFinding.Rule.uuidKey, name, "the primary key '\(name)' is \(how) (\(column.type)), not a UUID",
                    "the spec keeps it as 'legacy_id' (renamed_from: \(name), nullable, unique, no sequence) and taxigen adds \(keyName) uuid as the primary key; "
                        + "tables that point at '\(name)' keep their integer columns: add a ref field beside each, fill it with a data step "
                        + "(UPDATE … FROM \(table.name) WHERE \(table.name).legacy_id = …), then remove the integer column in a later migration")
            return .legacy
        }
        finding(ImportFinding.Rule.uuidKey, name, "the primary key '\(name)' is \(column.type), not a UUID",
                "the spec keeps it as a unique field; \(keyName) uuid becomes the primary key in the migration after the baseline")
        return name == "id" ? .legacy : .none
    }

    // MARK: audit columns

    private mutating func auditFindings() {
        let expected: [(String, String, Bool)] = [("created_at", "timestamp with time zone", true), ("updated_at", "timestamp with time zone", true),
                                                  ("deleted_at", "timestamp with time zone", false), ("version", "integer", true)]
        var missing: [String] = []
        for (name, type, notNull) in expected {
            guard let column = table.column(named: name) else { missing.append(name); continue }
            if column.type.hasPrefix("timestamp") && column.type.contains("without time zone") {
                finding(ImportFinding.Rule.naiveTimestamp, name, "'\(name)' is \(column.type) (naive)",
                        "the migration after the baseline converts it to timestamptz, reading the stored values as UTC (AT TIME ZONE 'UTC')")
                if column.notNull == notNull { continue }
            }
            if !typeMatches(column.type, type) || column.notNull != notNull {
                finding(ImportFinding.Rule.audit, name, "'\(name)' is \(column.type)\(column.notNull ? " NOT NULL" : " NULL"); the guidelines' \(name) is \(type)\(notNull ? " NOT NULL" : " NULL")",
                        "the migration after the baseline converts it (existing rows keep their values; NULLs are filled first)")
            }
        }
        if !missing.isEmpty {
            finding(ImportFinding.Rule.audit, nil, "missing audit column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                    "implicit in every spec: the migration after the baseline adds \(missing.count == 1 ? "it" : "them") (created_at/updated_at now() for existing rows, deleted_at NULL, version 1)"
                        + (missing.contains("deleted_at") ? "; deletes through the repository then become soft deletes" : ""))
        }
        let versionIndexed = table.indexes.contains { $0.columns.first == "version" }
        if table.column(named: "version") != nil, !versionIndexed {
            finding(ImportFinding.Rule.versionIndex, "version", "no index on version", "taxigen adds ix_\(table.name)_version")
        } else if table.column(named: "version") == nil {
            finding(ImportFinding.Rule.versionIndex, "version", "no version column, so no index on it", "taxigen adds version and ix_\(table.name)_version")
        }
    }

    private func typeMatches(_ type: String, _ expected: String) -> Bool {
        type == expected || (expected == "timestamp with time zone" && type.hasPrefix("timestamp(") && type.hasSuffix("with time zone"))
    }

    // MARK: fields

    private mutating func field(for column: ImportedSchema.Column, legacyKey: Bool) -> (name: String, keys: [(String, String)])? {
        var name = column.name
        var keys: [(String, String)] = []
        if legacyKey {
            name = "legacy_id"
            if table.column(named: "legacy_id") != nil {
                notExpressible(column.name, "the key '\(column.name)' would become 'legacy_id', which the table has already", "rename one of them first")
                return nil
            }
        }
        guard Naming.isSnakeCase(name), !["id", "is_deleted", keyName].contains(name) else {
            if name == keyName {
                notExpressible(name, "column '\(name)' is named like the key taxigen adds", "rename the column, or name the table so that its entity's key differs")
            } else {
                notExpressible(name, "column name '\(name)' is not allowed in a spec (\(name == "id" ? "the key is always <entity>_id" : name == "is_deleted" ? "reserved for the model's soft-delete flag" : "not lowercase snake_case"))",
                               "rename the column first (ALTER TABLE \(table.name) RENAME COLUMN …), then import again")
            }
            return nil
        }
        let fk = table.foreignKeys.first { $0.columns == [column.name] }
        let refEntity = fk.flatMap { reference($0) }
        var enumLabels: [String]?
        if let refEntity {
            keys.append(("type", "ref"))
            keys.append(("entity", refEntity))
        } else {
            guard let type = fieldType(column, enumLabels: &enumLabels) else { return nil }
            keys += type
        }
        if !column.notNull || legacyKey { keys.append(("nullable", "true")) }
        if legacyKey {
            keys.append(("unique", "true"))
            keys.append(("renamed_from", column.name))
            keys.append(("description", yamlString("The former \(column.type) key '\(column.name)', kept for the rows and references that use it.")))
        } else if let value = defaultValue(column, labels: enumLabels, isRef: refEntity != nil) {
            keys.append(("default", value))
        }
        if let comment = column.comment, !legacyKey { keys.append(("description", yamlString(comment))) }
        if column.type.contains("without time zone") {
            finding(ImportFinding.Rule.naiveTimestamp, column.name, "'\(column.name)' is \(column.type) (naive)",
                    "taxigen's timestamp is timestamptz: the migration after the baseline converts it, reading the stored values as UTC (AT TIME ZONE 'UTC'); if they were written in another zone, edit that unit first")
        }
        if column.type == "json" {
            finding(ImportFinding.Rule.jsonb, column.name, "'\(column.name)' is json", "converted to jsonb by the migration after the baseline")
        }
        return (name, keys)
    }

    /// The referenced entity of a single-column foreign key to an imported table's UUID key.
    private func reference(_ fk: ImportedSchema.ForeignKey) -> String? {
        guard let target = schema.table(named: fk.referencedTable), let entity = entities[target.name],
              let pk = target.primaryKey, pk.columns == fk.referencedColumns, pk.columns.count == 1,
              target.column(named: pk.columns[0])?.type == "uuid",
              table.column(named: fk.columns[0])?.type == "uuid" else { return nil }
        return entity
    }

    /// The spec keys of a column's type, or nil (with a finding) when taxigen has none.
    private mutating func fieldType(_ column: ImportedSchema.Column, enumLabels: inout [String]?) -> [(String, String)]? {
        var type = column.type
        let isArray = type.hasSuffix("[]")
        if isArray { type = String(type.dropLast(2)) }
        if let labels = schema.enums[type], !isArray {
            let lowered = labels.map { $0.lowercased() }
            guard lowered.allSatisfy(Naming.isSnakeCase), Set(lowered).count == lowered.count else {
                notExpressible(column.name, "enum type \(type) has labels taxigen cannot use (\(labels.joined(separator: ", "))): values are snake_case",
                               "rename the labels (ALTER TYPE \(type) RENAME VALUE …) to snake_case, then import again")
                return nil
            }
            if lowered != labels {
                finding(ImportFinding.Rule.unexpressible, column.name, "enum type \(type) has labels in capitals (\(labels.prefix(4).joined(separator: ", "))…), as SQLAlchemy's Enum of a Python enum stores them",
                        "the spec lists them in lowercase; the migration after the baseline stores them lowercased (text + CHECK)")
            }
            enumLabels = lowered
            return [("type", "enum"), ("values", "[" + lowered.map(yamlString).joined(separator: ", ") + "]")]
        }
        guard let scalar = scalarType(type, column: column.name, isArray: isArray) else { return nil }
        if isArray {
            guard let item = scalar.first?.1, ["string", "text", "int", "bigint", "double", "bool", "uuid"].contains(item) else {
                notExpressible(column.name, "arrays of \(type) have no taxigen type", "use one of string, text, int, bigint, double, bool, uuid items")
                return nil
            }
            return [("type", "array"), ("items", item)] + scalar.dropFirst()
        }
        return scalar
    }

    private mutating func scalarType(_ type: String, column: String, isArray: Bool) -> [(String, String)]? {
        if let length = argument(of: type, prefix: "character varying(") ?? argument(of: type, prefix: "character(") {
            return [("type", "string"), ("max_length", String(length))]
        }
        switch type {
        case "character varying", "text": return [("type", "text")]
        case "integer", "smallint": return [("type", "int")]
        case "bigint": return [("type", "bigint")]
        case "double precision", "real": return [("type", "double")]
        case "boolean": return [("type", "bool")]
        case "date": return [("type", "date")]
        case "uuid": return [("type", "uuid")]
        case "jsonb", "json": return isArray ? nil : [("type", "json")]
        default: break
        }
        if type.hasPrefix("timestamp") { return [("type", "timestamp")] }
        if type.hasPrefix("numeric("), let inside = DumpText.parenthesized(Substring(type))?.inside {
            let parts = inside.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count >= 1 {
                return [("type", "decimal"), ("precision", String(parts[0]))] + (parts.count == 2 && parts[1] > 0 ? [("scale", String(parts[1]))] : [])
            }
        }
        if let dimensions = argument(of: type, prefix: "vector("), !isArray {
            return [("type", "vector"), ("dimensions", String(dimensions))]
        }
        let hint = type == "numeric" ? "give the column a precision and scale (ALTER TABLE \(table.name) ALTER COLUMN \(column) TYPE numeric(p,s)), then import again"
            : type == "bytea" ? "taxigen keeps bytea only for sensitive (sealed) fields: move the bytes to object storage, or leave this table outside taxigen"
            : "taxigen has no field type for \(type): convert the column to one it has, or leave this table outside taxigen"
        notExpressible(column, "column '\(column)' is \(type)\(isArray ? "[]" : ""), which no spec field type describes", hint)
        return nil
    }

    private func argument(of type: String, prefix: String) -> Int? {
        guard type.hasPrefix(prefix), type.hasSuffix(")") else { return nil }
        return Int(type.dropFirst(prefix.count).dropLast())
    }

    // MARK: defaults

    /// The spec default of a column's server default, or nil (with a finding when one is dropped).
    private mutating func defaultValue(_ column: ImportedSchema.Column, labels: [String]?, isRef: Bool) -> String? {
        guard let expression = column.defaultExpression, !isRef else { return nil }
        let lowered = expression.lowercased()
        if ["now()", "current_timestamp", "statement_timestamp()", "transaction_timestamp()", "localtimestamp"].contains(lowered)
            || lowered.hasPrefix("timezone('utc'") { return "now" }
        if lowered == "current_date" { return "today" }
        if ["gen_random_uuid()", "uuid_generate_v4()"].contains(lowered) { return "random" }
        if lowered == "true" || lowered == "false" { return lowered }
        var literal = expression
        if let cast = literal.range(of: "::", options: .backwards), literal.hasPrefix("'") || literal.hasPrefix("(") || literal.first?.isNumber == true || literal.hasPrefix("-") {
            literal = String(literal[..<cast.lowerBound])
        }
        if literal.hasPrefix("(") && literal.hasSuffix(")") { literal = String(literal.dropFirst().dropLast()) }
        if Double(literal) != nil { return literal }
        if literal.hasPrefix("'") && literal.hasSuffix("'") {
            let value = DumpParser.stringLiteral(Substring(literal))
            if let labels { return labels.contains(value.lowercased()) ? yamlString(value.lowercased()) : nil }
            if column.type == "jsonb" || column.type == "json" { return value.isEmpty ? nil : value }
            if column.type.hasSuffix("[]") { return value == "{}" ? "[]" : dropped(column, expression) }
            if Double(value) != nil, column.type.hasPrefix("numeric") || ["integer", "bigint", "double precision"].contains(column.type) { return value }
            if column.type == "boolean" { return ["t", "true"].contains(value) ? "true" : "false" }
            if column.type.hasPrefix("timestamp") || column.type == "date" || column.type == "uuid" { return dropped(column, expression) }
            return yamlString(value)
        }
        if lowered.hasPrefix("nextval(") { return dropped(column, expression) }
        return dropped(column, expression)
    }

    private mutating func dropped(_ column: ImportedSchema.Column, _ expression: String) -> String? {
        finding(ImportFinding.Rule.unexpressible, column.name, "the default \(expression) of '\(column.name)' has no spec form",
                "the migration after the baseline drops it; set the value in the create request (or a `default:` the spec allows)")
        return nil
    }

    // MARK: foreign keys and indexes

    private mutating func foreignKeyFindings(_ fk: ImportedSchema.ForeignKey) {
        let columns = fk.columns.joined(separator: ", ")
        let isRef = fk.columns.count == 1 && reference(fk) != nil
        if let actions = fk.actions {
            finding(ImportFinding.Rule.cascade, fk.name, "foreign key \(fk.name) has \(actions)",
                    "taxigen never deletes rows behind the application's back: deletes are soft (deleted_at); delete the dependent rows explicitly where a hard delete is really meant")
        }
        finding(ImportFinding.Rule.foreignKeys, fk.name, "foreign key (\(columns)) → \(fk.referencedTable)(\(fk.referencedColumns.joined(separator: ", ")))",
                isRef ? "the spec has '\(fk.columns[0])' as a ref to \(entities[fk.referencedTable] ?? fk.referencedTable) (uuid + index, no constraint); the migration after the baseline drops the constraint"
                    : "the column\(fk.columns.count == 1 ? "" : "s") stay\(fk.columns.count == 1 ? "s" : "") plain (the referenced key is not an imported uuid key); the migration after the baseline drops the constraint")
        let indexed = table.indexes.contains { Array($0.columns.prefix(fk.columns.count)) == fk.columns }
            || table.uniques.contains { Array($0.columns.prefix(fk.columns.count)) == fk.columns }
            || table.primaryKey.map { Array($0.columns.prefix(fk.columns.count)) == fk.columns } == true
        if !indexed {
            finding(ImportFinding.Rule.referenceIndex, columns, "no index on the reference (\(columns))",
                    isRef ? "taxigen adds ix_\(table.name)_\(fk.columns[0]) (every ref is indexed)" : "the spec marks it `index: true`: taxigen adds the index")
        }
    }

    /// Index entries for the spec, and `unique:`/`index:` keys on single-column ones.
    private mutating func declaredIndexes(fieldNames: Set<String>, fields: inout [(name: String, keys: [(String, String)])]) -> [[(String, String)]] {
        var entries: [[(String, String)]] = []
        var marked: Set<String> = []
        func name(_ column: String) -> String? {
            if column == table.primaryKey?.columns.first, table.primaryKey?.columns.count == 1, fieldNames.contains("legacy_id") { return "legacy_id" }
            return fieldNames.contains(column) || ImportPlanner.auditColumns.contains(column) ? column : nil
        }
        func mark(_ column: String, _ key: String) {
            guard let position = fields.firstIndex(where: { $0.name == column }), !marked.contains(column + key),
                  !fields[position].keys.contains(where: { $0.0 == "unique" || ($0.0 == "type" && $0.1 == "ref" && key == "index") }) else { return }
            marked.insert(column + key)
            fields[position].keys.append((key, "true"))
        }
        var keys: [(columns: [String], unique: Bool, method: String, prefix: Bool)] = table.uniques.map { ($0.columns, true, "btree", false) }
        // A key that stays a plain field (composite, or a natural key such as a code) keeps its uniqueness.
        if let pk = table.primaryKey, pk.columns.count > 1 || fieldNames.contains(pk.columns[0]) { keys.append((pk.columns, true, "btree", false)) }
        for fk in table.foreignKeys where reference(fk) == nil {
            keys.append((fk.columns, false, "btree", false))
        }
        for index in table.indexes {
            guard BaselineSnapshot.isPlain(index) else {
                let kind = index.predicate != nil ? "partial" : index.hasExpression ? "on an expression"
                    : index.hasUndeclarableKey ? index.keyOptions.filter { !$0.isEmpty }.joined(separator: ", ") : index.method
                finding(ImportFinding.Rule.unmanaged, index.name, "index \(index.name) (\(kind)) has no spec form",
                        "it stays in the database as it is, outside taxigen's migrations; declare what it serves in `indexes:` or a named query if you want taxigen to own it")
                continue
            }
            keys.append((index.columns, index.unique, index.method, index.patternClass != nil))
        }
        var seen: Set<String> = []
        for key in keys {
            let columns = key.columns.compactMap(name)
            guard columns.count == key.columns.count, !columns.isEmpty else { continue }
            let signature = "\(columns)\(key.unique)\(key.method)\(key.prefix)"
            guard seen.insert(signature).inserted else { continue }
            if key.prefix {
                // A pattern operator class (Django's `_like` indexes): a prefix index.
                var entry: [(String, String)] = [("fields", "[\(columns[0])]"), ("prefix", "true")]
                if key.unique { entry.append(("unique", "true")) }
                entries.append(entry)
            } else if columns.count == 1, key.method == "btree", fieldNames.contains(columns[0]) {
                mark(columns[0], key.unique ? "unique" : "index")
            } else if columns.count == 1, key.method == "gin", fieldNames.contains(columns[0]), !key.unique {
                if let position = fields.firstIndex(where: { $0.name == columns[0] }) { fields[position].keys.append(("index", "gin")) }
            } else if !(columns == ["version"] && !key.unique) {
                var entry: [(String, String)] = [("fields", "[" + columns.joined(separator: ", ") + "]")]
                if key.unique { entry.append(("unique", "true")) }
                if key.method == "gin" { entry.append(("kind", "gin")) }
                entries.append(entry)
            }
        }
        for check in table.checks {
            finding(ImportFinding.Rule.unmanaged, check.name, "CHECK (\(check.expression))",
                    "it stays in the database as it is, outside taxigen's migrations; express it with the field's minimum/maximum/values/min_length so taxigen owns it, then drop the old constraint")
        }
        return entries
    }

    // MARK: output

    private func yaml(fields: [(name: String, keys: [(String, String)])], indexes: [[(String, String)]], jsonData: Bool) -> String {
        var lines = ["# Imported by `taxigen import` from table \(table.name) of the \(schema.schemaName) schema.", "entity: \(entity)"]
        if let explicit = ImportPlanner.explicitTable(table.name, entity: entity) { lines.append("table: \(explicit)") }
        if let comment = table.comment { lines.append("description: \(yamlString(comment))") }
        if jsonData { lines.append("json_data: true") }
        if fields.isEmpty {
            lines.append("fields: {}")
        } else {
            lines.append("fields:")
            for field in fields {
                lines.append("  \(field.name): { " + field.keys.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }")
            }
        }
        if !indexes.isEmpty {
            lines.append("indexes:")
            for entry in indexes {
                lines.append("  - { " + entry.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: findings

    private mutating func finding(_ rule: (String, String), _ object: String?, _ message: String, _ fix: String) {
        findings.append(ImportFinding(rule, table: table.name, object: object, message: message, fix: fix))
    }

    private mutating func notExpressible(_ object: String?, _ message: String, _ fix: String) {
        unexpressible = true
        finding(ImportFinding.Rule.unexpressible, object, message + ": table '\(table.name)' gets no spec and stays outside taxigen", fix)
    }
}

/// A YAML double-quoted scalar: a JSON string literal, which YAML 1.2 reads the same.
func yamlString(_ text: String) -> String {
    JSONLiteral.quote(text)
}
