/// The diff of one table that exists before and after: renames first, then columns, indexes and CHECKs.
struct TableDiffer {
    /// The table in the last snapshot.
    let old: TableSnapshot
    /// The table the specs ask for.
    let new: TableSnapshot
    /// The entity behind `new`, for `renamed_from`, CHECK rules and locations.
    let entity: Entity
    /// Zero downtime (renames expand, drops only of deprecated fields) and whether to contract.
    var policy = MigrationPolicy()
    /// Renames already refused (with their own error): their columns are not reported again as a drop and
    /// an add.
    var refusedRenames: [Rename] = []

    func diff(into log: inout DiagnosticLog) -> TableDiff {
        var renames = renames(into: &log)
        var expands: [Rename] = []
        var refused: [Rename] = []
        if policy.zeroDowntime {
            expands = expandable(renames, into: &log)
            refused = renames.filter { !expands.contains($0) }
            renames = []
        }
        let pending = PendingRenames.inProgress(old).filter { new.column(named: $0.to) != nil }
        let carried = pending.filter { !policy.contracts(table: old.name, column: $0.from) }
        refuseReuse(of: carried, into: &log)
        let target = PendingRenames.target(old: old, spec: new, renames: carried + expands)
        var diff = TableDiffer(old: old, new: target, entity: entity, policy: policy, refusedRenames: refused)
            .compare(renames: renames, into: &log)
        diff.expandedColumns = expands
        diff.contractedColumns = PendingRenames.inProgress(old).filter { target.column(named: $0.from) == nil }
        if policy.zeroDowntime { refuseUndeprecatedDrops(diff, skipping: Set(refused.map(\.from)), into: &log) }
        return diff
    }

    /// The diff from `old` to `new`, which already holds the columns of renames in progress.
    private func compare(renames: [Rename], into log: inout DiagnosticLog) -> TableDiff {
        var diff = TableDiff(old: old, new: new)
        diff.renamedColumns = renames
        let newName = Dictionary(uniqueKeysWithValues: diff.renamedColumns.map { ($0.from, $0.to) })
        let oldName = Dictionary(uniqueKeysWithValues: diff.renamedColumns.map { ($0.to, $0.from) })
        let toNew: (String) -> String = { newName[$0] ?? $0 }
        let toOld: (String) -> String = { oldName[$0] ?? $0 }

        for column in old.columns {
            if let after = new.column(named: toNew(column.name)) {
                let change = ColumnDiff(old: column, new: after)
                if change.typeChanges || change.nullabilityChanges || change.defaultChanges || change.commentChanges {
                    diff.changedColumns.append(change)
                }
            } else {
                diff.droppedColumns.append(column)
            }
        }
        diff.addedColumns = new.columns.filter { old.column(named: toOld($0.name)) == nil }
        diff.deprecationChanges = new.columns.filter { column in
            old.column(named: toOld(column.name)).map { $0.deprecated != column.deprecated } ?? false
        }
        refuseUnannotatedRenames(diff, into: &log)
        refuseLossyTypeChanges(diff, into: &log)
        diffIndexes(&diff, toNew: toNew)
        diffChecks(&diff, toOld: toOld)
        return diff
    }

    /// The renames `renamed_from` asks for that the last snapshot has not seen yet.
    private func renames(into log: inout DiagnosticLog) -> [Rename] {
        var renames: [Rename] = []
        for column in entity.columns {
            // The most recent former name the last snapshot has (a list names them newest first).
            guard let latest = column.renamedFrom, old.column(named: column.name) == nil else { continue }
            let previous = column.formerNames.first { old.column(named: $0) != nil } ?? latest
            guard old.column(named: previous) != nil else {
                log.warning("field '\(column.name)' is renamed_from '\(previous)', but table '\(old.name)' had no column '\(previous)' in the last migration",
                            at: column.location, hint: "the column is added as a new one; remove `renamed_from` if that is right")
                continue
            }
            if new.column(named: previous) != nil {
                log.error("field '\(column.name)' is renamed_from '\(previous)', but a field '\(previous)' still exists",
                          at: column.location, hint: "rename or remove the other field '\(previous)' first")
                continue
            }
            if let earlier = renames.first(where: { $0.from == previous }) {
                log.error("fields '\(earlier.to)' and '\(column.name)' are both renamed_from '\(previous)'", at: column.location,
                          hint: "only one field can take over the column '\(previous)'")
                continue
            }
            renames.append(Rename(from: previous, to: column.name))
        }
        return renames
    }

    /// A dropped column and a compatible added one, without `renamed_from`: most likely a rename that would
    /// lose the column's values. Refused, never guessed.
    private func refuseUnannotatedRenames(_ diff: TableDiff, into log: inout DiagnosticLog) {
        let refusedTargets = Set(refusedRenames.map(\.to)), refusedSources = Set(refusedRenames.map(\.from))
        for added in diff.addedColumns where !refusedTargets.contains(added.name) {
            let candidates = diff.droppedColumns.filter {
                !refusedSources.contains($0.name) && ($0.type == added.type || TypeConversion(from: $0.type, to: added.type).isAllowed)
            }
            guard !candidates.isEmpty else { continue }
            let names = candidates.map { "'\($0.name)'" }.joined(separator: ", ")
            let location = entity.column(named: added.name)?.location ?? entity.location
            log.error("field '\(added.name)' is added and column \(names) of table '\(old.name)' is dropped in the same migration: is it a rename?",
                      at: location,
                      hint: "if it is, add `renamed_from: \(candidates[0].name)` to field '\(added.name)' (the column keeps its values); if not, remove \(names) in one migration and add '\(added.name)' in the next")
        }
    }

    /// Type changes that would round, truncate or reinterpret values.
    private func refuseLossyTypeChanges(_ diff: TableDiff, into log: inout DiagnosticLog) {
        for change in diff.changedColumns {
            guard let conversion = change.conversion, case .refused(let reason, let hint) = conversion.verdict else { continue }
            log.error("field '\(change.new.name)' of table '\(new.name)' cannot change from \(change.old.type) to \(change.new.type): \(reason)",
                      at: entity.column(named: change.new.name)?.location ?? entity.location, hint: hint)
        }
    }

    /// Indexes by name: unchanged when their shape is the same (columns mapped through renames), renamed
    /// when only the name differs, else dropped and created.
    private func diffIndexes(_ diff: inout TableDiff, toNew: (String) -> String) {
        var remainingOld: [IndexSnapshot] = []
        var remainingNew = new.indexes.filter { old.index(named: $0.name) == nil }
        for index in old.indexes {
            if let after = new.index(named: index.name) {
                if !index.hasSameShape(as: after, mappingColumns: toNew) {
                    diff.droppedIndexes.append(index)
                    diff.createdIndexes.append(after)
                }
            } else {
                remainingOld.append(index)
            }
        }
        for index in remainingOld {
            if let match = remainingNew.firstIndex(where: { index.hasSameShape(as: $0, mappingColumns: toNew) }) {
                diff.renamedIndexes.append(Rename(from: index.name, to: remainingNew[match].name))
                remainingNew.remove(at: match)
            } else {
                diff.droppedIndexes.append(index)
            }
        }
        diff.createdIndexes += remainingNew
    }

    /// CHECKs by name and body; a new CHECK is compared with an old one in the spelling it would have had
    /// under the column's old name, so that a renamed column's CHECKs are renamed, not rebuilt.
    private func diffChecks(_ diff: inout TableDiff, toOld: (String) -> String) {
        func bodyUnderOldNames(_ check: CheckSnapshot) -> String {
            guard let constraint = entity.checks.first(where: { $0.name == check.name }),
                  toOld(check.column) != check.column else { return check.expression }
            return TableSnapshot.checkExpression(constraint, in: entity, columnSQLName: Naming.sqlIdentifier(toOld(check.column)))
        }
        func matches(_ before: CheckSnapshot, _ after: CheckSnapshot) -> Bool {
            before.column == toOld(after.column) && before.expression == bodyUnderOldNames(after)
        }
        var remainingNew = new.checks.filter { old.check(named: $0.name) == nil }
        var remainingOld: [CheckSnapshot] = []
        for check in old.checks {
            if let after = new.check(named: check.name) {
                if !matches(check, after) {
                    diff.droppedChecks.append(check)
                    diff.addedChecks.append(after)
                }
            } else {
                remainingOld.append(check)
            }
        }
        for check in remainingOld {
            if let match = remainingNew.firstIndex(where: { matches(check, $0) }) {
                diff.renamedChecks.append(Rename(from: check.name, to: remainingNew[match].name))
                remainingNew.remove(at: match)
            } else {
                diff.droppedChecks.append(check)
            }
        }
        diff.addedChecks += remainingNew
    }
}
