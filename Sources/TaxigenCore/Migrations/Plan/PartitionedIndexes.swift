/// The index changes of a partitioned (append-only) table. PostgreSQL cannot build or drop a partitioned
/// table's index `CONCURRENTLY`, so they run as plain `CREATE INDEX` / `DROP INDEX` on the parent, in one
/// transaction of their own: the build reaches every partition and names each partition's index as a fresh
/// database names it (`<partition>_<columns>_idx`), and writes to the table wait until it is done (which
/// `migrate new` warns about). An index whose definition changes is dropped and built again in that
/// transaction, so no query sees the table without it.
enum PartitionedIndexes {
    /// Plans `created` and `dropped` (an index in both is rebuilt) into `builder`; `skipping` are the columns a
    /// migration drops or adds, whose indexes go or come with the column itself. Returns the warnings.
    static func plan(table: String, name: String, created: [IndexSnapshot], dropped: [IndexSnapshot], skipping columns: Set<String>,
                     into builder: inout UnitBuilder) -> [String] {
        let createdNames = Set(created.map(\.name))
        for index in dropped where columns.isDisjoint(with: index.columns) || createdNames.contains(index.name) {
            builder.lockingIndexes.append(MigrationStatement(
                "DROP INDEX IF EXISTS \(Naming.sqlIdentifier(index.name))",
                comments: [createdNames.contains(index.name) ? "\(index.name) gets a new definition: dropped and built again in this transaction."
                                                              : "No longer asked for: \(index.definition)"],
                squawkIgnores: ["require-concurrent-index-deletion"]))
        }
        var warnings: [String] = []
        for index in created {
            builder.lockingIndexes.append(MigrationStatement(
                index.definition,
                comments: ["A partitioned table's index cannot be built CONCURRENTLY: writes to \(name) wait until it is built on every partition."],
                squawkIgnores: ["require-concurrent-index-creation"]))
            warnings.append("builds index \(index.name) on the partitioned table \(name) without CONCURRENTLY: writes to \(name) wait until it is built")
        }
        return warnings
    }
}
