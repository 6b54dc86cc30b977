/// Refuses database names PostgreSQL would truncate, refuse or resolve to something else: identifiers over
/// 63 bytes, tables named like what PostgreSQL or pgvector own, constraint names repeated in a table, and
/// any two tables, indexes or key constraints with one name in the schema.
enum PostgresNames {
    /// The most columns a PostgreSQL table can have.
    static let maxColumns = 1600
    /// The types pgvector creates in the schema it is installed into (`public`); a table creates a type of
    /// its own name, so it cannot take one of these.
    static let extensionTypes: [String: String] = [
        "vector": "pgvector's type `vector`", "halfvec": "pgvector's type `halfvec`",
        "sparsevec": "pgvector's type `sparsevec`",
    ]

    /// Checks the table name of an entity: length, and names PostgreSQL or pgvector own.
    static func checkTable(_ draft: EntityDraft, into log: inout DiagnosticLog) {
        let table = draft.tableName
        let explicit = draft.tableLocation != draft.nameLocation
        checkLength(table, what: "table name", at: draft.tableLocation,
                    hint: explicit ? "use a shorter `table:`" : "the table is named after the entity; set a shorter `table:`",
                    into: &log)
        if table.hasPrefix("pg_") {
            log.error("table name '\(table)' starts with 'pg_', which PostgreSQL keeps for its system catalogs",
                      at: draft.tableLocation,
                      hint: "pg_catalog is searched first, so a catalog of that name (such as pg_class) would be used instead of the table; set another `table:`")
        } else if let owner = extensionTypes[table] {
            log.error("table name '\(table)' is taken by \(owner): each table also creates a type of its own name",
                      at: draft.tableLocation, hint: "set another `table:` (e.g. '\(table)s')")
        }
    }

    /// Checks column names and the column count of an entity.
    static func checkColumns(_ columns: [Column], of draft: EntityDraft, into log: inout DiagnosticLog) {
        for column in columns {
            switch column.role {
            case .primaryKey:
                checkLength(column.name, what: "key column name", at: draft.nameLocation,
                            hint: "the key column is named after the entity (`<entity>_id`); use a shorter entity name",
                            into: &log)
            case .field:
                checkLength(column.name, what: "column name", at: column.location, hint: "use a shorter field name",
                            into: &log)
            case .lookup:
                checkLength(column.name, what: "lookup column name", at: column.location,
                            hint: "`lookup:` adds the column `<field>_lookup`; use a shorter field name", into: &log)
            default:
                break
            }
        }
        if columns.count > maxColumns {
            log.error("entity '\(draft.name)' has \(columns.count) columns (with the key and audit columns), more than PostgreSQL's \(maxColumns) per table",
                      at: draft.nameLocation, hint: "split it into entities linked by refs")
        }
    }

    /// Checks that the constraint names of one table are distinct (PostgreSQL requires it per table).
    static func checkConstraints(_ checks: [CheckConstraint], columns: [Column], of draft: EntityDraft,
                                 into log: inout DiagnosticLog) {
        var seen: [String: String] = [DerivedNames.primaryKeyConstraint(table: draft.tableName): "the primary key"]
        for check in checks {
            let location = columns.first { $0.name == check.column }?.location ?? draft.location
            if let first = seen[check.name] {
                log.error("CHECK constraint '\(check.name)' of field '\(check.column)' has the name of \(first) in table '\(draft.tableName)'",
                          at: location, hint: "rename one of the fields")
            } else {
                seen[check.name] = "the CHECK constraint of field '\(check.column)'"
            }
        }
    }

    /// Refuses `name` when it passes 63 bytes (PostgreSQL would silently truncate it).
    static func checkLength(_ name: String, what: String, at location: SourceLocation, hint: String,
                            into log: inout DiagnosticLog) {
        let bytes = name.utf8.count
        guard bytes > Naming.maxIdentifierBytes else { return }
        log.error("\(what) '\(name)' is \(bytes) bytes, longer than PostgreSQL's \(Naming.maxIdentifierBytes)",
                  at: location, hint: "PostgreSQL would silently truncate it; " + hint)
    }

    /// One name in the schema's relation namespace (`pg_class`): a table, its key's index or an index.
    struct Relation {
        /// What kind of relation it is, which says how it is described.
        enum Kind {
            case table, primaryKey, index, historyTable, historyPrimaryKey, historyIndex, historySequence
        }

        let name: String
        let kind: Kind
        /// The entity of a table, the table of an index.
        let owner: String
        let location: SourceLocation
        let hint: String

        /// How a diagnostic names it; written only for a collision, so that checking a large schema does not
        /// format a description of every table and index.
        var what: String {
            switch kind {
            case .table: "table '\(name)' of entity '\(owner)'"
            case .primaryKey: "primary-key index '\(name)' of table '\(owner)'"
            case .index: "index '\(name)' of table '\(owner)'"
            case .historyTable: "history table '\(name)' of entity '\(owner)'"
            case .historyPrimaryKey: "primary-key index '\(name)' of history table '\(owner)'"
            case .historyIndex: "index '\(name)' of history table '\(owner)'"
            case .historySequence: "identity sequence '\(name)' of history table '\(owner)'"
            }
        }
    }

    /// Refuses two relations (tables, primary-key indexes, indexes, the history's identity sequences) with one
    /// name anywhere in the schema: PostgreSQL keeps them in one namespace per schema. Each collision is reported
    /// once, at the later one, naming the first. Also refuses a relation named like one PostgreSQL or taxigen
    /// makes later (see `ImplicitRelations`): a partition of a partitioned table (any date), an index PostgreSQL
    /// clones onto one, the migration ledger, or the temporary name of an index a migration rebuilds.
    static func checkNamespace(_ entities: [Entity], drafts: [EntityDraft], into log: inout DiagnosticLog) {
        var relations: [Relation] = []
        relations.reserveCapacity(entities.reduce(0) { $0 + 2 + $1.indexes.count })
        var partitionPatterns: [Int: [ImplicitRelations.PartitionPattern]] = [:]
        for (entity, draft) in zip(entities, drafts) {
            relations.append(Relation(name: entity.tableName, kind: .table, owner: entity.name,
                                      location: draft.tableLocation, hint: "set another `table:`"))
            relations.append(Relation(name: DerivedNames.primaryKeyConstraint(table: entity.tableName), kind: .primaryKey,
                                      owner: entity.tableName, location: draft.tableLocation, hint: "set another `table:`"))
            for index in entity.indexes {
                let hint: String
                switch index.origin {
                case .declared:
                    hint = "give the declared index another `name:`"
                case .ref, .uniqueField, .fieldIndex:
                    hint = "its name is derived from the table and field; rename the field or set another `table:`"
                case .version, .appendTime:
                    hint = "its name is derived from the table; set another `table:`"
                }
                relations.append(Relation(name: index.name, kind: .index, owner: entity.tableName,
                                          location: index.location, hint: hint))
            }
            relations += HistoryRules.relations(of: entity, location: draft.tableLocation)
            for pattern in ImplicitRelations.partitionPatterns(of: entity) {
                partitionPatterns[pattern.pattern.count, default: []].append(pattern)
            }
        }
        let reserved = Dictionary(ImplicitRelations.migrationRelations.map { ($0.name, $0.what) }, uniquingKeysWith: { first, _ in first })
        var first: [String: Relation] = [:]
        first.reserveCapacity(relations.count)
        for relation in relations {
            if let earlier = first[relation.name] {
                let shared = relation.kind == .historySequence || earlier.kind == .historySequence
                    ? "tables, indexes and sequences share one namespace per schema" : "tables and indexes share one namespace per schema"
                log.error("\(relation.what) has the name of \(earlier.what) (\(earlier.location)): \(shared)",
                          at: relation.location, hint: relation.hint)
                continue
            }
            first[relation.name] = relation
            if let what = reserved[relation.name] {
                log.error("\(relation.what) has the name of \(what): tables and indexes share one namespace per schema",
                          at: relation.location, hint: relation.hint)
            } else if let patterns = partitionPatterns[relation.name.utf8.count] {
                let name = Array(relation.name.utf8)
                if let pattern = patterns.first(where: { $0.matches(name) }) {
                    log.error("\(relation.what) has the name of \(pattern.what): tables and indexes share one namespace per schema",
                              at: relation.location, hint: relation.hint)
                }
            }
        }
        for relation in relations where relation.kind == .index || relation.kind == .historyIndex {
            let temporary = ImplicitRelations.rebuiltIndex(relation.name)
            guard let taken = first[temporary], taken.name != relation.name else { continue }
            log.error("\(taken.what) has the temporary name a migration gives \(relation.what) (\(relation.location)) "
                      + "while it rebuilds it: tables and indexes share one namespace per schema",
                      at: taken.location, hint: taken.hint)
        }
    }
}
