/// The migration after a baseline: from the database as it is to the specs, with the steps the ordinary
/// differ never has to take on a database taxigen made, wrapped around its plan.
///
/// Before the ordinary plan (one transaction): every foreign key of the adopted tables and every one that
/// points at them is dropped; a UUID key is renamed to `<entity>_id` (values kept, references stay valid);
/// any other key is replaced (identity dropped, old primary key dropped, `<entity>_id uuid NOT NULL DEFAULT
/// gen_random_uuid()` added and made the primary key, in the same transaction, so the table is never
/// without one); columns whose type the differ would refuse but which convert without loss are converted
/// (a native enum to text, lowercased where the spec lists the labels lowercased; a naive timestamp to
/// timestamptz read as UTC; json to jsonb; smallint to integer; real to double precision; unbounded
/// varchar to text). Then the ordinary plan from the snapshot those steps leave (audit columns, CHECKs,
/// indexes, defaults, renames through `renamed_from`). After it (one transaction): the unique constraints
/// the spec's unique indexes replace are dropped, the touch trigger is created on each adopted table, and
/// the enum types no column uses any more are dropped.
struct AdoptionPlanner {
    /// The database as it is (every table, adopted or not).
    let imported: ImportedSchema
    /// The tables the specs adopt.
    let adopted: [ImportedSchema.Table]
    /// The checked specs.
    let schema: Schema
    /// The baseline's snapshot.
    let baseline: SchemaSnapshot

    /// The plan, or nil when the database already is what the specs say. Differ refusals go to `log`.
    func plan(ddl: FreshDDL, into log: inout DiagnosticLog) throws -> MigrationPlan? {
        var virtual = baseline
        var pre: [MigrationStatement] = []
        var post: [MigrationStatement] = []
        var summary: [String] = []
        var warnings: [String] = []
        let adoptedNames = Set(adopted.map(\.name))

        // Foreign keys: of the adopted tables, and of any table pointing at one.
        for table in imported.tables {
            for fk in table.foreignKeys where adoptedNames.contains(table.name) || adoptedNames.contains(fk.referencedTable) {
                // A table without a spec is not in the baseline's DDL: a fresh database started from it has none.
                let drop = adoptedNames.contains(table.name) ? AlterSQL.dropConstraint(Naming.sqlIdentifier(table.name), fk.name)
                    : "ALTER TABLE IF EXISTS \(Naming.sqlIdentifier(table.name)) DROP CONSTRAINT IF EXISTS \(Naming.sqlIdentifier(fk.name))"
                pre.append(MigrationStatement(drop,
                                              comments: ["The guidelines: no foreign key constraints. \(table.name)(\(fk.columns.joined(separator: ", "))) → \(fk.referencedTable)(\(fk.referencedColumns.joined(separator: ", ")))."],
                                              squawkIgnores: ["ban-drop-constraint"]))
                summary.append("\(table.name): - foreign key \(fk.name)")
                if !adoptedNames.contains(table.name) {
                    warnings.append("drops foreign key \(fk.name) of \(table.name), a table taxigen does not manage, because it points at \(fk.referencedTable)")
                }
            }
        }
        var convertedEnums: Set<String> = []
        for table in adopted {
            guard let entity = schema.entities.first(where: { $0.tableName == table.name }),
                  let index = virtual.tables.firstIndex(where: { $0.name == table.name }) else { continue }
            let target = TableSnapshot(entity: entity)
            var current = virtual.tables[index]
            let sqlTable = Naming.sqlIdentifier(table.name)
            planKey(table, entity: entity, target: target, current: &current, pre: &pre, summary: &summary, warnings: &warnings)
            planConversions(entity: entity, target: target, current: &current, pre: &pre, summary: &summary, convertedEnums: &convertedEnums)
            for unique in table.uniques {
                current.indexes.removeAll { $0.name == unique.name }
                post.append(MigrationStatement(AlterSQL.dropConstraint(sqlTable, unique.name),
                                               comments: ["Replaced by the spec's unique index (among active rows), created above."],
                                               squawkIgnores: ["ban-drop-constraint"]))
                summary.append("\(table.name): - unique constraint \(unique.name) (the spec's unique index replaces it)")
            }
            if current.trigger != target.trigger, entity.traits.appendOnly == nil {
                post.append(MigrationStatement(SQLStatements.touchTrigger(for: entity).trimmingSuffix(";"),
                                               comments: ["Keeps updated_at and version right on every UPDATE (as in schema.sql)."]))
                summary.append("\(table.name): + trigger \(target.trigger)")
                current.trigger = target.trigger
            }
            virtual.tables[index] = current
        }
        let stillUsed = Set(imported.tables.filter { !adoptedNames.contains($0.name) }.flatMap { $0.columns.map(\.type) })
        for name in convertedEnums.sorted() where !stillUsed.contains(name) && !stillUsed.contains(name + "[]") {
            post.append(MigrationStatement("DROP TYPE IF EXISTS \(Naming.sqlIdentifier(name))", comments: ["No column uses the enum type any more (text + CHECK instead)."]))
            summary.append("- type \(name)")
        }

        let diff = SchemaDiffer.diff(from: virtual, to: schema, into: &log)
        if log.hasErrors { return nil }
        if diff.isEmpty && pre.isEmpty && post.isEmpty { return nil }
        var plan = diff.isEmpty ? MigrationPlan() : try MigrationPlanner(diff: diff, schema: schema, ddl: ddl).plan()
        if diff.isEmpty { plan.up = [] }
        if !pre.isEmpty {
            plan.up.insert(MigrationUnit(kind: .transaction, purpose: "adoption: foreign keys dropped, keys and types brought to the specs", statements: pre), at: 0)
            plan.dataStepPosition += 1
        }
        if !post.isEmpty {
            plan.up.append(MigrationUnit(kind: .transaction, purpose: "adoption: unique constraints replaced, touch triggers", statements: post))
        }
        plan.summary = summary + plan.summary
        plan.warnings = warnings + ["the first migration after a baseline: review every unit; it rewrites tables whose key is replaced (ADD COLUMN … DEFAULT gen_random_uuid())"] + plan.warnings
        plan.irreversibleReasons.append("it adopts a database made by another tool: foreign keys are dropped and keys replaced, which no downgrade restores")
        plan.down = []
        return plan
    }

    /// The key: renamed when it is a UUID, replaced otherwise.
    private func planKey(_ table: ImportedSchema.Table, entity: Entity, target: TableSnapshot, current: inout TableSnapshot,
                         pre: inout [MigrationStatement], summary: inout [String], warnings: inout [String]) {
        let sqlTable = Naming.sqlIdentifier(table.name)
        let newKey = target.primaryKey
        let pkName = target.primaryKeyConstraint
        if let pk = table.primaryKey, pk.columns.count == 1, let column = table.column(named: pk.columns[0]), column.type == "uuid",
           entity.column(named: column.name) == nil, !entity.columns.contains(where: { $0.formerNames.contains(column.name) }) {
            if column.name != newKey {
                pre.append(MigrationStatement(AlterSQL.renameColumn(sqlTable, from: Naming.sqlIdentifier(column.name), to: Naming.sqlIdentifier(newKey)),
                                              comments: ["The key keeps its values under taxigen's name for it."], squawkIgnores: ["renaming-column"]))
                summary.append("\(table.name): key column \(column.name) → \(newKey) (renamed, values kept)")
                rename(column: column.name, to: newKey, in: &current)
            }
            if pk.name != pkName {
                pre.append(MigrationStatement(AlterSQL.renameConstraint(sqlTable, from: pk.name, to: pkName), squawkIgnores: ["renaming-object"]))
            }
            current.primaryKey = newKey
            current.primaryKeyConstraint = pkName
            return
        }
        for column in table.columns where column.identity != nil {
            pre.append(MigrationStatement("ALTER TABLE \(sqlTable) ALTER COLUMN \(Naming.sqlIdentifier(column.name)) DROP IDENTITY IF EXISTS",
                                          comments: ["The identity sequence goes: the column keeps its values; new rows are keyed by \(newKey)."]))
            if let position = current.columns.firstIndex(where: { $0.name == column.name }) { current.columns[position].defaultExpression = nil }
        }
        if let pk = table.primaryKey {
            pre.append(MigrationStatement(AlterSQL.dropConstraint(sqlTable, pk.name),
                                          comments: ["The old key (\(pk.columns.joined(separator: ", "))) stops being the primary key; its columns and values stay."],
                                          squawkIgnores: ["ban-drop-constraint"]))
        }
        guard let key = target.column(named: newKey) else { return }
        pre.append(MigrationStatement(AlterSQL.addColumn(sqlTable, key, notNull: true, defaultExpression: key.defaultExpression),
                                      comments: ["A random UUID for every existing row (the table is rewritten once, under its lock)."],
                                      squawkIgnores: ["adding-field-with-default", "adding-required-field"]))
        pre.append(MigrationStatement("ALTER TABLE \(sqlTable) ADD CONSTRAINT \(Naming.sqlIdentifier(pkName)) PRIMARY KEY (\(Naming.sqlIdentifier(newKey)))",
                                      squawkIgnores: ["adding-serial-primary-key-field", "disallowed-unique-constraint"], joinsPrevious: true))
        summary.append("\(table.name): + key \(newKey) uuid (primary key\(table.primaryKey.map { " instead of \($0.columns.joined(separator: ", "))" } ?? ""))")
        warnings.append("rewrites \(table.name) to give every row a \(newKey)")
        current.columns.append(key)
        current.columns.sort { $0.name < $1.name }
        current.primaryKey = newKey
        current.primaryKeyConstraint = pkName
    }

    /// Type changes the differ refuses but that lose nothing here.
    private func planConversions(entity: Entity, target: TableSnapshot, current: inout TableSnapshot, pre: inout [MigrationStatement],
                                 summary: inout [String], convertedEnums: inout Set<String>) {
        let sqlTable = Naming.sqlIdentifier(current.name)
        for (position, column) in current.columns.enumerated() {
            let specName = entity.columns.first { $0.formerNames.contains(column.name) && current.column(named: $0.name) == nil }?.name ?? column.name
            guard let wanted = target.column(named: specName), wanted.type != column.type,
                  !TypeConversion(from: column.type, to: wanted.type).isAllowed else { continue }
            let name = Naming.sqlIdentifier(column.name)
            var using: String?
            var dropDefault = false
            if let labels = imported.enums[column.type], wanted.type == "text" {
                let lowered = labels.map { $0.lowercased() } != labels
                using = lowered ? "lower(\(name)::text)" : "\(name)::text"
                dropDefault = column.defaultExpression != nil
                convertedEnums.insert(column.type)
            } else if column.type.hasPrefix("timestamp"), column.type.hasSuffix("without time zone"), wanted.type == "timestamptz" {
                using = "\(name) AT TIME ZONE 'UTC'"
            } else if column.type.hasPrefix("timestamp("), column.type.hasSuffix("with time zone"), wanted.type == "timestamptz" {
                using = nil  // more fractional digits: every value is kept
            } else if ["smallint[]", "real[]", "character varying[]"].contains(column.type) || (column.type.hasPrefix("character(") && column.type.hasSuffix("[]")) {
                using = "\(name)::\(wanted.type)"
            } else if column.type == "json", wanted.type == "jsonb" {
                using = "\(name)::jsonb"
            } else if (column.type, wanted.type) == ("smallint", "integer") || (column.type, wanted.type) == ("real", "double precision")
                        || (column.type, wanted.type) == ("character varying", "text") || (column.type.hasPrefix("character(") && wanted.type.hasPrefix("varchar(")) {
                using = nil
            } else {
                continue  // the differ refuses it, at the spec's location
            }
            if dropDefault {
                pre.append(MigrationStatement(AlterSQL.setDefault(sqlTable, name, nil), comments: ["The default is of the old type; the spec's is set below."]))
                current.columns[position].defaultExpression = nil
            }
            pre.append(MigrationStatement(AlterSQL.alterType(sqlTable, name, to: wanted.type, using: using),
                                          comments: ["\(column.type) → \(wanted.type): every value converts exactly\(using?.contains("AT TIME ZONE") == true ? " (the naive values are read as UTC)" : "")."]))
            summary.append("\(current.name): column \(column.name) \(column.type) → \(wanted.type)")
            current.columns[position].type = wanted.type
        }
    }

    private func rename(column: String, to name: String, in table: inout TableSnapshot) {
        if let position = table.columns.firstIndex(where: { $0.name == column }) { table.columns[position].name = name }
        table.columns.sort { $0.name < $1.name }
        for position in table.indexes.indices {
            table.indexes[position].columns = table.indexes[position].columns.map { $0 == column ? name : $0 }
        }
    }
}

extension String {
    /// The text without one final suffix, if it has it.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
