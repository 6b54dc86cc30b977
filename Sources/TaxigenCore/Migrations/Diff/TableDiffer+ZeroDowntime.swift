/// The refusals of `zero_downtime`: what the release still running could not survive.
extension TableDiffer {
    /// The renames that can run as an expand; the others are refused (errors at the field).
    func expandable(_ renames: [Rename], into log: inout DiagnosticLog) -> [Rename] {
        renames.filter { rename in
            let location = entity.column(named: rename.to)?.location ?? entity.location
            let hint = "rename it in a project without zero_downtime (an in-place RENAME COLUMN), or add a new field, fill it in a data step, deprecate and later remove the old one"
            // A history the same migration adds would copy the table as the expand leaves it, without the old
            // column the contract later drops from it.
            if old.history != nil || new.history != nil {
                log.error("field '\(rename.to)' is renamed_from '\(rename.from)' on a table with a history: zero_downtime renames do not carry the history's columns",
                          at: location, hint: hint)
                return false
            }
            if entity.column(named: rename.to)?.isSensitive == true {
                log.error("sensitive field '\(rename.to)' is renamed_from '\(rename.from)': with zero_downtime the previous release could not open values sealed under the new name",
                          at: location, hint: hint)
                return false
            }
            if let before = old.column(named: rename.from), let after = new.column(named: rename.to), before.type != after.type {
                log.error("field '\(rename.to)' is renamed_from '\(rename.from)' and changes type from \(before.type) to \(after.type): with zero_downtime the two columns are kept in step, so they need one type",
                          at: location, hint: "rename it in one migration and change its type in a later one")
                return false
            }
            return true
        }
    }

    /// A field named like the old column of a rename in progress: the trigger still writes that column.
    func refuseReuse(of carried: [Rename], into log: inout DiagnosticLog) {
        for rename in carried {
            guard let column = entity.column(named: rename.from) else { continue }
            log.error("field '\(rename.from)' takes the name of the column that '\(rename.to)' is replacing (a rename in progress)",
                      at: column.location,
                      hint: "finish the rename first: `taxigen migrate new -m \"…\" --contract` (once no release reads '\(rename.from)'), then add the field in a later migration")
        }
    }

    /// Columns dropped that no earlier migration had deprecated: the release still running reads them. The
    /// old columns of refused renames (`skipping`) have their error already.
    func refuseUndeprecatedDrops(_ diff: TableDiff, skipping refused: Set<String>, into log: inout DiagnosticLog) {
        let exempt = Set([old.tenancy?.keyColumn.name].compactMap { $0 }).union(refused)
        for column in diff.droppedColumns where !column.deprecated && column.replacedBy == nil && !exempt.contains(column.name) {
            log.error("field '\(column.name)' of \(entity.name) is removed, but no earlier migration had it deprecated: the release still running reads and writes column \(old.name).\(column.name)",
                      at: entity.location,
                      hint: "deprecate it first: `deprecated: true`, release, then remove (zero_downtime in taxigen.yaml)")
        }
    }
}
