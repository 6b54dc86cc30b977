/// Builds one `Entity` from its draft: adds the key, `data` and audit columns, derives every index and
/// CHECK constraint with its final name, and refuses names that collide or do not fit PostgreSQL.
struct EntityBuilder {
    let draft: EntityDraft

    func build(into log: inout DiagnosticLog) -> Entity {
        let columns = makeColumns(into: &log)
        SwiftNameRules.checkColumns(columns, entity: draft.name, into: &log)
        SwiftNameRules.checkWidth(columns, of: draft, into: &log)
        PostgresNames.checkTable(draft, into: &log)
        PostgresNames.checkColumns(columns, of: draft, into: &log)
        HistoryRules.check(draft, columns: columns, into: &log)
        RowWidthRules.check(draft, columns: columns, into: &log)
        TenancyRules.checkColumns(columns, of: draft, into: &log)
        let indexes = TenancyRules.scopedIndexes(makeIndexes(columns, into: &log), of: draft, into: &log)
        AppendOnlyRules.check(draft, columns: columns, indexes: indexes, into: &log)
        let checks = makeChecks(columns)
        PostgresNames.checkConstraints(checks, columns: columns, of: draft, into: &log)
        let queries = NamedQueryReader(entity: draft.name, columns: columns, refusedFields: draft.refusedFields).read(draft.queries, into: &log)
        DeprecationRules.checkEntity(queries: queries, indexes: indexes, columns: columns, into: &log)
        var entity = Entity(name: draft.name, snakeName: Naming.snakeCase(draft.name), tableName: draft.tableName,
                            description: draft.description, hasJSONData: draft.hasJSONData, specPath: draft.path,
                            location: draft.location, columns: columns, indexes: indexes, checks: checks, queries: queries,
                            traits: draft.traits)
        entity.formerTableNames = draft.formerTableNames
        entity.renamedFromLocation = draft.renamedFromLocation
        return entity
    }

    private func makeColumns(into log: inout DiagnosticLog) -> [Column] {
        let location = draft.nameLocation
        let snake = Naming.snakeCase(draft.name)
        let keyDescription = draft.traits.appendOnly == nil ? "The primary key, a random UUID set by the database."
            : "The primary key, a time-ordered UUID (version 7) made by the repository."
        var columns = [Column(name: "\(snake)_id", role: .primaryKey, type: .primaryKey, isImmutable: true,
                              description: keyDescription, location: location)]
        let declared = Set(draft.fields.map(\.column.name))
        for field in draft.fields {
            let column = field.column
            columns.append(column)
            guard column.isSensitive, let lookup = column.lookup else { continue }
            let name = Self.lookupColumnName(column.name)
            if declared.contains(name) {
                log.error("field '\(name)' collides with the lookup column of sensitive field '\(column.name)'",
                          at: draft.fields.first { $0.column.name == name }?.column.location ?? column.location,
                          hint: "rename field '\(name)'; `lookup:` stores the digest of '\(column.name)' in '\(name)'")
                continue
            }
            columns.append(Column(name: name, role: .lookup, type: .sealed(plaintext: .text), isNullable: true,
                                  description: "The keyed lookup digest (HMAC-SHA256) of `\(column.name)`, for equality lookups; NULL when it is NULL or erased.",
                                  formerNames: column.formerNames.map(Self.lookupColumnName), lookup: lookup,
                                  location: column.location))
        }
        if draft.hasJSONData {
            columns.append(Column(name: "data", role: .data, type: .json, defaultValue: .json(.object([])),
                                  description: "Free-form JSON data (a JSON object).", location: location))
        }
        let createdAt = Column(name: "created_at", role: .createdAt, type: .timestamp, defaultValue: .now, isImmutable: true,
                               description: "When the row was inserted.", location: location)
        // An append-only row is never updated or deleted: it keeps created_at only (docs/design-notes.md).
        if draft.traits.appendOnly != nil { return columns + [createdAt] }
        columns += [
            createdAt,
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
            if column.isSensitive, column.lookup != nil {
                // The lookup digest is what gets indexed (and made unique); the sealed value never is.
                let lookup = Self.lookupColumnName(column.name)
                guard columns.contains(where: { $0.name == lookup && $0.role == .lookup }) else { continue }
                indexes.append(column.isUnique
                    ? Index(name: DerivedNames.uniqueIndex(table: table, columns: [lookup]), columns: [lookup], isUnique: true,
                            kind: .btree, isPartial: true, operatorClass: nil, origin: .uniqueField, location: column.location)
                    : Index(name: DerivedNames.index(table: table, columns: [lookup]), columns: [lookup], isUnique: false,
                            kind: .btree, isPartial: false, operatorClass: nil, origin: .fieldIndex, location: column.location))
            } else if field.indexIsPrefix {
                // `index: prefix` (beside a unique field's unique index, which serves no prefix).
                if column.isUnique {
                    indexes.append(Index(name: DerivedNames.uniqueIndex(table: table, columns: [column.name]),
                                         columns: [column.name], isUnique: true, kind: .btree, isPartial: true,
                                         operatorClass: nil, origin: .uniqueField, location: column.location))
                }
                indexes.append(Index(name: DerivedNames.index(table: table, columns: [column.name, "prefix"]), columns: [column.name],
                                     isUnique: false, kind: .btree, isPartial: false,
                                     operatorClass: Index.patternClass(of: column.type), origin: .fieldIndex, location: field.indexLocation))
            } else if column.isUnique {
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
        if draft.traits.appendOnly != nil {
            // Time-range reads go by created_at; rows arrive in its order, so the index grows at its right end.
            indexes.append(Index(name: DerivedNames.index(table: table, columns: ["created_at"]), columns: ["created_at"],
                                 isUnique: false, kind: .btree, isPartial: false, operatorClass: nil, origin: .appendTime,
                                 location: draft.nameLocation))
        } else {
            indexes.append(Index(name: DerivedNames.index(table: table, columns: ["version"]), columns: ["version"],
                                 isUnique: false, kind: .btree, isPartial: false, operatorClass: nil, origin: .version,
                                 location: draft.nameLocation))
        }
        for declared in draft.indexes {
            guard let index = makeDeclaredIndex(declared, columns: columns, into: &log) else { continue }
            // Two indexes of one shape would cost every write and serve no more queries than one (lint fails such a
            // schema): the second is not created, and the spec is told (SQLAlchemy's `unique=True, index=True`
            // declares exactly this pair).
            if let twin = indexes.first(where: { Self.sameShape($0, index) }) {
                log.warning("this index duplicates \(Self.describe(twin)) (same fields, kind and rows); it is created once: a second copy would cost every write and serve no query",
                            at: index.location, hint: "remove it" + (twin.isUnique && !index.isUnique ? "; a unique index serves the same queries" : ""))
                continue
            }
            indexes.append(index)
        }
        return indexes
    }

    private func makeDeclaredIndex(_ declared: IndexDraft, columns: [Column], into log: inout DiagnosticLog) -> Index? {
        var names: [String] = []
        var types: [FieldType] = []
        for field in declared.fields {
            guard let column = columns.first(where: { $0.name == field.text }) else {
                if draft.refusedFields.contains(field.text) { return nil }  // the field's own error says what is wrong
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
                log.error("index field '\(field.text)' is listed twice", at: field.location, hint: "list each field once")
                return nil
            }
            names.append(column.name)
            types.append(column.type)
        }
        switch declared.kind {
        case .hnsw, .ivfflat:
            guard names.count == 1, case .vector(let dimensions, _) = types[0] else {
                log.error("a \(declared.kind.rawValue) index takes exactly one vector field", at: declared.location, hint: "index one vector field, e.g. `fields: [embedding]`")
                return nil
            }
            if !Self.indexedDimensions.contains(dimensions) {
                log.error(Self.dimensionsMessage(kind: declared.kind, field: names[0], dimensions: dimensions),
                          at: declared.location, hint: Self.dimensionsHint)
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
        var operatorClass = names.count == 1 ? Self.operatorClass(kind: declared.kind, type: types[0]) : nil
        if declared.isPrefix {
            guard let patternClass = Self.prefixIndexCheck(declared, names: names, types: types, into: &log) else { return nil }
            operatorClass = patternClass
        }
        if declared.isUnique, declared.kind != .btree {
            log.error("only btree indexes can be unique", at: declared.location, hint: "remove `unique: true`, or make it a btree index")
            return nil
        }
        if names.count > Self.maxIndexColumns {
            log.error("an index can hold at most \(Self.maxIndexColumns) fields in PostgreSQL, and this one lists \(names.count)",
                      at: declared.location, hint: "index fewer fields")
            return nil
        }
        if let given = declared.name {
            PostgresNames.checkLength(given, what: "index name", at: declared.nameLocation, hint: "use a shorter `name:`",
                                      into: &log)
        }
        // A prefix index is named apart from the field's plain index (`index: true`), which it does not replace.
        let derivedColumns = declared.isPrefix ? names + ["prefix"] : names
        let name = declared.name ?? (declared.isUnique
            ? DerivedNames.uniqueIndex(table: draft.tableName, columns: derivedColumns)
            : DerivedNames.index(table: draft.tableName, columns: derivedColumns))
        return Index(name: name, columns: names, isUnique: declared.isUnique, kind: declared.kind,
                     isPartial: !declared.includeDeleted, operatorClass: operatorClass,
                     origin: .declared, location: declared.location)
    }

    /// The pattern operator class of a `prefix: true` index, or nil (with an error) when the index is not one
    /// btree over one `string` or `text` field.
    ///
    /// A plain btree serves `LIKE 'abc%'` as an index range only under the C collation; under any other
    /// (`en_US.UTF-8`, `C.UTF-8`, ICU) PostgreSQL reads such a query by a full scan, so a prefix query needs an
    /// index of the pattern operator class, which compares bytes. That class serves `=` and prefixes, not `<`,
    /// `>` or `ORDER BY`, so it is asked for, not put on every text index.
    private static func prefixIndexCheck(_ declared: IndexDraft, names: [String], types: [FieldType],
                                         into log: inout DiagnosticLog) -> String? {
        guard declared.kind == .btree else {
            log.error("`prefix: true` makes a btree index; a \(declared.kind.rawValue) index cannot serve prefixes",
                      at: declared.prefixLocation, hint: "remove `kind:` or `prefix: true`")
            return nil
        }
        guard names.count == 1 else {
            let textual = zip(names, types).first { if case .string = $0.1 { true } else { $0.1 == .text } }?.0 ?? names[0]
            log.error("a prefix index takes exactly one field, and this one lists \(names.count)", at: declared.prefixLocation,
                      hint: "index one string or text field, e.g. `- { fields: [\(textual)], prefix: true }` (on a tenant-scoped entity the tenant key leads it)")
            return nil
        }
        guard let patternClass = Index.patternClass(of: types[0]) else {
            log.error("a prefix index takes a string or text field, and '\(names[0])' is \(types[0].keyword)",
                      at: declared.prefixLocation, hint: "remove `prefix: true`; `prefix` conditions compare string and text fields")
            return nil
        }
        return patternClass
    }


    /// The lookup column of a sensitive field with `lookup:`: `<field>_lookup`.
    static func lookupColumnName(_ field: String) -> String {
        field + lookupSuffix
    }

    /// What a lookup column's name adds to its field's.
    static let lookupSuffix = "_lookup"

    /// PostgreSQL's limit on the columns of one index (INDEX_MAX_KEYS).
    static let maxIndexColumns = 32
    /// pgvector's limit on the dimensions of an indexed `vector` (hnsw and ivfflat).
    static let maxIndexedDimensions = 2000
    /// The dimensions pgvector's hnsw and ivfflat operator classes index (one dimension is refused by the server).
    static let indexedDimensions = 2...maxIndexedDimensions

    /// The message for a vector index over too many, or too few, dimensions.
    static func dimensionsMessage(kind: Index.Kind, field: String, dimensions: Int) -> String {
        dimensions < indexedDimensions.lowerBound
            ? "a \(kind.rawValue) index needs vectors of at least \(indexedDimensions.lowerBound) dimensions, and '\(field)' has \(dimensions)"
            : "a \(kind.rawValue) index supports vectors of at most \(maxIndexedDimensions) dimensions, and '\(field)' has \(dimensions)"
    }

    /// The hint for a vector index over too many dimensions.
    static let dimensionsHint = "pgvector indexes `vector` columns of 2 to 2,000 dimensions; change the dimensions, or leave the field unindexed"

    /// Whether two indexes serve the same queries (what lint calls a duplicate): same columns, kind, operator
    /// class and rows. Uniqueness does not count: a unique index serves every query a plain one would.
    static func sameShape(_ lhs: Index, _ rhs: Index) -> Bool {
        lhs.columns == rhs.columns && lhs.kind == rhs.kind && lhs.operatorClass == rhs.operatorClass
            && lhs.isPartial == rhs.isPartial
    }

    /// An index for messages: its name and why it exists.
    static func describe(_ index: Index) -> String {
        switch index.origin {
        case .ref: "'\(index.name)', the index of ref '\(index.columns[0])'"
        case .version: "'\(index.name)', the index on version every table has"
        case .appendTime: "'\(index.name)', the index on created_at every append-only table has"
        case .uniqueField: "'\(index.name)', the unique index of field '\(index.columns[0])'"
        case .fieldIndex: "'\(index.name)', the index of field '\(index.columns[0])' (`index:`)"
        case .declared: "the declared index '\(index.name)' (\(index.location))"
        }
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
        return columns.flatMap { column in
            CheckConstraint.derived(from: column).map { suffix, rule in
                CheckConstraint(name: DerivedNames.check(table: table, column: column.name, rule: suffix),
                                column: column.name, rule: rule)
            }
        }
    }
}

/// How taxigen names the database objects it derives, so every stage uses the same names.
///
/// A derived name that would pass PostgreSQL's 63 bytes is shortened deterministically, as SQLAlchemy's and
/// Alembic's naming conventions do: its first 54 bytes, `_`, and the first 8 hex digits of the SHA-256 of the
/// whole name (`ix_<long table>_<long column>` → `ix_<…>_1a2b3c4d`). Names a spec gives (tables, columns, index
/// `name:`) are never shortened; they are refused when too long.
public enum DerivedNames {
    /// `ix_<table>_<columns>`.
    public static func index(table: String, columns: [String]) -> String {
        fit("ix_\(table)_\(columns.joined(separator: "_"))")
    }

    /// `ux_<table>_<columns>`: a unique index among active rows.
    public static func uniqueIndex(table: String, columns: [String]) -> String {
        fit("ux_\(table)_\(columns.joined(separator: "_"))")
    }

    /// `ck_<table>_<column>_<rule>`.
    public static func check(table: String, column: String, rule: String) -> String {
        fit("ck_\(table)_\(column)_\(rule)")
    }

    /// `pk_<table>`.
    public static func primaryKeyConstraint(table: String) -> String {
        fit("pk_\(table)")
    }

    /// `trg_<table>_touch`: the trigger that keeps `updated_at` and `version` right on every update.
    public static func touchTrigger(table: String) -> String {
        fit("trg_\(table)_touch")
    }

    /// `name`, or when it passes 63 bytes its first 54 bytes, `_` and 8 hex digits of its SHA-256.
    public static func fit(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > Naming.maxIdentifierBytes else { return name }
        var prefix = Array(bytes.prefix(Naming.maxIdentifierBytes - 9))
        // Never cut a multi-byte character in half (spec names are ASCII; this keeps the rule total).
        while let last = prefix.last, last & 0xC0 == 0x80 || last >= 0xC0 { prefix.removeLast() }
        return String(decoding: prefix, as: UTF8.self) + "_" + SHA256.hex(of: bytes).prefix(8)
    }
}
