import Foundation

/// `taxigen migrate rebase MIGRATION`: after two branches that each added a migration are merged, moves
/// the named one (yours, applied to no shared database) after the others: it gets the next number, the
/// last of the others as its parent, and its `up.sql`, `down.sql` (or `IRREVERSIBLE`) and snapshot are
/// planned again from that parent's snapshot to the merged specs, so it captures what the specs have on
/// top of the other branch. Its checksums are written to its own `checksums.txt`. Every refusal is a
/// located problem, and then nothing is written.
public struct MigrationRebase: Sendable {
    /// The migration as it was.
    public let original: Migration
    /// The migration it now follows.
    public let parent: Migration?
    /// The migration as it is written now.
    public let rebased: NewMigration
    /// What a reviewer should look at: tables where the specs are not what either branch left them.
    public let warnings: [String]

    /// What `prepare` finds.
    public enum Outcome: Sendable {
        /// The migration already follows the others: nothing to do.
        case alreadyLast(Migration)
        /// The migration, planned again.
        case rebased(MigrationRebase)
    }

    /// Plans the rebase of `revision` (an id, or a number naming one migration). Throws `HistoryError`
    /// for a refusal; spec errors and refused changes are in `log`, and then it throws `MigrationError`.
    public static func prepare(_ project: MigrationProject, revision: String, into log: inout DiagnosticLog) throws -> Outcome {
        let (history, problems) = try MigrationHistory.loadAllowingProblems(path: project.path, shownAs: project.directory, fileSystem: project.fileSystem)
        let blocking = problems.filter { $0.kind != .nonLinear }
        if !blocking.isEmpty { throw HistoryError(problems: blocking) }
        let all = history.migrations
        func refusal(_ path: String, _ message: String, hint: String? = nil) -> HistoryError {
            HistoryError(problems: [HistoryProblem(kind: .nonLinear, path: (project.directory as NSString).appendingPathComponent(path), message: message, hint: hint)])
        }
        var matches = all.filter { $0.id == revision }
        if matches.isEmpty, let number = Int(revision) { matches = all.filter { $0.number == number } }
        guard let mine = matches.first else {
            throw refusal(revision, "there is no migration \(revision)", hint: "the migrations are \(all.map(\.id).joined(separator: ", "))")
        }
        if matches.count > 1 {
            throw refusal(revision, "\(revision) names \(matches.map(\.id).joined(separator: " and "))", hint: "name the migration to move by its id")
        }
        let followers = all.filter { $0.parent == mine.id }
        if !followers.isEmpty {
            throw refusal(mine.id, "\(followers.map(\.id).joined(separator: " and ")) follow\(followers.count == 1 ? "s" : "") it: rebase moves the last migration of a branch",
                          hint: "rebase the last migration of your branch; if your branch added several, delete the directories of all but the first (the specs still have their changes) and rebase that one: it then captures them all")
        }
        let others = all.filter { $0.id != mine.id }.sorted { ($0.number, $0.id) < ($1.number, $1.id) }
        for (offset, migration) in others.enumerated() {
            let expected = offset == 0 ? nil : others[offset - 1]
            if migration.parent != expected?.id || (expected.map { $0.number >= migration.number } ?? false) {
                throw refusal(migration.id, "without \(mine.id) the history is still not one line: \(migration.id) follows \(migration.parent ?? "nothing"), but the migration before it is \(expected?.id ?? "none")",
                              hint: "rebase moves one migration after the others, which must follow each other; if your branch added several, delete the directories of all but the first (the specs still have their changes) and rebase that one")
            }
        }
        let parent = others.last
        if mine.parent == parent?.id, mine.number > (parent?.number ?? 0) { return .alreadyLast(mine) }
        guard var schema = project.schema(into: &log) else {
            throw MigrationError("the specs have errors; nothing was rebased")
        }
        // A contract (`migrate new --contract`) is planned as one again, of the renames it finished only.
        let forkPoint = try mine.parent.flatMap { id in all.first { $0.id == id } }?.snapshot ?? .empty
        let contracted = try Self.contractedColumns(from: forkPoint, to: mine.snapshot)
        if !contracted.isEmpty {
            schema.migrationPolicy.contract = true
            schema.migrationPolicy.contractedColumns = contracted
        }
        let base = MigrationHistory(directory: history.directory, migrations: others, checksums: history.checksums)
        // A data step moves with the migration, its file unchanged (taxigen places it again).
        let steps = mine.up.units.compactMap(\.dataStep)
        if steps.count > 1 {
            throw refusal(mine.id, "has \(steps.count) data steps; rebase moves one",
                          hint: "move it by hand: delete \(mine.id), run `taxigen migrate new --data NAME` after the others and copy each step's file back")
        }
        let step = steps.first.map { DataStep.Request(name: String($0.dropFirst(DataStep.directory.count + 1).dropLast(4)), batchedTable: nil) }
        guard var rebased = try NewMigration.prepare(history: base, schema: schema, message: mine.message, ddl: try project.freshDDL(),
                                                     slug: Migration.parseID(mine.id)?.slug, dataStep: step, into: &log) else {
            if log.hasErrors {
                throw MigrationError("nothing was rebased: \(log.diagnostics.filter { $0.severity == .error }.count) change(s) refused")
            }
            throw refusal(mine.id, "the specs already match \(parent?.id ?? "an empty database"): nothing is left for \(mine.id) to change",
                          hint: "if both branches made the same change, delete \(project.directory)/\(mine.id); if its changes were lost when the specs were merged, merge them again")
        }
        if let file = steps.first {
            let path = ((project.path as NSString).appendingPathComponent(mine.id) as NSString).appendingPathComponent(file)
            var files = rebased.files
            files[file] = String(decoding: try project.fileSystem.contents(of: path) ?? [], as: UTF8.self)
            rebased = NewMigration(id: rebased.id, parent: rebased.parent, plan: rebased.plan, files: files)
        }
        let warnings = try crossCheck(fork: forkPoint, mine: mine, theirs: parent, merged: SchemaSnapshot(schema: schema))
        return .rebased(MigrationRebase(original: mine, parent: parent, rebased: rebased, warnings: warnings))
    }

    /// The renames in progress that a migration finished (a contract, `migrate new --contract`): the old
    /// columns its parent's snapshot has as `replaced_by` that its own snapshot no longer has, in a table it
    /// keeps. Read from the snapshots, which every migration has, so older migrations need no marker.
    static func contractedColumns(from parent: SchemaSnapshot, to snapshot: SchemaSnapshot) -> Set<MigrationPolicy.ColumnReference> {
        var columns: Set<MigrationPolicy.ColumnReference> = []
        for table in parent.tables {
            guard let after = snapshot.table(named: table.name) else { continue }
            for rename in PendingRenames.inProgress(table) where after.column(named: rename.from)?.replacedBy != rename.to {
                columns.insert(MigrationPolicy.ColumnReference(table: table.name, column: rename.from))
            }
        }
        return columns
    }

    /// Tables where the merged specs are not what the branches left them: a table only one branch
    /// changed should be as that branch left it, a table neither changed as it was at the fork.
    private static func crossCheck(fork: SchemaSnapshot, mine: Migration, theirs: Migration?, merged: SchemaSnapshot) throws -> [String] {
        let theirsSnapshot = try theirs?.snapshot ?? .empty
        let mineSnapshot = try mine.snapshot
        func table(_ snapshot: SchemaSnapshot, _ name: String) -> TableSnapshot? { snapshot.table(named: name) }
        let names = Set([fork, mineSnapshot, theirsSnapshot, merged].flatMap { $0.tables.map(\.name) }).sorted()
        var warnings: [String] = []
        for name in names {
            let minesChanged = table(mineSnapshot, name) != table(fork, name)
            let theirsChanged = table(theirsSnapshot, name) != table(fork, name)
            let now = table(merged, name)
            switch (minesChanged, theirsChanged) {
            case (true, true):
                warnings.append("table \(name) was changed on both branches: check that the rebased migration keeps both changes")
            case (true, false) where now != table(mineSnapshot, name):
                warnings.append("table \(name): the specs differ from what \(mine.id) made of it; the rebased migration follows the specs")
            case (false, true) where now != table(theirsSnapshot, name):
                warnings.append("table \(name): the specs differ from what \(theirs?.id ?? "the other branch") made of it; the rebased migration changes it too")
            case (false, false) where now != table(fork, name):
                warnings.append("table \(name) was changed by neither branch's migration, but the specs change it: the rebased migration captures that too")
            default:
                break
            }
        }
        return warnings
    }

    /// Writes the rebased migration: its files go to a hidden directory, the original directory is moved
    /// aside, the new one renamed into place, the original's lines removed from a legacy top-level
    /// `checksums.txt` (if it had them there), and the original removed.
    public func write(_ project: MigrationProject) throws {
        let fileSystem = project.fileSystem
        let root = project.path
        let target = (root as NSString).appendingPathComponent(rebased.id)
        if rebased.id != original.id, fileSystem.directoryExists(target) {
            throw MigrationError("\(project.directory)/\(rebased.id) exists already")
        }
        let staging = try rebased.stage(in: root, fileSystem: fileSystem)
        let current = (root as NSString).appendingPathComponent(original.id)
        let parked = (root as NSString).appendingPathComponent(".\(original.id).rebased")
        try fileSystem.removeTree(parked)
        try fileSystem.rename(current, to: parked)
        do {
            try fileSystem.rename(staging, to: target)
        } catch {
            try? fileSystem.rename(parked, to: current)
            throw error
        }
        let legacyPath = (root as NSString).appendingPathComponent(Checksums.fileName)
        if let bytes = try fileSystem.contents(of: legacyPath) {
            var legacy = try Checksums(parsing: String(decoding: bytes, as: UTF8.self))
            let lines = legacy.entries(of: original.id)
            if !lines.isEmpty {
                for path in lines.keys { legacy.entries[path] = nil }
                try fileSystem.write(Array(legacy.text.utf8), to: legacyPath + ".partial")
                try fileSystem.rename(legacyPath + ".partial", to: legacyPath)
            }
        }
        try fileSystem.removeTree(parked)
    }
}
