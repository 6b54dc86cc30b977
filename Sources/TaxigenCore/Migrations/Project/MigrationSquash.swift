import Foundation

/// `taxigen migrate squash --to REV`: replaces the migrations up to REV with one **checkpoint** that a
/// fresh database starts from, while databases already past REV keep working.
///
/// The checkpoint keeps REV's id (so the migrations after REV still follow it, unchanged) and its
/// snapshot; its `up.sql` is one transaction creating that snapshot's schema from nothing (extensions,
/// the touch function as the replaced upgrades last wrote it, every table with its trigger, CHECKs,
/// indexes and comments, and the sync function and trigger of each rename in progress, an expand not
/// contracted yet, as the expand wrote them), and its `squashed.txt` lists the replaced migrations with the checksums they
/// were applied with. A database whose ledger holds them all is rewritten to hold the checkpoint instead
/// on its next run (`SquashAdoption`); one in the middle of them is refused with what to do. The
/// checkpoint is irreversible (below it there is only the empty database). Data steps of the replaced
/// migrations are not kept: a fresh database has no rows for them to change.
public struct MigrationSquash: Sendable {
    /// The migrations replaced, in order.
    public let replaced: [Migration]
    /// The checkpoint, as it is written.
    public let checkpoint: NewMigration

    /// Plans the squash of the history's migrations up to `revision` (an id, a number or `head`).
    public static func prepare(_ project: MigrationProject, to revision: String) throws -> MigrationSquash {
        let history = try project.history()
        guard let position = history.position(of: revision), position > 0 else {
            let known = (history.migrations.map(\.id) + ["head"]).joined(separator: ", ")
            throw MigrationError("--to \(revision): no such migration", hint: "the migrations are \(known)")
        }
        let replaced = Array(history.migrations[..<position])
        let target = replaced[replaced.count - 1]
        if replaced.count == 1 {
            throw MigrationError("\(target.id) is the first migration\(target.squashed == nil ? "" : " (a squash checkpoint already)"): there is nothing before it to squash",
                                 hint: "squash --to a later migration")
        }
        var entries: [SquashedMigrations.Entry] = []
        for migration in replaced {
            entries += migration.squashed?.entries ?? []
            entries.append(SquashedMigrations.Entry(id: migration.id, checksum: migration.checksum))
        }
        let squashed = SquashedMigrations(entries: entries)
        let snapshot = try target.snapshot
        var statements: [MigrationStatement] = []
        var summary = ["checkpoint: the schema after \(target.id), replacing \(replaced.first!.id) … \(target.id) (\(Migration.File.squashed))"]
        for name in snapshot.extensions {
            statements.append(MigrationStatement(AlterSQL.createExtension(name)))
            summary.append("+ extension \(name)")
        }
        for name in snapshot.functions {
            let head = "CREATE OR REPLACE FUNCTION \(name)("
            guard let definition = replaced.reversed().lazy.compactMap({ $0.up.units.flatMap(\.statements).last { $0.hasPrefix(head) } }).first else {
                throw MigrationError("the schema after \(target.id) has the function \(name)(), and no replaced migration's up.sql defines it",
                                     hint: "taxigen cannot write this checkpoint; keep the history as it is")
            }
            statements.append(MigrationStatement(definition, comments: ["As the replaced migrations last defined it."]))
            summary.append("+ function \(name)()")
        }
        for table in snapshot.tables {
            for (offset, sql) in DataLossDowngrade.create(table).enumerated() {
                statements.append(MigrationStatement(sql, comments: offset == 0 ? ["Table \(table.name), as \(target.id) left it."] : [],
                                                     joinsPrevious: offset > 0))
            }
            summary.append("+ table \(table.name) (\(table.columns.count) columns, \(table.indexes.count) indexes, \(table.checks.count) CHECKs)")
            for rename in PendingRenames.inProgress(table) {
                statements += try syncStatements(table: table, rename: rename, replaced: replaced, target: target)
                summary.append("+ \(table.name): sync trigger of the rename in progress \(rename.from) → \(rename.to) (`migrate new --contract` drops it)")
            }
        }
        var plan = MigrationPlan()
        plan.summary = summary
        plan.up = [MigrationUnit(kind: .transaction, purpose: "the whole schema after \(target.id), in one transaction", statements: statements)]
        plan.irreversibleReasons = ["it is a squash checkpoint: it starts from an empty database, and the migrations it replaces are gone (going below it means dropping everything)"]
        let message = "Squash checkpoint of \(replaced.first!.id) … \(target.id)"
        let files = [
            Migration.File.up: MigrationFileText.up(id: target.id, message: message, parent: nil, plan: plan),
            Migration.File.irreversible: MigrationFileText.irreversible(id: target.id, plan: plan),
            Migration.File.snapshot: try SnapshotFile(id: target.id, parent: nil, schema: snapshot).encoded(),
            Migration.File.squashed: squashed.text(checkpoint: target.id),
        ]
        return MigrationSquash(replaced: replaced, checkpoint: NewMigration(id: target.id, parent: nil, plan: plan, files: files))
    }

    /// The sync function and trigger of a rename in progress (expanded, not contracted yet), as the replaced
    /// migrations last wrote them: the function keeps the old column's default of the time of the expand,
    /// which the snapshot no longer has, so it is copied, never written again.
    private static func syncStatements(table: TableSnapshot, rename: Rename, replaced: [Migration], target: Migration) throws -> [MigrationStatement] {
        let function = Naming.sqlIdentifier(PendingRenames.functionName(table: table.name, column: rename.to))
        let trigger = Naming.sqlIdentifier(PendingRenames.triggerName(table: table.name, column: rename.to))
        func last(_ prefix: String) -> String? {
            replaced.reversed().lazy.compactMap { $0.up.units.flatMap(\.statements).last { $0.hasPrefix(prefix) } }.first
        }
        guard let definition = last("CREATE OR REPLACE FUNCTION \(function)(") else {
            throw MigrationError("the schema after \(target.id) has the rename \(table.name).\(rename.from) → \(rename.to) in progress, and no replaced migration's up.sql defines its sync function \(function)()",
                                 hint: "contract the rename first (`taxigen migrate new -m \"…\" --contract`, applied everywhere), then squash past it; or keep the history as it is")
        }
        let create = last("CREATE TRIGGER \(trigger) ") ?? PendingRenames.createTrigger(table: table, column: rename.to)
        return [
            MigrationStatement(definition, comments: ["The rename \(rename.from) → \(rename.to) is in progress: its sync function and trigger, as the expand wrote them."]),
            MigrationStatement(create, joinsPrevious: true),
        ]
    }

    /// Writes the checkpoint: its files go to a hidden directory, the replaced directories are moved aside,
    /// the checkpoint renamed into place, the replaced migrations' lines removed from a legacy top-level
    /// `checksums.txt`, and the replaced directories removed. A failure before the rename puts them back.
    public func write(_ project: MigrationProject) throws {
        let fileSystem = project.fileSystem
        let root = project.path
        let staging = try checkpoint.stage(in: root, fileSystem: fileSystem)
        var parked: [(String, String)] = []
        do {
            for migration in replaced {
                let current = (root as NSString).appendingPathComponent(migration.id)
                let aside = (root as NSString).appendingPathComponent(".\(migration.id).squashed")
                try fileSystem.removeTree(aside)
                try fileSystem.rename(current, to: aside)
                parked.append((current, aside))
            }
            try fileSystem.rename(staging, to: (root as NSString).appendingPathComponent(checkpoint.id))
        } catch {
            for (current, aside) in parked.reversed() { try? fileSystem.rename(aside, to: current) }
            try? fileSystem.removeTree(staging)
            throw error
        }
        let legacyPath = (root as NSString).appendingPathComponent(Checksums.fileName)
        if let bytes = try fileSystem.contents(of: legacyPath) {
            var legacy = try Checksums(parsing: String(decoding: bytes, as: UTF8.self))
            for migration in replaced {
                for path in legacy.entries(of: migration.id).keys { legacy.entries[path] = nil }
            }
            try fileSystem.write(Array(legacy.text.utf8), to: legacyPath + ".partial")
            try fileSystem.rename(legacyPath + ".partial", to: legacyPath)
        }
        for (_, aside) in parked { try fileSystem.removeTree(aside) }
    }
}
