/// Plans the repository of one entity: every SQL statement as text with `$n` placeholders, and the Swift that
/// binds each value and decodes each column. Nothing about SQL or types is decided in the templates.
struct RepositoryPlanner {
    let entity: Entity
    let directory: String

    func plan() -> [PlannedFile] {
        let context = makeContext()
        let name = context.typeName
        let shared = RenderContext(context)
        return [
            PlannedFile(path: "\(directory)/\(name).swift", template: "repository.swift", shared: shared),
            PlannedFile(path: "\(directory)/\(name)+Queries.swift", template: "repository-queries.swift", shared: shared),
            PlannedFile(path: "\(directory)/\(name)+Rows.swift", template: "repository-rows.swift", shared: shared),
        ]
    }

    /// The cipher context of a sealed column: `table.column`, bound as authenticated data.
    private func cipherContext(_ column: Column) -> String {
        SwiftTypeMapping.stringLiteral("\(entity.tableName).\(column.name)")
    }

    /// The SQL that reads a column, cast where PostgresNIO needs another type (`vector` → `real[]`).
    private func selectExpression(_ column: Column) -> String {
        if case .vector = column.type { return "\(column.sqlName)::real[]" }
        return column.sqlName
    }

    /// The cast a placeholder needs to reach the column's type.
    private func placeholderCast(_ column: Column) -> String {
        if case .vector = column.type { return "::vector" }
        return ""
    }

    /// How a column travels in a bulk insert: the batch's values of the column are bound as one array
    /// (`arrayType`, a `PostgresDataType`) cast to `sqlArrayType` and expanded by `unnest`; `selectExpression`
    /// turns an unnested element into what the column takes. An array field cannot be an element of an array
    /// parameter, so each of its values travels as array text (`{"a","b"}`) cast back to an array of its items.
    private func bulkColumn(_ column: Column) -> (arrayType: String, sqlArrayType: String, selectExpression: String) {
        let name = column.sqlName
        switch column.type {
        case .string, .text, .enumeration: return (".textArray", "text[]", name)
        case .sealed: return (".byteaArray", "bytea[]", name)
        case .int: return (".int4Array", "integer[]", name)
        case .bigint: return (".int8Array", "bigint[]", name)
        case .double: return (".float8Array", "double precision[]", name)
        case .decimal: return (".numericArray", "numeric[]", name)
        case .bool: return (".boolArray", "boolean[]", name)
        case .date: return (".dateArray", "date[]", name)
        case .timestamp: return (".timestamptzArray", "timestamptz[]", name)
        case .uuid, .ref, .primaryKey: return (".uuidArray", "uuid[]", name)
        case .json: return (".jsonbArray", "jsonb[]", name)
        case .vector: return (".textArray", "text[]", "\(name)::vector")
        case .array(let item):
            let itemSQL = switch item {
            case .string, .text: "text"
            case .int: "integer"
            case .bigint: "bigint"
            case .double: "double precision"
            case .bool: "boolean"
            case .uuid: "uuid"
            }
            return (".textArray", "text[]", "\(name)::\(itemSQL)[]")
        }
    }

    /// The statement that appends one column of a batch (`batch`, a slice of create requests) to `bindings`.
    private func bulkBindStatement(_ column: Column) -> String {
        let value = "request.\(column.swiftName)"
        let expression: String
        if case .array(let item) = column.type {
            let literal = switch item {
            case .string, .text: "ArrayLiteral.text"
            case .uuid: "ArrayLiteral.uuids"
            case .int, .bigint, .double, .bool: "ArrayLiteral.plain"
            }
            expression = column.isNullable ? "\(value).map(\(literal))" : "\(literal)(\(value))"
        } else {
            expression = bindExpression(column, value: value)
        }
        let throwing = if case .sealed = column.type { "try " } else { "" }
        return "try bindings.append(BulkColumn(batch.map { request in \(throwing)\(expression) }, type: \(bulkColumn(column).arrayType)))"
    }

    /// The Swift expression that turns `value` (a column's Swift value) into something PostgresNIO binds.
    private func bindExpression(_ column: Column, value: String) -> String {
        let optional = column.isNullable
        switch column.type {
        case .enumeration:
            return optional ? "\(value)?.rawValue" : "\(value).rawValue"
        case .vector:
            return optional ? "\(value).map(PGVector.init)" : "PGVector(\(value))"
        case .sealed:
            return optional ? "\(value).map { try cipher.sealValue($0, context: \(cipherContext(column))) }"
                : "cipher.sealValue(\(value), context: \(cipherContext(column)))"
        default:
            return value
        }
    }

    /// The statement that appends a column's value to `bindings`, with `try` only where something can throw:
    /// sealing, and PostgresNIO's `Decimal` encoding (the only throwing encoder among the mapped types).
    private func bindStatement(_ column: Column, value: String) -> String {
        let expression = bindExpression(column, value: value)
        let throwing: Bool
        switch column.type {
        case .sealed, .decimal: throwing = true
        default: throwing = false
        }
        return (throwing ? "try " : "") + "bindings.append(\(expression))"
    }

    /// The Swift expression that decodes a column from `reader`.
    private func decodeExpression(_ column: Column) -> String {
        let type = SwiftTypeMapping.type(of: column, in: entity)
        switch column.type {
        case .enumeration:
            return "try reader.nextEnum(\(type).self)"
        case .sealed:
            return "try reader.nextSealed(cipher, context: \(cipherContext(column)))"
        default:
            return "try reader.next(\(type).self)"
        }
    }

    private func makeContext() -> RepositoryContext {
        let table = entity.sqlTableName
        let key = entity.primaryKey
        let columns = entity.columns
        let writable = entity.writableColumns
        let selectList = columns.map(selectExpression).joined(separator: ", ")
        let returning = "RETURNING \(selectList)"
        let insertColumns = writable.map(\.sqlName).joined(separator: ", ")
        let placeholders = writable.enumerated().map { "$\($0.offset + 1)\(placeholderCast($0.element))" }
            .joined(separator: ", ")
        let insert = writable.isEmpty ? "INSERT INTO \(table) DEFAULT VALUES \(returning)"
            : "INSERT INTO \(table) (\(insertColumns)) VALUES (\(placeholders)) \(returning)"
        // A batch in one statement: one array parameter per column, expanded row by row with unnest (a
        // statement of fixed text and size, unlike a multi-row VALUES list).
        let bulkInsert: String
        let bulkBindings: [String]
        if writable.isEmpty {
            bulkInsert = "INSERT INTO \(table) SELECT FROM generate_series(1, $1::bigint) \(returning)"
            bulkBindings = ["bindings.append(Int64(batch.count))"]
        } else {
            let parts = writable.map(bulkColumn)
            let arrays = parts.enumerated().map { "$\($0.offset + 1)::\($0.element.sqlArrayType)" }.joined(separator: ", ")
            bulkInsert = "INSERT INTO \(table) (\(insertColumns)) SELECT \(parts.map(\.selectExpression).joined(separator: ", "))"
                + " FROM unnest(\(arrays)) AS bulk(\(insertColumns)) \(returning)"
            bulkBindings = writable.map(bulkBindStatement)
        }
        let deletedAt = Naming.sqlIdentifier("deleted_at")
        let select = "SELECT \(selectList) FROM \(table)"

        let uniqueFields = entity.indexes.filter(\.isUnique).map { index in
            "\(SwiftTypeMapping.stringLiteral(index.name)): \(SwiftTypeMapping.stringLiteral(index.columns.joined(separator: ", ")))"
        }

        let patchable = writable.filter { !$0.isImmutable }
        let patchAssignments = patchable.map { column in
            PatchAssignmentContext(identifier: column.swiftIdentifier, bindStatement: bindStatement(column, value: "value"),
                                   column: SwiftTypeMapping.stringLiteral(column.sqlName), cast: placeholderCast(column))
        }

        let uniqueFinders = columns.filter { $0.isUnique }.map { column in
            let base = SwiftTypeMapping.baseType(of: column.type, in: entity)
            return FinderContext(methodName: "find", label: "by" + Naming.upperCamelCase(column.name),
                                 parameterType: base,
                                 bindStatement: bindStatement(column.withNullability(false), value: "value"),
                                 column: SwiftTypeMapping.stringLiteral(column.sqlName),
                                 docLine: "The active \(phrase) whose `\(column.name)` is `value` (unique among active rows), or nil.",
                                 filterLabel: column.swiftName,
                                 statementName: "findBy" + Naming.upperCamelCase(column.name),
                                 sql: SwiftTypeMapping.stringLiteral("\(select) WHERE \(column.sqlName) = $1\(placeholderCast(column)) AND \(deletedAt) IS NULL"))
        }
        let refLookups = entity.refs.map { ref in
            FinderContext(methodName: "list", label: "by" + Naming.upperCamelCase(ref.column.name), parameterType: "UUID",
                          bindStatement: "bindings.append(value)", column: SwiftTypeMapping.stringLiteral(ref.column.sqlName),
                          docLine: "One page of the \(phrase) rows whose `\(ref.column.name)` is `value`, through its index.",
                          filterLabel: ref.column.swiftName, statementName: "", sql: "")
        }

        let filterColumns = filterableColumns()
        let filters = filterColumns.enumerated().map { offset, column in
            FilterContext(identifier: column.swiftIdentifier, name: column.swiftName,
                          type: SwiftTypeMapping.baseType(of: column.type, in: entity) + "?",
                          bindStatement: bindStatement(column.withNullability(false), value: "value"),
                          column: SwiftTypeMapping.stringLiteral(column.sqlName), docLine: "Only rows whose `\(column.name)` equals this value.",
                          isLast: offset == filterColumns.count - 1)
        }
        var sortKeys = [SortKeyContext(identifier: "createdAt", column: SwiftTypeMapping.stringLiteral("created_at")),
                        SortKeyContext(identifier: "updatedAt", column: SwiftTypeMapping.stringLiteral("updated_at"))]
        for column in filterColumns where !column.type.isRef && sortKeys.allSatisfy({ $0.identifier != column.swiftIdentifier }) {
            sortKeys.append(SortKeyContext(identifier: column.swiftIdentifier, column: SwiftTypeMapping.stringLiteral(column.sqlName)))
        }

        let decode = columns.enumerated().map { offset, column in
            ArgumentContext(label: column.swiftName, expression: decodeExpression(column), isLast: offset == columns.count - 1)
        }
        let dataColumn = Naming.sqlIdentifier("data")

        return RepositoryContext(
            header: FileHeader(comment: "//", source: entity.specPath),
            typeName: entity.name + GeneratedTypeSuffix.repository, entityName: entity.name, entityPhrase: phrase,
            tableName: entity.tableName, keyIdentifier: key.swiftIdentifier, hasCipher: entity.hasSensitiveFields,
            hasJSONData: entity.hasJSONData, createName: entity.name + GeneratedTypeSuffix.create,
            patchName: entity.name + GeneratedTypeSuffix.patch, filterName: "Filter", sortName: "SortKey",
            uniqueFieldsLiteral: uniqueFields.isEmpty ? "[:]" : "[" + uniqueFields.joined(separator: ", ") + "]",
            selectSQL: SwiftTypeMapping.stringLiteral(select),
            findSQL: SwiftTypeMapping.stringLiteral("\(select) WHERE \(key.sqlName) = $1 AND \(deletedAt) IS NULL"),
            findIncludingDeletedSQL: SwiftTypeMapping.stringLiteral("\(select) WHERE \(key.sqlName) = $1"),
            insertSQL: SwiftTypeMapping.stringLiteral(insert),
            bulkInsertSQL: SwiftTypeMapping.stringLiteral(bulkInsert),
            returningSQL: SwiftTypeMapping.stringLiteral(" " + returning),
            insertColumnCount: writable.count,
            keyColumnSQL: SwiftTypeMapping.stringLiteral(key.sqlName),
            updateSQLPrefix: SwiftTypeMapping.stringLiteral("UPDATE \(table) SET "),
            touchAssignments: SwiftTypeMapping.stringLiteral("updated_at = now(), version = version + 1"),
            softDeleteSQL: SwiftTypeMapping.stringLiteral("UPDATE \(table) SET \(deletedAt) = now(), updated_at = now(), version = version + 1 WHERE \(key.sqlName) = $1 AND version = $2 AND \(deletedAt) IS NULL \(returning)"),
            restoreSQL: SwiftTypeMapping.stringLiteral("UPDATE \(table) SET \(deletedAt) = NULL, updated_at = now(), version = version + 1 WHERE \(key.sqlName) = $1 AND version = $2 AND \(deletedAt) IS NOT NULL \(returning)"),
            versionProbeSQL: SwiftTypeMapping.stringLiteral("SELECT version, \(deletedAt) IS NOT NULL FROM \(table) WHERE \(key.sqlName) = $1"),
            countSQL: SwiftTypeMapping.stringLiteral("SELECT count(*) FROM \(table)"),
            dataSetSQL: SwiftTypeMapping.stringLiteral("UPDATE \(table) SET \(dataColumn) = jsonb_set(CASE WHEN jsonb_typeof(\(dataColumn)) = 'object' THEN \(dataColumn) ELSE '{}'::jsonb END, ARRAY[$1::text], $2::jsonb, true), updated_at = now(), version = version + 1 WHERE \(key.sqlName) = $3 AND version = $4 AND \(deletedAt) IS NULL \(returning)"),
            dataContainsSQL: SwiftTypeMapping.stringLiteral("\(dataColumn) @> $"),
            createBindings: writable.map { bindStatement($0, value: "request.\($0.swiftName)") },
            bulkBindings: bulkBindings,
            decodeArguments: decode, patchAssignments: patchAssignments, uniqueFinders: uniqueFinders,
            refLookups: refLookups, filters: filters, hasFilters: !filters.isEmpty, sortKeys: sortKeys)
    }

    private var phrase: String { entity.snakeName.replacing(character: "_", with: " ") }

    /// Columns `list` and `count` can filter on: those that lead an index and compare with `=`.
    private func filterableColumns() -> [Column] {
        let leading = Set(entity.indexes.filter { $0.kind == .btree }.compactMap(\.columns.first))
        return entity.columns.filter { column in
            guard leading.contains(column.name), column.role == .field else { return false }
            switch column.type {
            case .json, .array, .vector, .sealed: return false
            default: return true
            }
        }
    }
}

extension Column {
    /// The same column, with another nullability (for values that are never nil where they are bound).
    func withNullability(_ nullable: Bool) -> Column {
        Column(name: name, role: role, type: type, isNullable: nullable, defaultValue: defaultValue, isUnique: isUnique,
               isImmutable: isImmutable, description: description, renamedFrom: renamedFrom, rules: rules, example: example,
               location: location)
    }
}

extension FieldType {
    /// Whether the type is a ref.
    var isRef: Bool {
        if case .ref = self { true } else { false }
    }
}
