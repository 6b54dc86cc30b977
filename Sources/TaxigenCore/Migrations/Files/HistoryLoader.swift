import Foundation

/// Reads a migrations directory and collects every problem.
struct HistoryLoader {
    let root: String
    let shown: String
    let fileSystem: any FileSystem
    var problems: [HistoryProblem] = []

    init(root: String, shown: String, fileSystem: any FileSystem) {
        self.root = root
        self.shown = shown
        self.fileSystem = fileSystem
    }

    private func shownPath(_ relative: String) -> String { (shown as NSString).appendingPathComponent(relative) }

    private mutating func problem(_ kind: HistoryProblem.Kind, _ relative: String, _ message: String, hint: String? = nil) {
        problems.append(HistoryProblem(kind: kind, path: shownPath(relative), message: message, hint: hint))
    }

    mutating func load() throws -> ([Migration], Checksums) {
        let files = try fileSystem.files(under: root).filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        if files.isEmpty { return ([], Checksums()) }
        var checksums = Checksums()
        if let bytes = try fileSystem.contents(of: (root as NSString).appendingPathComponent(Checksums.fileName)) {
            do {
                checksums = try Checksums(parsing: String(decoding: bytes, as: UTF8.self))
            } catch {
                problem(.malformed, Checksums.fileName, "\(error)")
            }
        } else {
            problem(.files, Checksums.fileName, "is missing", hint: "it is written by `taxigen migrate new`; restore it from version control")
        }
        let migrationFiles = files.filter { $0 != Checksums.fileName && $0 != "README.md" }
        verifyChecksums(migrationFiles, checksums)
        var byID: [String: [String: [UInt8]]] = [:]
        for file in migrationFiles {
            let parts = file.split(separator: "/")
            guard parts.count == 2 else {
                problem(.files, file, "is not part of a migration", hint: "a migration is a directory `NNNN_name/` holding up.sql, down.sql or IRREVERSIBLE, and snapshot.json")
                continue
            }
            byID[String(parts[0]), default: [:]][String(parts[1])] = try fileSystem.contents(of: (root as NSString).appendingPathComponent(file)) ?? []
        }
        var migrations: [Migration] = []
        for id in byID.keys.sorted() {
            if let migration = read(id, byID[id]!, checksums) { migrations.append(migration) }
        }
        return (order(migrations), checksums)
    }

    private mutating func verifyChecksums(_ files: [String], _ checksums: Checksums) {
        guard problems.allSatisfy({ $0.path != shownPath(Checksums.fileName) }) else { return }
        for file in files {
            guard let expected = checksums.entries[file] else {
                problem(.files, file, "is not in \(Checksums.fileName)",
                        hint: "migrations are written by `taxigen migrate new`, which records their checksums; remove the file")
                continue
            }
            guard let bytes = try? fileSystem.contents(of: (root as NSString).appendingPathComponent(file)) else { continue }
            let actual = Checksums.digest(of: bytes)
            if actual != expected {
                problem(.edited, file, "was edited after it was committed (its sha256 is \(actual.prefix(12))…, \(Checksums.fileName) records \(expected.prefix(12))…)",
                        hint: "never edit a committed migration: restore it (`git checkout -- \(shownPath(file))`) and write a new migration for the change")
            }
        }
        for file in checksums.entries.keys.sorted() where !files.contains(file) {
            problem(.files, file, "is listed in \(Checksums.fileName) but missing",
                    hint: "restore it from version control; a committed migration is never removed")
        }
    }

    private mutating func read(_ id: String, _ files: [String: [UInt8]], _ checksums: Checksums) -> Migration? {
        guard let (number, _) = Migration.parseID(id) else {
            problem(.malformed, id, "is not a migration id (four digits, `_`, a lowercase name: `0002_add_customer_phone`)")
            return nil
        }
        func text(_ name: String) -> String? { files[name].map { String(decoding: $0, as: UTF8.self) } }
        for name in files.keys.sorted() where ![Migration.File.up, Migration.File.down, Migration.File.irreversible, Migration.File.snapshot].contains(name) {
            problem(.files, "\(id)/\(name)", "is not a file of a migration", hint: "a migration holds up.sql, down.sql or IRREVERSIBLE, and snapshot.json")
        }
        guard let snapshotText = text(Migration.File.snapshot), let upText = text(Migration.File.up) else {
            problem(.files, id, "lacks \(text(Migration.File.up) == nil ? Migration.File.up : Migration.File.snapshot)")
            return nil
        }
        let downText = text(Migration.File.down)
        let note = text(Migration.File.irreversible)
        if (downText == nil) == (note == nil) {
            problem(.files, id, downText == nil ? "has neither down.sql nor IRREVERSIBLE" : "has both down.sql and IRREVERSIBLE")
        }
        let snapshot: SnapshotFile
        do {
            snapshot = try SnapshotFile.decode(snapshotText)
        } catch {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "cannot be read: \(error)")
            return nil
        }
        if snapshot.format != SnapshotFile.currentFormat {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "has format \(snapshot.format); this taxigen reads format \(SnapshotFile.currentFormat)")
        }
        if snapshot.id != id {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "names the migration '\(snapshot.id)', not '\(id)'")
        }
        do {
            let up = try MigrationScript(parsing: upText, path: shownPath("\(id)/\(Migration.File.up)"))
            let down = try downText.map { try MigrationScript(parsing: $0, path: shownPath("\(id)/\(Migration.File.down)")) }
            return Migration(id: id, number: number, parent: snapshot.parent, snapshot: snapshot.schema, up: up, down: down,
                             irreversibleNote: note, checksum: checksums.migrationChecksum(id))
        } catch {
            problem(.malformed, id, (error as? MigrationError)?.message ?? "\(error)")
            return nil
        }
    }

    /// The migrations in chain order; a history that is not one line (two migrations after the same one,
    /// a parent that does not exist, numbers out of order) is reported.
    private mutating func order(_ migrations: [Migration]) -> [Migration] {
        let sorted = migrations.sorted { ($0.number, $0.id) < ($1.number, $1.id) }
        let ids = Set(sorted.map(\.id))
        var children: [String: [Migration]] = [:]
        for migration in sorted {
            children[migration.parent ?? "", default: []].append(migration)
            if let parent = migration.parent, !ids.contains(parent) {
                problem(.nonLinear, migration.id, "follows \(parent), which does not exist",
                        hint: "the migration it follows was removed or renamed; restore it")
            }
        }
        for (parent, siblings) in children where siblings.count > 1 {
            let names = siblings.map(\.id).joined(separator: " and ")
            problem(.nonLinear, siblings[1].id,
                    "the history is not linear: \(names) both follow \(parent.isEmpty ? "nothing (each is a first migration)" : parent)",
                    hint: "two changes were made in parallel: keep the one that is applied somewhere, delete the other's directory and its checksums.txt lines, merge the specs, and run `taxigen migrate new` again")
        }
        for (offset, migration) in sorted.enumerated() {
            if offset > 0, sorted[offset - 1].number == migration.number {
                problem(.nonLinear, migration.id, "has the same number as \(sorted[offset - 1].id)",
                        hint: "delete the newer one, merge the specs, and run `taxigen migrate new` again")
            }
            let expectedParent = offset == 0 ? nil : sorted[offset - 1].id
            if migration.parent != expectedParent, problems.allSatisfy({ $0.kind != .nonLinear }) {
                problem(.nonLinear, migration.id, "follows \(migration.parent ?? "nothing"), but the migration before it is \(expectedParent ?? "none")",
                        hint: "migrations are numbered in the order they follow each other; restore the history from version control")
            }
        }
        return sorted
    }
}
