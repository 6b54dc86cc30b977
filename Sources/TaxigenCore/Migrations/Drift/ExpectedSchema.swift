/// What `taxigen db diff` expects a database to hold: the specs, plus what the migration history says is
/// still there on purpose. While a rename is in progress (between its expand and its contract, see
/// `PendingRenames`) the table keeps its old column, with that column's indexes and CHECKs, beside the
/// spec's new one: they are expected, not extra. So is a deprecated column the specs no longer have until the
/// migration that drops it (in its post-deploy unit) has finished.
public enum ExpectedSchema {
    /// The specs' snapshot with the renames in progress carried on: those of the last migration's
    /// snapshot, and those of the last migration the database has completely applied (`ledger`), so that
    /// a database whose contract has run its pre-deploy units but not yet its post-deploy ones (the old
    /// release still running) is not drift either. A rename counts only where the specs still have its new
    /// column.
    public static func snapshot(specs: SchemaSnapshot, history: MigrationHistory, ledger: [Ledger.Row]) throws -> SchemaSnapshot {
        var sources: [SchemaSnapshot] = []
        if let head = history.head { sources.append(try head.snapshot) }
        let complete = Set(ledger.filter(\.isComplete).map(\.version))
        if let applied = history.migrations.last(where: { complete.contains($0.id) }), applied.id != history.head?.id {
            sources.append(try applied.snapshot)
        }
        guard !sources.isEmpty else { return specs }
        let tables = specs.tables.map { spec -> TableSnapshot in
            var table = spec
            for source in sources {
                guard let old = source.table(named: spec.name) else { continue }
                let renames = PendingRenames.inProgress(old).filter { table.column(named: $0.to) != nil && table.column(named: $0.from) == nil }
                table = PendingRenames.target(old: old, spec: table, renames: renames)
            }
            // Until the migration that drops them has finished (its post-deploy unit), the deprecated columns
            // of the last complete migration's snapshot are still there.
            if sources.count == 2, let old = sources[1].table(named: spec.name) {
                for column in old.columns where column.deprecated && table.column(named: column.name) == nil {
                    table.columns.append(column)
                    table.indexes += old.indexes.filter { $0.columns.contains(column.name) && table.index(named: $0.name) == nil }
                    table.checks += old.checks.filter { $0.column == column.name && !table.checks.contains($0) }
                }
            }
            return table
        }
        return SchemaSnapshot(extensions: specs.extensions, functions: specs.functions, tables: tables)
    }
}
