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

    /// Reads every migration; returns them in order, the checksums of every file, and the ids of the
    /// migrations whose checksums are only in the legacy top-level `checksums.txt`.
    mutating func load() throws -> (migrations: [Migration], checksums: Checksums, legacyIDs: Set<String>) {
        let files = try fileSystem.files(under: root).filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        if files.isEmpty { return ([], Checksums(), []) }
        let listing = try readChecksums(files)
        let migrationFiles = files.filter { $0 != Checksums.fileName && $0 != "README.md" && !Self.isOwnChecksums($0) }
        // Each file is read once; digests, headers and scripts are computed on every core.
        var contents: [String: [UInt8]] = [:]
        for file in migrationFiles {
            if let bytes = try fileSystem.contents(of: (root as NSString).appendingPathComponent(file)) { contents[file] = bytes }
        }
        verifyChecksums(migrationFiles, listing, contents)
        var byID: [String: [String: [UInt8]]] = [:]
        for file in migrationFiles {
            let parts = file.split(separator: "/")
            guard parts.count == 2 || (parts.count == 3 && parts[1] == Substring(DataStep.directory)) else {
                problem(.files, file, "is not part of a migration", hint: "a migration is a directory `NNNN_name/` holding up.sql, down.sql or IRREVERSIBLE, snapshot.json and checksums.txt (and its data steps in data/)")
                continue
            }
            byID[String(parts[0]), default: [:]][parts.dropFirst().joined(separator: "/")] = contents[file] ?? []
        }
        let ids = byID.keys.sorted()
        let shown = self.shown
        let parsed = ids.map { (id: $0, files: byID[$0]!) }.concurrentMap { Parsed(id: $0.id, files: $0.files, shown: shown) }
        var migrations: [Migration] = []
        for (id, parsed) in zip(ids, parsed) {
            if let migration = read(id, byID[id]!, parsed, listing.checksums) { migrations.append(migration) }
        }
        let ordered = order(migrations)
        // Nearly every command needs the last schema: a head that cannot be read is a problem of the history.
        if let head = ordered.last {
            do { _ = try head.snapshot } catch { problem(.malformed, "\(head.id)/\(Migration.File.snapshot)", "cannot be read: \(Self.reason(error))") }
        }
        return (ordered, listing.checksums, listing.legacyIDs.intersection(byID.keys))
    }

    /// The decoding error of a snapshot without the path `StoredSnapshot` puts before it.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? MigrationError, let range = error.message.range(of: " cannot be read: ") else { return "\(error)" }
        return String(error.message[range.upperBound...])
    }

    /// What can be read of one migration's files without reporting: its snapshot's header and its scripts,
    /// computed for every migration at once, on every core.
    private struct Parsed: Sendable {
        let header: Result<SnapshotHeader, any Error>?
        let up: Result<MigrationScript, any Error>?
        let down: Result<MigrationScript, any Error>?
        let snapshotText: String?

        init(id: String, files: [String: [UInt8]], shown: String) {
            func text(_ name: String) -> String? { files[name].map { String(decoding: $0, as: UTF8.self) } }
            func path(_ name: String) -> String { (shown as NSString).appendingPathComponent("\(id)/\(name)") }
            let dataFiles = files.filter { DataStep.isFileName($0.key) }.mapValues { String(decoding: $0, as: UTF8.self) }
            snapshotText = text(Migration.File.snapshot)
            header = snapshotText.map { text in Result { try SnapshotHeader.decode(text) } }
            up = text(Migration.File.up).map { text in
                Result { try MigrationScript(parsing: text, path: path(Migration.File.up), dataFiles: dataFiles) }
            }
            down = text(Migration.File.down).map { text in
                Result { try MigrationScript(parsing: text, path: path(Migration.File.down), dataFiles: dataFiles) }
            }
        }
    }

    /// Whether a path is a migration's own `<id>/checksums.txt`.
    static func isOwnChecksums(_ file: String) -> Bool {
        let parts = file.split(separator: "/")
        return parts.count == 2 && parts[1] == Checksums.fileName
    }

    /// What the checksum files say: every entry (a migration's own file wins over the legacy one), the
    /// migrations whose lines are only in the legacy file, and the migrations whose files cannot be
    /// verified because their listing is broken or missing (already reported).
    private struct Listing {
        var checksums = Checksums()
        var legacyIDs: Set<String> = []
        var unverifiable: Set<String> = []
    }

    private mutating func readChecksums(_ files: [String]) throws -> Listing {
        var listing = Listing()
        var legacy: Checksums?
        var legacyBroken = false
        if files.contains(Checksums.fileName) {
            do {
                legacy = try Checksums(parsing: String(decoding: try fileSystem.contents(of: (root as NSString).appendingPathComponent(Checksums.fileName)) ?? [], as: UTF8.self))
            } catch {
                problem(.malformed, Checksums.fileName, "\(error)")
                legacyBroken = true
            }
        }
        var own: [String: Checksums] = [:]
        for file in files where Self.isOwnChecksums(file) {
            let id = String(file.split(separator: "/")[0])
            do {
                let parsed = try Checksums(parsing: String(decoding: try fileSystem.contents(of: (root as NSString).appendingPathComponent(file)) ?? [], as: UTF8.self))
                for path in parsed.entries.keys.sorted() where !path.hasPrefix(id + "/") {
                    problem(.malformed, file, "lists \(path), which is not a file of \(id)",
                            hint: "a migration's checksums.txt lists only its own files, as `<sha256>  \(id)/<file>`; restore it from version control")
                }
                own[id] = Checksums(entries: parsed.entries(of: id))
            } catch {
                problem(.malformed, file, "\(error)")
                listing.unverifiable.insert(id)
            }
        }
        listing.checksums = legacy ?? Checksums()
        for (id, checksums) in own {
            let legacyLines = listing.checksums.entries(of: id)
            if !legacyLines.isEmpty, legacyLines != checksums.entries {
                problem(.files, "\(id)/\(Checksums.fileName)", "differs from the lines \(Checksums.fileName) has for \(id)",
                        hint: "a migration's own checksums.txt is the one that counts: remove \(id)'s lines from \(shownPath(Checksums.fileName)) (`taxigen migrate split-checksums` does), after checking which is right")
            }
            for path in legacyLines.keys { listing.checksums.entries[path] = nil }
            listing.checksums.entries.merge(checksums.entries) { _, new in new }
        }
        let folders = Set(files.compactMap { file -> String? in
            let parts = file.split(separator: "/")
            return parts.count == 2 ? String(parts[0]) : nil
        })
        for id in folders.sorted() where own[id] == nil && !listing.unverifiable.contains(id) {
            if legacyBroken {
                listing.unverifiable.insert(id)
            } else if let legacy, !legacy.entries(of: id).isEmpty {
                listing.legacyIDs.insert(id)
            } else if legacy == nil {
                problem(.files, "\(id)/\(Checksums.fileName)", "is missing",
                        hint: "it is written by `taxigen migrate new`; restore it from version control")
                listing.unverifiable.insert(id)
            }
        }
        return listing
    }

    private mutating func verifyChecksums(_ files: [String], _ listing: Listing, _ contents: [String: [UInt8]]) {
        let present = Set(files)
        func verifiable(_ file: String) -> Bool {
            !listing.unverifiable.contains(String(file.split(separator: "/").first ?? ""))
        }
        let digests = Dictionary(uniqueKeysWithValues: zip(files, files.map { contents[$0] }.concurrentMap { $0.map(Checksums.digest(of:)) }))
        for file in files where verifiable(file) {
            guard let expected = listing.checksums.entries[file] else {
                problem(.files, file, "is not in \(Checksums.fileName)",
                        hint: "migrations are written by `taxigen migrate new`, which records their checksums; remove the file")
                continue
            }
            guard let actual = digests[file] ?? nil else { continue }
            if actual != expected {
                problem(.edited, file, "was edited after it was committed (its sha256 is \(actual.prefix(12))…, \(Checksums.fileName) records \(expected.prefix(12))…)",
                        hint: "never edit a committed migration: restore it (`git checkout -- \(shownPath(file))`) and write a new migration for the change")
            }
        }
        for file in listing.checksums.entries.keys.sorted() where !present.contains(file) && verifiable(file) {
            problem(.files, file, "is listed in \(Checksums.fileName) but missing",
                    hint: "restore it from version control; a committed migration is never removed")
        }
    }

    private mutating func read(_ id: String, _ files: [String: [UInt8]], _ parsed: Parsed, _ checksums: Checksums) -> Migration? {
        guard let (number, _) = Migration.parseID(id) else {
            problem(.malformed, id, "is not a migration id (four digits, `_`, a lowercase name: `0002_add_customer_phone`)")
            return nil
        }
        func text(_ name: String) -> String? { files[name].map { String(decoding: $0, as: UTF8.self) } }
        let known = [Migration.File.up, Migration.File.down, Migration.File.irreversible, Migration.File.snapshot, Migration.File.squashed]
        for name in files.keys.sorted() where !known.contains(name) && !DataStep.isFileName(name) {
            problem(.files, "\(id)/\(name)", "is not a file of a migration",
                    hint: "a migration holds up.sql, down.sql or IRREVERSIBLE, and snapshot.json (and its data steps as data/<name>.sql)")
        }
        guard let snapshotText = parsed.snapshotText, let headerResult = parsed.header, let upResult = parsed.up else {
            problem(.files, id, "lacks \(parsed.up == nil ? Migration.File.up : Migration.File.snapshot)")
            return nil
        }
        let note = text(Migration.File.irreversible)
        if (parsed.down == nil) == (note == nil) {
            problem(.files, id, parsed.down == nil ? "has neither down.sql nor IRREVERSIBLE" : "has both down.sql and IRREVERSIBLE")
        }
        let header: SnapshotHeader
        do {
            header = try headerResult.get()
        } catch {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "cannot be read: \(error)")
            return nil
        }
        if header.format != SnapshotFile.currentFormat {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "has format \(header.format); this taxigen reads format \(SnapshotFile.currentFormat)")
        }
        if header.id != id {
            problem(.malformed, "\(id)/\(Migration.File.snapshot)", "names the migration '\(header.id)', not '\(id)'")
        }
        do {
            let up = try upResult.get()
            let down = try parsed.down.map { try $0.get() }
            let included = Set((up.units + (down?.units ?? [])).compactMap(\.dataStep))
            for name in files.keys.filter(DataStep.isFileName).sorted() where !included.contains(name) {
                problem(.files, "\(id)/\(name)", "is a data step that no unit of up.sql includes",
                        hint: "data steps are added with `taxigen migrate new --data NAME`, which includes them in up.sql; remove the file")
            }
            let squashed = try text(Migration.File.squashed).map { try SquashedMigrations(parsing: $0, path: shownPath("\(id)/\(Migration.File.squashed)")) }
            let stored = StoredSnapshot(text: snapshotText, path: shownPath("\(id)/\(Migration.File.snapshot)"))
            return Migration(id: id, number: number, parent: header.parent, storedSnapshot: stored, up: up, down: down,
                             irreversibleNote: note, checksum: checksums.migrationChecksum(id), squashed: squashed)
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
                    hint: "two branches each added a migration: merge the specs, then `taxigen migrate rebase \(siblings[1].id)` renumbers it after the others and recomputes it from the specs (rebase the one that is not applied to a shared database)")
        }
        for (offset, migration) in sorted.enumerated() {
            if offset > 0, sorted[offset - 1].number == migration.number {
                problem(.nonLinear, migration.id, "has the same number as \(sorted[offset - 1].id)",
                        hint: "two branches each added a migration: merge the specs, then `taxigen migrate rebase \(migration.id)` renumbers it after the others and recomputes it from the specs (rebase the one that is not applied to a shared database)")
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
