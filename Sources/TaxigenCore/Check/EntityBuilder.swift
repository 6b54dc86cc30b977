/// Builds one `Entity` from its draft: adds the key, `data` and audit columns, derives every index and
/// CHECK constraint with its final name, and refuses names that collide or do not fit PostgreSQL.
struct EntityBuilder {
    let draft: EntityDraft

    /// Nested type names every model already has, which an enum field's type may not take.
    static let reservedNestedTypeNames: Set<String> = ["Columns", "CodingKeys"]

    func build(into log: inout DiagnosticLog) -> Entity {
        let columns = makeColumns()
        checkSwiftNames(columns, into: &log)
        checkIdentifierLength(draft.tableName, what: "table name", at: draft.tableLocation, into: &log)
        for column in columns where column.role == .field {
            checkIdentifierLength(column.name, what: "column name", at: column.location, into: &log)
        }
        let indexes = makeIndexes(columns, into: &log)
        let checks = makeChecks(columns)
        for check in checks {
            let location = columns.first { $0.name == check.column }?.location ?? draft.location
            checkIdentifierLength(check.name, what: "CHECK constraint name", at: location, into: &log)
        }
        var seenIndexNames: [String: SourceLocation] = [:]
        for index in indexes {
            checkIdentifierLength(index.name, what: "index name", at: index.location, into: &log)
            if let first = seenIndexNames[index.name] {
                log.error("index name '\(index.name)' is used twice in table '\(draft.tableName)' (first at \(first))",
                          at: index.location, hint: "give one of the indexes its own `name:`")
            }
            seenIndexNames[index.name] = index.location
        }
        for name in [DerivedNames.primaryKeyConstraint(table: draft.tableName), DerivedNames.touchTrigger(table: draft.tableName)] {
            checkIdentifierLength(name, what: "derived name", at: draft.tableLocation, into: &log)
        }
        return Entity(name: draft.name, snakeName: Naming.snakeCase(draft.name), tableName: draft.tableName,
                      description: draft.description, hasJSONData: draft.hasJSONData, specPath: draft.path,
                      location: draft.location, columns: columns, indexes: indexes, checks: checks)
    }

    private func makeColumns() -> [Column] {
        let location = draft.nameLocation
        let snake = Naming.snakeCase(draft.name)
        var columns = [Column(name: "\(snake)_id", role: .primaryKey, type: .primaryKey, isImmutable: true,
                              description: "The primary key, a random UUID set by the database.", location: location)]
        columns += draft.fields.map(\.column)
        if draft.hasJSONData {
            columns.append(Column(name: "data", role: .data, type: .json, defaultValue: .json(.object([])),
                                  description: "Free-form JSON data (a JSON object).", location: location))
        }
        columns += [
            Column(name: "created_at", role: .createdAt, type: .timestamp, defaultValue: .now, isImmutable: true,
                   description: "When the row was inserted.", location: location),
            Column(name: "updated_at", role: .updatedAt, type: .timestamp, defaultValue: .now,
                   description: "When the row was last changed.", location: location),
            Column(name: "deleted_at", role: .deletedAt, type: .timestamp, isNullable: true,
                   description: "When the row was soft-deleted; NULL while it is active.", location: location),
            Column(name: "version", role: .version, type: .int, defaultValue: .number(NumberLiteral("1")!),
                   description: "The optimistic-lock version, 1 on insert and incremented by every update.",
                   location: location),
        ]
        return columns
    }

    /// Refuses fields whose Swift names collide after conversion (`a_b1` and `a_b_1` are both `aB1`),
    /// and enum types that collide with each other or with nested types every model has.
    private func checkSwiftNames(_ columns: [Column], into log: inout DiagnosticLog) {
        var seen: [String: Column] = [:]
        for column in columns {
            if let first = seen[column.swiftName] {
                log.error("field '\(column.name)' and '\(first.name)' both become the Swift property '\(column.swiftName)'",
                          at: column.location, hint: "rename one of them")
            } else {
                seen[column.swiftName] = column
            }
        }
        var enumNames: [String: Column] = [:]
        for column in columns {
            guard case .enumeration(let enumType) = column.type else { continue }
            if Self.reservedNestedTypeNames.contains(enumType.swiftName) || enumType.swiftName == draft.name {
                log.error("enum field '\(column.name)' would generate the type '\(draft.name).\(enumType.swiftName)', which the model already has",
                          at: column.location, hint: "rename the field")
            } else if let first = enumNames[enumType.swiftName] {
                log.error("enum fields '\(column.name)' and '\(first.name)' both generate '\(draft.name).\(enumType.swiftName)'",
                          at: column.location, hint: "rename one of them")
            }
            enumNames[enumType.swiftName] = column
        }
    }

    private func checkIdentifierLength(_ name: String, what: String, at location: SourceLocation,
                                       into log: inout DiagnosticLog) {
        let bytes = name.utf8.count
        if bytes > Naming.maxIdentifierBytes {
            log.error("\(what) '\(name)' is \(bytes) bytes, longer than PostgreSQL's \(Naming.maxIdentifierBytes)",
                      at: location, hint: "PostgreSQL would silently truncate it; use a shorter name (`table:` or an index `name:`)")
        }
    }

    private func makeIndexes(_ columns: [Column], into log: inout DiagnosticLog) -> [Index] {
        let table = draft.tableName
        var indexes: [Index] = []
        for field in draft.fields {
            let column = field.column
            if case .ref = column.type {
                indexes.append(Index(name: DerivedNames.index(table: table, columns: [column.name]), columns: [column.name],
                                     isUnique: false, kind: .btree, isPartial: false, operatorClass: nil, origin: .ref,
                                     location: column.location))
            }
            if column.isUnique {
                indexes.append(Index(name: DerivedNames.uniqueIndex(table: table, columns: [column.name]),
                                     columns: [column.name], isUnique: true, kind: .btree, isPartial: true,
                                     operatorClass: nil, origin: .uniqueField, location: column.location))
            } else if let kind = field.index {
                if case .ref = column.type, kind == .btree { continue }
                indexes.append(Index(name: DerivedNames.index(table: table, columns: [column.name]), columns: [column.name],
                                     isUnique: false, kind: kind, isPartial: false,
                                     operatorClass: Self.operatorClass(kind: kind, type: column.type), origin: .fieldIndex,
                                     location: field.indexLocation))
            }
        }
        indexes.append(Index(name: DerivedNames.index(table: table, columns: ["version"]), columns: ["version"],
                             isUnique: false, kind: .btree, isPartial: false, operatorClass: nil, origin: .version,
                             location: draft.nameLocation))
        for declared in draft.indexes {
            guard let index = makeDeclaredIndex(declared, columns: columns, into: &log) else { continue }
            indexes.append(index)
        }
        return indexes
    }

    private func makeDeclaredIndex(_ declared: IndexDraft, columns: [Column], into log: inout DiagnosticLog) -> Index? {
        var names: [String] = []
        var types: [FieldType] = []
        for field in declared.fields {
            guard let column = columns.first(where: { $0.name == field.text }) else {
                log.error("index field '\(field.text)' is not a field of entity '\(draft.name)'", at: field.location,
                          hint: Suggestion.hint(for: field.text, in: columns.map(\.name))
                              ?? "index fields are the spec's fields, the audit fields or 'data'")
                return nil
            }
            if column.isSensitive {
                log.error("sensitive field '\(field.text)' cannot be indexed", at: field.location,
                          hint: "its ciphertext differs on every write")
                return nil
            }
            if names.contains(field.text) {
                log.error("index field '\(field.text)' is listed twice", at: field.location)
                return nil
            }
            names.append(column.name)
            types.append(column.type)
        }
        switch declared.kind {
        case .hnsw, .ivfflat:
            guard names.count == 1, case .vector = types[0] else {
                log.error("a \(declared.kind.rawValue) index takes exactly one vector field", at: declared.location)
                return nil
            }
        case .gin:
            let allContainers = types.allSatisfy { if case .json = $0 { true } else if case .array = $0 { true } else { false } }
            guard allContainers else {
                log.error("a gin index takes json or array fields only", at: declared.location, hint: "use the default btree kind")
                return nil
            }
        case .btree:
            if types.contains(where: { if case .vector = $0 { true } else if case .json = $0 { true } else { false } }) {
                log.error("a btree index cannot hold a vector or json field", at: declared.location,
                          hint: "use `kind: hnsw` for vectors and `kind: gin` for json")
                return nil
            }
        }
        if declared.isUnique, declared.kind != .btree {
            log.error("only btree indexes can be unique", at: declared.location)
            return nil
        }
        let name = declared.name ?? (declared.isUnique
            ? DerivedNames.uniqueIndex(table: draft.tableName, columns: names)
            : DerivedNames.index(table: draft.tableName, columns: names))
        return Index(name: name, columns: names, isUnique: declared.isUnique, kind: declared.kind,
                     isPartial: !declared.includeDeleted,
                     operatorClass: names.count == 1 ? Self.operatorClass(kind: declared.kind, type: types[0]) : nil,
                     origin: .declared, location: declared.location)
    }

    /// The operator class a vector index needs for its distance.
    static func operatorClass(kind: Index.Kind, type: FieldType) -> String? {
        guard kind == .hnsw || kind == .ivfflat, case .vector(_, let distance) = type else { return nil }
        switch distance {
        case .cosine: return "vector_cosine_ops"
        case .l2: return "vector_l2_ops"
        case .innerProduct: return "vector_ip_ops"
        }
    }

    private func makeChecks(_ columns: [Column]) -> [CheckConstraint] {
        let table = draft.tableName
        var checks: [CheckConstraint] = []
        func add(_ column: Column, _ suffix: String, _ rule: CheckConstraint.Rule) {
            checks.append(CheckConstraint(name: DerivedNames.check(table: table, column: column.name, rule: suffix),
                                          column: column.name, rule: rule))
        }
        for column in columns {
            let rules = column.rules
            switch column.type {
            case .enumeration(let enumType):
                add(column, "values", .oneOf(enumType.values))
            case .string:
                if let min = rules.minLength, min > 0 { add(column, "length", .length(min: min, max: nil)) }
            case .text:
                if (rules.minLength ?? 0) > 0 || rules.maxLength != nil {
                    add(column, "length", .length(min: rules.minLength.flatMap { $0 > 0 ? $0 : nil }, max: rules.maxLength))
                }
            case .int, .bigint, .double, .decimal:
                if rules.minimum != nil || rules.maximum != nil {
                    add(column, "range", .range(min: rules.minimum, max: rules.maximum))
                }
            case .array:
                if (rules.minItems ?? 0) > 0 || rules.maxItems != nil {
                    add(column, "items", .itemCount(min: rules.minItems.flatMap { $0 > 0 ? $0 : nil }, max: rules.maxItems))
                }
                if rules.minimum != nil || rules.maximum != nil {
                    add(column, "item_range", .itemRange(min: rules.minimum, max: rules.maximum))
                }
            default:
                break
            }
            if column.role == .version {
                add(column, "positive", .positiveVersion)
            }
        }
        return checks
    }
}

/// How taxigen names the database objects it derives, so every stage uses the same names.
public enum DerivedNames {
    /// `ix_<table>_<columns>`.
    public static func index(table: String, columns: [String]) -> String {
        "ix_\(table)_\(columns.joined(separator: "_"))"
    }

    /// `ux_<table>_<columns>`: a unique index among active rows.
    public static func uniqueIndex(table: String, columns: [String]) -> String {
        "ux_\(table)_\(columns.joined(separator: "_"))"
    }

    /// `ck_<table>_<column>_<rule>`.
    public static func check(table: String, column: String, rule: String) -> String {
        "ck_\(table)_\(column)_\(rule)"
    }

    /// `pk_<table>`.
    public static func primaryKeyConstraint(table: String) -> String {
        "pk_\(table)"
    }

    /// `trg_<table>_touch`: the trigger that keeps `updated_at` and `version` right on every update.
    public static func touchTrigger(table: String) -> String {
        "trg_\(table)_touch"
    }
}
