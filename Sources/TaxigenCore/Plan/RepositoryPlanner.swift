/// Plans the repository of one entity: every SQL statement as text with `$n` placeholders, and the Swift that
/// binds each value and decodes each column. Nothing about SQL or types is decided in the templates.
struct RepositoryPlanner {
    let entity: Entity
    let directory: String

    func plan() -> [PlannedFile] {
        let context = makeContext()
        let name = context.typeName
        let shared = RenderContext(context)
        // An append-only entity's repository is an `AppendOnlyRepository`: no update, delete or restore at all.
        let template = entity.traits.appendOnly == nil ? "repository.swift" : "append-only-repository.swift"
        return [PlannedFile(path: "\(directory)/\(name).swift", template: template, shared: shared)]
    }

    /// The `SealedField` constant of a sensitive column (`CustomerTable.Sealed.taxNumber`): table, column,
    /// their former names and lookup, which the cipher binds each value to (with the row's key).
    private func sealedField(_ column: Column) -> String {
        "\(tableTypeName).Sealed.\(column.swiftIdentifier)"
    }

    /// The name of the generated table description (`CustomerTable`).
    private var tableTypeName: String { entity.name + GeneratedTypeSuffix.table }

    /// The declaration of a sensitive column's `SealedField` constant.
    private func sealedFieldDeclaration(_ column: Column) -> String {
        var arguments = ["table: \(SwiftTypeMapping.stringLiteral(entity.tableName))",
                         "column: \(SwiftTypeMapping.stringLiteral(column.name))"]
        if !column.formerNames.isEmpty {
            arguments.append("formerColumns: [" + column.formerNames.map(SwiftTypeMapping.stringLiteral).joined(separator: ", ") + "]")
        }
        if !entity.formerTableNames.isEmpty {
            arguments.append("formerTables: [" + entity.formerTableNames.map(SwiftTypeMapping.stringLiteral).joined(separator: ", ") + "]")
        }
        if let lookup = column.lookup {
            arguments.append("lookup: .\(lookup == .exact ? "exact" : "caseInsensitive")")
        }
        if column.sqlName != column.name { arguments.append("sqlColumn: \(SwiftTypeMapping.stringLiteral(column.sqlName))") }
        if let lookupColumn = lookupColumn(of: column), lookupColumn.sqlName != EntityBuilder.lookupColumnName(column.name) {
            arguments.append("lookupSQLColumn: \(SwiftTypeMapping.stringLiteral(lookupColumn.sqlName))")
        }
        arguments.append("isNullable: \(column.isNullable)")
        return "static let \(column.swiftIdentifier): SealedField = .init(" + arguments.joined(separator: ", ") + ")"
    }

    /// The lookup column of a sensitive field with `lookup:`, if any.
    private func lookupColumn(of column: Column) -> Column? {
        guard column.isSensitive, column.lookup != nil else { return nil }
        let name = EntityBuilder.lookupColumnName(column.name)
        return entity.columns.first { $0.name == name && $0.role == .lookup }
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
    /// cast to `sqlArrayType` (the type `InsertRow` binds the batch as) and expanded by `unnest`; `selectExpression`
    /// turns an unnested element into what the column takes. An array field cannot be an element of an array
    /// parameter, so each of its values travels as array text (`{"a","b"}`) cast back to an array of its items.
    private func bulkColumn(_ column: Column) -> (sqlArrayType: String, selectExpression: String) {
        let name = column.sqlName
        switch column.type {
        case .string, .text, .enumeration: return ("text[]", name)
        case .sealed: return ("bytea[]", name)
        case .int: return ("integer[]", name)
        case .bigint: return ("bigint[]", name)
        case .double: return ("double precision[]", name)
        case .decimal: return ("numeric[]", name)
        case .bool: return ("boolean[]", name)
        case .date: return ("date[]", name)
        case .timestamp: return ("timestamptz[]", name)
        case .uuid, .ref, .primaryKey: return ("uuid[]", name)
        case .json: return ("jsonb[]", name)
        case .vector: return ("text[]", "\(name)::vector")
        case .array(let item):
            let itemSQL = switch item {
            case .string, .text: "text"
            case .int: "integer"
            case .bigint: "bigint"
            case .double: "double precision"
            case .bool: "boolean"
            case .uuid: "uuid"
            }
            return ("text[]", "\(name)::\(itemSQL)[]")
        }
    }

    /// The statement that writes a column of `request` to the insert row `row` (an insert's parameter, or an
    /// element of the column's bulk array: `InsertRow` decides); a sealed value is bound to the row's key `id`.
    private func writeStatement(_ column: Column, value: String) -> String {
        let expression: String
        if case .enumeration = column.type {
            expression = value   // a generated enum is a `StoredEnum`, written as its raw value
        } else {
            expression = bindExpression(column, value: value)
        }
        return "try row.write(\(expression))"
    }

    /// The statement that writes the lookup digest of `value` (a sensitive column's Swift value) to `row`.
    private func lookupWriteStatement(_ column: Column, value: String) -> String {
        column.isNullable ? "try row.write(\(value).map { try cipher.lookupDigest(of: $0, for: \(sealedField(column))) })"
            : "try row.write(cipher.lookupDigest(of: \(value), for: \(sealedField(column))))"
    }

    /// The Swift expression that turns `value` (a column's Swift value) into something PostgresNIO binds; a
    /// sealed value is bound to the row whose key is the local `id`.
    private func bindExpression(_ column: Column, value: String) -> String {
        let optional = column.isNullable
        switch column.type {
        case .enumeration:
            return optional ? "\(value)?.rawValue" : "\(value).rawValue"
        case .vector:
            return optional ? "\(value).map(PGVector.init)" : "PGVector(\(value))"
        case .sealed:
            return optional ? "\(value).map { try cipher.seal($0, for: \(sealedField(column)), row: id) }"
                : "cipher.seal(\(value), for: \(sealedField(column)), row: id)"
        default:
            return value
        }
    }

    /// The Swift expression that decodes a column from `reader`.
    private func decodeExpression(_ column: Column) -> String {
        let type = SwiftTypeMapping.type(of: column, in: entity)
        switch column.type {
        case .enumeration:
            return "try reader.nextEnum(\(type).self)"
        case .sealed:
            return "try reader.nextSealed(cipher, field: \(sealedField(column)), row: id)"
        default:
            return "try reader.next(\(type).self)"
        }
    }

    private func makeContext() -> RepositoryContext {
        let table = entity.sqlTableName
        let key = entity.primaryKey
        let writable = entity.writableColumns
        // What the model holds, in the order `decode(_:)` reads it: the key, the create request's fields, then the
        // audit columns Taxiway's `nextStoredRowMetadata` / `nextAppendedRowMetadata` read. Lookup digests, which
        // only the repository reads and writes, are left out.
        let columns = [key] + writable + entity.columns.filter { $0.role.isServerManaged && $0.role != .primaryKey }
        // An entity with sensitive fields gets its key from the repository (`UUID()`), not the database's
        // default: each sealed value is bound to its row's key, which must be known before the insert.
        // An append-only entity's key is always made by its repository (a UUIDv7), which binds it itself, first.
        let appendOnly = entity.traits.appendOnly != nil
        let presetsKey = entity.hasSensitiveFields || appendOnly
        var inserted: [Column] = presetsKey && !appendOnly ? [key] : []
        for column in writable {
            inserted.append(column)
            if let lookup = lookupColumn(of: column) { inserted.append(lookup) }
        }
        let insertedColumns = inserted.map { column -> String in
            let bulk = bulkColumn(column)
            var arguments = [SwiftTypeMapping.stringLiteral(column.sqlName)]
            let cast = placeholderCast(column)
            if !cast.isEmpty { arguments.append("cast: \(SwiftTypeMapping.stringLiteral(cast))") }
            arguments.append("arrayType: \(SwiftTypeMapping.stringLiteral(bulk.sqlArrayType))")
            if bulk.selectExpression != column.sqlName {
                arguments.append("bulkExpression: \(SwiftTypeMapping.stringLiteral(bulk.selectExpression))")
            }
            return "InsertedColumn(" + arguments.joined(separator: ", ") + ")"
        }
        // A unique lookup digest names its sensitive field in DuplicateEntity, not the digest's column.
        let lookupOwners = Dictionary(uniqueKeysWithValues: writable.compactMap { column in
            lookupColumn(of: column).map { ($0.name, column.name) }
        })
        let uniqueFields = entity.indexes.filter(\.isUnique).map { index in
            // A tenant-scoped entity's unique indexes lead with the tenant key; the fields a duplicate names are the rest.
            let fields = index.columns.filter { $0 != entity.traits.tenantKey }.map { lookupOwners[$0] ?? $0 }
            return "\(SwiftTypeMapping.stringLiteral(index.name)): \(SwiftTypeMapping.stringLiteral(fields.joined(separator: ", ")))"
        }

        // A sensitive field with `lookup:` is found through the digests of the value (under every lookup key
        // and column name the cipher knows), never through its sealed column.
        let lookupFinders = writable.compactMap { column -> LookupFinderContext? in
            guard let lookup = lookupColumn(of: column) else { return nil }
            let label = "by" + Naming.upperCamelCase(column.name)
            let predicate = "{ $0.\(lookup.swiftIdentifier).matches(digests) }"
            if column.isUnique {
                return LookupFinderContext(
                    docLine: "The active \(phrase) whose `\(column.name)` is `value` (unique among active rows), or nil; found through its keyed lookup digest.",
                    signature: "find(\(label) value: String) async throws -> \(entity.name)?",
                    property: column.swiftIdentifier, call: "return try await first(where: \(predicate))")
            }
            return LookupFinderContext(
                docLine: "One page of the \(phrase) rows whose `\(column.name)` is `value`, found through its keyed lookup digest.",
                signature: "list(\(label) value: String, page: PageRequest\(appendOnly ? "" : ", includeDeleted: Bool = false")) async throws -> Page<\(entity.name)>",
                property: column.swiftIdentifier,
                call: "return try await list(where: \(predicate), page: page\(appendOnly ? "" : ", includeDeleted: includeDeleted"))")
        }

        let uniqueFinders = columns.filter { $0.isUnique && !$0.isSensitive }.map { column in
            UniqueFinderContext(field: column.name, label: "by" + Naming.upperCamelCase(column.name),
                                parameterType: SwiftTypeMapping.baseType(of: column.type, in: entity),
                                column: column.swiftIdentifier)
        }

        let decode = writable.enumerated().map { offset, column in
            ArgumentContext(label: column.swiftName, expression: decodeExpression(column), isLast: offset == writable.count - 1)
        }
        let sealedFields = writable.filter(\.isSensitive)
        let namedQueries = NamedQueryPlanner(entity: entity).methods()
        // An append-only table's cipher initialiser and reseal are generated; a regular table gets them from Taxiway.
        let hasExtension = (appendOnly && entity.hasSensitiveFields) || !uniqueFinders.isEmpty || !lookupFinders.isEmpty
            || !namedQueries.isEmpty

        return RepositoryContext(
            header: FileHeader(comment: "//", source: entity.specPath),
            typeName: entity.name + GeneratedTypeSuffix.repository, tableTypeName: tableTypeName,
            entityName: entity.name, entityPhrase: phrase,
            hasCipher: entity.hasSensitiveFields,
            isPartitioned: entity.traits.appendOnly?.partitioning != nil,
            sealedFieldDeclarations: sealedFields.map(sealedFieldDeclaration),
            sealedTableDeclaration: "public static let sealedTable: SealedTable = .init(sqlName: \(SwiftTypeMapping.stringLiteral(table)), keyColumn: \(SwiftTypeMapping.stringLiteral(key.sqlName)), fields: [" + sealedFields.map { "Sealed.\($0.swiftIdentifier)" }.joined(separator: ", ") + "])",
            sensitiveFieldList: sealedFields.map { "`\($0.name)`" }.joined(separator: ", "),
            createName: entity.name + GeneratedTypeSuffix.create,
            uniqueFieldsLiteral: uniqueFields.isEmpty ? "[:]" : "[" + uniqueFields.joined(separator: ", ") + "]",
            accessLogged: entity.traits.accessLog,
            tenantKeyArgument: entity.traits.tenantKey.map { ", tenantKey: \(SwiftTypeMapping.stringLiteral(Naming.sqlIdentifier($0)))" } ?? "",
            tableSQL: SwiftTypeMapping.stringLiteral(table), keySQL: SwiftTypeMapping.stringLiteral(key.sqlName),
            selectColumnLines: Self.wrapped(columns.map { SwiftTypeMapping.stringLiteral(selectExpression($0)) }),
            insertedColumns: insertedColumns,
            dataColumnArgument: entity.hasJSONData
                ? ", dataColumn: " + SwiftTypeMapping.stringLiteral(Naming.sqlIdentifier("data")) : "",
            // A regular table writes a request through its fields list (Taxiway's `write(_:to:)`); an
            // append-only one through these, after the key its repository binds first.
            writeStatements: !appendOnly ? [] : writable.flatMap { column in
                [writeStatement(column, value: "request.\(column.swiftName)")]
                    + (lookupColumn(of: column) == nil ? [] : [lookupWriteStatement(column, value: "request.\(column.swiftName)")])
            },
            decodeArguments: decode, hasDecodeArguments: !decode.isEmpty,
            uniqueFinders: uniqueFinders, lookupFinders: lookupFinders, namedQueries: namedQueries,
            hasQueryConditions: namedQueries.contains { !$0.conditionLines.isEmpty }, hasExtension: hasExtension,
            hasHistory: entity.traits.history,
            historyTableSQL: entity.traits.history ? SwiftTypeMapping.stringLiteral(Naming.sqlIdentifier(HistoryNames.table(of: entity.tableName))) : "",
            historyTableName: HistoryNames.table(of: entity.tableName))
    }

    /// `items` joined with ", " into lines of at most about 100 characters, each ending with a comma.
    static func wrapped(_ items: [String], width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = ""
        var length = 0  // line.count, kept rather than counted again for every item
        for item in items {
            let itemLength = item.count
            if !line.isEmpty, length + itemLength + 2 > width {
                lines.append(line)
                line = ""
                length = 0
            }
            if !line.isEmpty {
                line += " "
                length += 1
            }
            line += item + ","
            length += itemLength + 1
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private var phrase: String { entity.snakeName.replacing(character: "_", with: " ") }
}
