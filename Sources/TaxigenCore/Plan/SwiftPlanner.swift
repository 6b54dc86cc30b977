/// Plans the two Swift files of one entity besides its repository: the model (with its response type, typed
/// columns, enums and data helpers) and the create request (with the patch).
struct SwiftPlanner {
    let entity: Entity
    /// The directory (relative to the output root) that holds the entity's Swift files.
    let directory: String
    /// Each field's `///` documentation by column name, printed on the create request's property.
    private let documentation: [String: [String]]

    init(entity: Entity, directory: String) {
        self.entity = entity
        self.directory = directory
        var documentation: [String: [String]] = [:]
        for column in entity.columns {
            var lines = FieldDocumentation.lines(for: column)
            if column.isSensitive {
                if !lines.isEmpty { lines.append("") }
                lines.append("Sensitive: sealed with the field cipher before it reaches the database"
                    + (column.lookup == nil ? "; printed as `<redacted>`."
                        : "; printed as `<redacted>`; found through its keyed lookup digest (`\(EntityBuilder.lookupColumnName(column.name))`)."))
            }
            documentation[column.name] = DocLines.comment(lines)
        }
        self.documentation = documentation
    }

    /// One Swift file of an entity.
    enum File: CaseIterable {
        /// The model with its response type, typed columns, enums and `data` helpers.
        case model
        /// The create request with its validation, and the patch (an append-only entity has none).
        case create

        /// The file's template.
        var template: String {
            switch self {
            case .model: "model.swift"
            case .create: "create.swift"
            }
        }

        /// The file's name for the entity `name`.
        func fileName(entity name: String) -> String {
            switch self {
            case .model: "\(name).swift"
            case .create: "\(name)\(GeneratedTypeSuffix.create).swift"
            }
        }
    }

    /// The Swift files of `entity`, in order: decided here once, for the plan and for lint (which needs their
    /// names, not their contexts).
    static func files(of entity: Entity) -> [File] {
        File.allCases
    }

    /// The planned files, each with its context.
    func plan() -> [PlannedFile] {
        Self.files(of: entity).map { file in
            PlannedFile(path: "\(directory)/\(file.fileName(entity: entity.name))", template: file.template, shared: context(of: file))
        }
    }

    private func context(of file: File) -> RenderContext {
        switch file {
        case .model: RenderContext(modelContext())
        case .create: RenderContext(createContext())
        }
    }

    private var header: FileHeader { FileHeader(comment: "//", source: entity.specPath) }

    /// `customer`, `order line`: the entity's name in prose.
    private var phrase: String { entity.snakeName.replacing(character: "_", with: " ") }

    /// The create request's stored properties, each with its initializer default (the spec's, or nil for an
    /// optional field).
    private func properties(_ columns: [Column]) -> [PropertyContext] {
        columns.enumerated().map { offset, column in
            var defaultClause = ""
            if let value = column.defaultValue {
                var literal = SwiftTypeMapping.literal(value, for: column.type)
                // `.none` (or `.some`) given to an optional would mean Optional's own case, not the enum's.
                if column.isNullable, SwiftTypeMapping.optionalCases.contains(literal) {
                    literal = SwiftTypeMapping.baseType(of: column.type, in: entity) + literal
                }
                defaultClause = " = " + literal
            } else if column.isNullable {
                defaultClause = " = nil"
            }
            return PropertyContext(identifier: column.swiftIdentifier, name: column.swiftName, column: column.name,
                                   coding: column.isNullable ? "optional" : "required",
                                   type: SwiftTypeMapping.type(of: column, in: entity), docLines: documentation[column.name] ?? [],
                                   defaultClause: defaultClause, isLast: offset == columns.count - 1)
        }
    }

    private func modelContext() -> ModelContext {
        var lines = DocLines.of(entity.description)
        if !lines.isEmpty { lines.append("") }
        lines.append("A row of the `\(entity.tableName)` table.")
        let appendOnly = entity.traits.appendOnly != nil
        let key = entity.primaryKey
        // A field is read and written as the model's own through `EntityModel`'s dynamic member lookup, but
        // for one named like a method every model has (`hash(into:)`, `encode(to:)`: member lookup finds the
        // method first) and for `data`, which `JSONDataCarrier` requires: those get a property of their own.
        let declared = entity.writableColumns.filter {
            SwiftReservedNames.modelMethodNames.contains($0.swiftName) || $0.role == .data
        }
        let fields = declared.map { column -> String in
            let type = SwiftTypeMapping.type(of: column, in: entity)
            let name = column.swiftName
            let line = "public var \(column.swiftIdentifier): \(type) { get { fieldValues.\(name) } set { fieldValues.\(name) = newValue } }"
            guard line.count > 104 else { return "    " + line }
            return "    public var \(column.swiftIdentifier): \(type) {\n"
                + "        get { fieldValues.\(name) }\n"
                + "        set { fieldValues.\(name) = newValue }\n"
                + "    }"
        }
        return ModelContext(header: header, typeName: entity.name, docLines: DocLines.comment(lines),
                            createName: entity.name + GeneratedTypeSuffix.create,
                            modelProtocol: appendOnly ? "AppendedModel" : "StoredModel",
                            metadataType: appendOnly ? "AppendedRowMetadata" : "StoredRowMetadata",
                            metadataDoc: appendOnly ? "The key and `created_at`, set by the database."
                                : "The key, timestamps and version, set by the database.",
                            keyColumn: SwiftTypeMapping.stringLiteral(key.name),
                            keyProperty: SwiftTypeMapping.stringLiteral(key.swiftName),
                            keyIdentifier: key.swiftIdentifier,
                            keyDoc: DocLines.of(key.description).first ?? "The primary key.",
                            fieldLines: fields, hasFields: !fields.isEmpty,
                            response: ResponseAliasContext(typeName: entity.name + GeneratedTypeSuffix.response,
                                                           omittedFields: sensitiveFieldList),
                            columns: columnsContext(), enums: enumsContext(),
                            data: entity.hasJSONData ? JSONDataContext(typeName: entity.name) : nil)
    }

    /// The sensitive fields in prose (`` `tax_number` and `phone` ``), or nil when there are none.
    private var sensitiveFieldList: String? {
        let names = entity.columns.filter(\.isSensitive).map { "`\($0.name)`" }
        guard let last = names.last else { return nil }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }

    private func columnsContext() -> ColumnsContext {
        // The audit columns come from Taxiway's `ModelColumns`, for every model alike.
        let columns = entity.columns.filter { !$0.role.isAudit }.map { column in
            // A field's column is named as its property, which documents it; the key and the lookup digests
            // say what they hold.
            ColumnConstantContext(identifier: column.swiftIdentifier, declaration: columnDeclaration(column),
                                  docLines: column.role == .field ? []
                                      : DocLines.comment(["`\(column.name)`: \(DocLines.of(column.description).first ?? "")"]))
        }
        return ColumnsContext(typeName: entity.name, tableName: entity.tableName, columns: columns,
                              allNameLines: RepositoryPlanner.wrapped(entity.columns.map { SwiftTypeMapping.stringLiteral($0.sqlName) }))
    }

    /// The typed column of `column`: its Swift type, SQL name, placeholder cast and (for a vector) the distance
    /// operator its index serves, and how a model reads it. Sealed values and lookup digests are opaque: no
    /// predicate compares them (a lookup finder matches digests).
    private func columnDeclaration(_ column: Column) -> String {
        let name = SwiftTypeMapping.stringLiteral(column.sqlName)
        if column.isSensitive || column.role == .lookup {
            return "Column<\(entity.name), OpaqueValue> = .init(\(name))"
        }
        var arguments = [name]
        if case .array = column.type {
            // The bound array is cast to the column's own type: `varchar[] && text[]` has no operator.
            arguments.append("cast: \"::\(SQLTypeMapping.type(of: column))\"")
        }
        if case .vector(_, let distance) = column.type {
            arguments.append("cast: \"::vector\"")
            arguments.append("distanceOperator: \"\(distance.sqlOperator)\"")
        }
        let type = SwiftTypeMapping.type(of: column, in: entity)
        return "Column<\(entity.name), \(type)> = .init(\(arguments.joined(separator: ", "))) { $0.\(column.swiftIdentifier) }"
    }

    /// The enums of the entity's enum fields, or nil when it has none.
    private func enumsContext() -> EnumsContext? {
        var enums: [EnumContext] = []
        for column in entity.columns {
            guard case .enumeration(let enumType) = column.type else { continue }
            let cases = zip(enumType.values, enumType.swiftCases).map { raw, identifier in
                EnumCaseContext(identifier: identifier,
                                rawValueClause: Naming.lowerCamelCase(raw) == raw ? "" : " = \(SwiftTypeMapping.stringLiteral(raw))")
            }
            var lines = DocLines.of(column.description)
            if !lines.isEmpty { lines.append("") }
            lines.append("The values of `\(column.name)`; the database refuses any other value.")
            enums.append(EnumContext(name: enumType.swiftName, field: column.name, docLines: DocLines.comment(lines), cases: cases,
                                     isFirst: enums.isEmpty))
        }
        return enums.isEmpty ? nil : EnumsContext(typeName: entity.name, enums: enums)
    }

    private func createContext() -> CreateContext {
        let columns = entity.writableColumns
        return CreateContext(header: header, typeName: entity.name + GeneratedTypeSuffix.create, entityName: entity.name,
                             entityPhrase: Self.withArticle(phrase),
                             fieldList: "\(entity.name).\(fieldsTypeName)",
                             properties: properties(columns),
                             hasProperties: !columns.isEmpty,
                             redaction: redaction(typeName: entity.name + GeneratedTypeSuffix.create, columns: columns),
                             fields: fieldsContext())
    }

    /// `words` after "a", or "an" when they start with a vowel sound (`an order line`, `` an `OrderCreate` ``,
    /// `a user`, `an update`), told by the spelling of their first letters.
    static func withArticle(_ words: String) -> String {
        let letters = Array(words.lowercased().filter(\.isLetter).prefix(3))
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        guard let first = letters.first, vowels.contains(first) else { return "a " + words }
        // "eu" and "one" sound like "y" and "w"; a "u" before one consonant and a vowel sounds like "you".
        if letters.starts(with: ["e", "u"]) || letters.starts(with: ["o", "n", "e"]) { return "a " + words }
        if first == "u", letters.count == 3, !vowels.contains(letters[1]), vowels.contains(letters[2]) { return "a " + words }
        return "an " + words
    }

    /// `PatchFields`, or `RequestFields` for an append-only entity, whose rows are never changed.
    private var fieldsTypeName: String {
        entity.traits.appendOnly == nil ? "PatchFields" : "RequestFields"
    }

    /// The fields of the create request, with their key paths, keys and rules: the ones a patch may set
    /// (`PatchableField`), and the immutable ones, or every one of an append-only entity (`FixedField`).
    private func fieldsContext() -> FieldsContext {
        let columns = entity.writableColumns
        let patchable = entity.traits.appendOnly == nil
        let requestName = entity.name + GeneratedTypeSuffix.create
        let fields = columns.map { column -> FieldContext in
            let checks = ValidationPlanner.checks(for: column, value: "value")
            let keyPath = "\\.\(column.swiftIdentifier)"
            let valueType = SwiftTypeMapping.type(of: column, in: entity)
            let key = SwiftTypeMapping.stringLiteral(column.name)
            // The type is spelled, so the rest of the module reads it without checking the initial value.
            // A regular entity's field names its column (its table inserts the request through this list): as is,
            // as a pgvector `vector`, or sealed. An append-only entity's table writes its rows itself.
            let source: String
            if !patchable {
                source = "\(column.isSensitive ? "sensitiveKey" : "key"): \(key)"
            } else if column.isSensitive {
                source = "sealed: \(entity.name)\(GeneratedTypeSuffix.table).Sealed.\(column.swiftIdentifier)"
            } else {
                let vector: String
                if case .vector = column.type { vector = "vector: " } else { vector = "" }
                let customKey = column.sqlName == column.name ? "" : ", key: \(key)"
                source = "\(vector)\(entity.name).columns.\(column.swiftIdentifier)\(customKey)"
            }
            let doc: String
            let fieldType: String
            if patchable, !column.isImmutable {
                doc = "Sets ``\(entity.name)/\(column.swiftName)``"
                fieldType = "PatchableField"
            } else {
                // Every field of an append-only entity is set only when created; the immutable ones say so.
                doc = "``\(entity.name)/\(column.swiftName)``" + (patchable ? ", set only when created" : "")
                fieldType = "FixedField"
            }
            let declaration = "\(fieldType)<\(valueType)> = .init(\(keyPath), \(source))"
            return FieldContext(identifier: column.swiftIdentifier, declaration: declaration,
                                docLines: DocLines.comment([doc + (checks.isEmpty ? "." : ", checked against the spec's rules.")]),
                                checks: checks, hasChecks: !checks.isEmpty)
        }
        let immutable = columns.filter(\.isImmutable).map { "`\($0.name)`" }
        let typeName = fieldsTypeName
        return FieldsContext(entityName: entity.name, typeName: typeName, requestName: requestName,
                             docLines: DocLines.comment([patchable
                                ? "The fields of \(Self.withArticle("`\(requestName)`")), each with its key, its column and the spec's rules: \(Self.withArticle("`\(entity.name + GeneratedTypeSuffix.patch)`")) sets any but the immutable ones."
                                : "The fields of \(Self.withArticle("`\(requestName)`")), each with its key and the spec's rules."]),
                             allLines: RepositoryPlanner.wrapped(columns.map { "fields.\($0.swiftIdentifier)" }),
                             hasFields: !columns.isEmpty, fields: fields,
                             patch: patchable ? PatchAliasContext(typeName: entity.name + GeneratedTypeSuffix.patch, entityName: entity.name,
                                                                  entityPhrase: phrase,
                                                                  immutableFields: immutable.isEmpty ? nil : immutable.joined(separator: ", "))
                                 : nil)
    }

    /// `description`, `debugDescription` and `customMirror` of a create request holding `columns`, with every
    /// sensitive value shown as `<redacted>`; nil when none is sensitive (the type then prints as Swift prints
    /// any struct). A model prints through Taxiway's `EntityModel` (whose mirror shows its create request's),
    /// a patch through Taxiway's `Patch`.
    private func redaction(typeName: String, columns: [Column]) -> RedactionContext? {
        let sensitive = columns.filter(\.isSensitive)
        guard !sensitive.isEmpty else { return nil }
        let children = columns.map { column in
            let value = column.isSensitive ? "Redacted.value(self.\(column.swiftName))" : "self.\(column.swiftName)"
            // An optional is an `Any` child only when said so (else swiftc warns of the implicit coercion).
            return (label: column.swiftName, expression: column.isNullable ? value + " as Any" : value)
        }
        // A stored `description` (a field of that name) cannot be replaced; printing then uses the mirror,
        // which is redacted too.
        let describes = !columns.contains { $0.swiftName == "description" || $0.swiftName == "debugDescription" }
        return RedactionContext(typeName: typeName,
                                conformances: describes ? "CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable"
                                    : "CustomReflectable",
                                describes: describes, fields: sensitive.map { "`\($0.name)`" }.joined(separator: ", "),
                                children: children.enumerated().map { offset, child in
                                    ArgumentContext(label: child.label, expression: child.expression,
                                                    isLast: offset == children.count - 1)
                                })
    }

}
