import Foundation
import Testing
@testable import TaxigenCore

/// The write stage: all or nothing, stale owned files removed, other files never touched.
@Suite("Output writer")
struct OutputWriterTests {
    /// A file system that fails on the n-th write, to interrupt a run midway.
    struct FailingFileSystem: FileSystem {
        let base = LocalFileSystem()
        let failOnWrite: Int
        let counter = Counter()

        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var value = 0
            func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
        }

        struct InjectedFailure: Error {}

        func contents(of path: String) throws -> [UInt8]? { try base.contents(of: path) }
        func write(_ bytes: [UInt8], to path: String) throws {
            if counter.next() == failOnWrite { throw InjectedFailure() }
            try base.write(bytes, to: path)
        }
        func rename(_ source: String, to destination: String) throws { try base.rename(source, to: destination) }
        func remove(_ path: String) throws { try base.remove(path) }
        func files(under directory: String) throws -> [String] { try base.files(under: directory) }
        func removeDirectoryIfEmpty(_ path: String) { base.removeDirectoryIfEmpty(path) }
        func directoryExists(_ path: String) -> Bool { base.directoryExists(path) }
        func removeTree(_ path: String) throws { try base.removeTree(path) }
    }

    private let first = [OutputFile(path: "Swift/A/A.swift", contents: "a1\n"), OutputFile(path: "Swift/B/B.swift", contents: "b1\n"),
                         OutputFile(path: "SQL/schema.sql", contents: "s1\n")]
    private let second = [OutputFile(path: "Swift/A/A.swift", contents: "a2\n"), OutputFile(path: "Swift/C/C.swift", contents: "c2\n"),
                          OutputFile(path: "SQL/schema.sql", contents: "s2\n")]

    @Test("a write replaces owned files, deletes stale ones and keeps files it does not own")
    func replacesOwnedFiles() throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        try directory.write("mine\n", to: "Swift/B/Notes.swift")
        let summary = try OutputWriter(root: directory.path).write(second)
        #expect(summary.written.sorted() == ["SQL/schema.sql", "Swift/A/A.swift", "Swift/C/C.swift"])
        #expect(summary.deleted == ["Swift/B/B.swift"])
        let snapshot = try directory.snapshot()
        #expect(snapshot["Swift/B/Notes.swift"] == "mine\n")
        #expect(snapshot["Swift/B/B.swift"] == nil)
        #expect(snapshot["Swift/A/A.swift"] == "a2\n")
        #expect(snapshot[Manifest.fileName] == Manifest.text(for: second.map(\.path)))
    }

    @Test("unchanged files are not rewritten", .timeLimit(.minutes(1)))
    func unchangedFilesKeepTheirDates() throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        let path = directory.path + "/Swift/A/A.swift"
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        let summary = try OutputWriter(root: directory.path).write(first)
        #expect(summary.written.isEmpty && summary.unchanged == 3)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test("a write failing midway leaves the previous tree exactly as it was", arguments: [1, 2, 3, 4])
    func failureMidwayKeepsPreviousTree(failOn: Int) throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        let before = try directory.snapshot()
        let failing = FailingFileSystem(failOnWrite: failOn)
        #expect(throws: FailingFileSystem.InjectedFailure.self) {
            _ = try OutputWriter(root: directory.path, fileSystem: failing).write(second)
        }
        #expect(try directory.snapshot() == before)
    }

    @Test("listing a tree gives its regular files, hidden ones too, and follows links to files but not to folders")
    func listing() throws {
        let directory = try TemporaryDirectory()
        try directory.write("x", to: "x")
        try directory.write("h", to: "a/.h")
        try directory.write("y", to: "a/b/y")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/linked-folder", withDestinationPath: directory.path + "/a")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/linked-file", withDestinationPath: directory.path + "/x")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/dangling", withDestinationPath: directory.path + "/nowhere")
        #expect(try LocalFileSystem().files(under: directory.path) == ["a/.h", "a/b/y", "linked-file", "x"])
        #expect(try LocalFileSystem().files(under: directory.path + "/missing") == [])
    }

    @Test("a new output directory is built beside it and renamed into place")
    func newDirectory() throws {
        let directory = try TemporaryDirectory()
        let summary = try OutputWriter(root: directory.path + "/Generated").write(first)
        #expect(summary.written == first.map(\.path))
        var expected = Dictionary(uniqueKeysWithValues: first.map { ("Generated/" + $0.path, $0.contents) })
        expected["Generated/" + Manifest.fileName] = Manifest.text(for: first.map(\.path))
        #expect(try directory.snapshot() == expected)
        let again = try OutputWriter(root: directory.path + "/Generated").write(first)
        #expect(again.written.isEmpty && again.unchanged == 3)
    }

    @Test("a new output directory whose writing fails midway is not created, and leaves nothing beside it",
          arguments: [1, 3, 4])
    func newDirectoryFailingMidway(failOn: Int) throws {
        let directory = try TemporaryDirectory()
        let failing = FailingFileSystem(failOnWrite: failOn)
        #expect(throws: FailingFileSystem.InjectedFailure.self) {
            _ = try OutputWriter(root: directory.path + "/Generated", fileSystem: failing).write(first)
        }
        #expect(try directory.snapshot().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a new output directory left half-built by an interrupted run is removed by the next run")
    func interruptedNewDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("partial\n", to: "Generated.taxigen-new/Swift/A/A.swift")
        _ = try OutputWriter(root: directory.path + "/Generated").write(second)
        let snapshot = try directory.snapshot()
        #expect(snapshot.keys.allSatisfy { $0.hasPrefix("Generated/") })
        #expect(snapshot["Generated/Swift/A/A.swift"] == "a2\n")
    }

    @Test("a run interrupted while staging has its staged files removed by the next run, which its journal names")
    func stagingIsUndone() throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        let before = try directory.snapshot()
        // Simulate a crash while staging: the journal is still under its staging name, one file is staged.
        try directory.write("a2\n", to: "Swift/A/A.swift.taxigen-new")
        try directory.write("write Swift/A/A.swift\nwrite Swift/C/C.swift\ndelete Swift/B/B.swift\n", to: ".taxigen-journal.taxigen-new")
        try OutputWriter(root: directory.path).recover()
        #expect(try directory.snapshot() == before)
    }

    @Test("a run interrupted after its journal is completed by the next run")
    func journalIsReplayed() throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        // Simulate a crash between staging and renaming: staged files and a journal exist, and an earlier
        // replay, itself interrupted, already renamed Swift/C/C.swift into place.
        try directory.write("a2\n", to: "Swift/A/A.swift.taxigen-new")
        try directory.write("c2\n", to: "Swift/C/C.swift")
        try directory.write(Manifest.text(for: ["Swift/A/A.swift", "Swift/C/C.swift"]), to: ".taxigen-manifest.taxigen-new")
        try directory.write("write Swift/A/A.swift\nwrite Swift/C/C.swift\nwrite .taxigen-manifest\ndelete Swift/B/B.swift\n"
                            + "delete SQL/schema.sql\n", to: ".taxigen-journal")
        try OutputWriter(root: directory.path).recover()
        #expect(try directory.snapshot() == ["Swift/A/A.swift": "a2\n", "Swift/C/C.swift": "c2\n",
                                             ".taxigen-manifest": Manifest.text(for: ["Swift/A/A.swift", "Swift/C/C.swift"])])
    }

    @Test("--check names drifted, missing and extra files with a diff excerpt, and writes nothing")
    func driftCheck() throws {
        let directory = try TemporaryDirectory()
        _ = try OutputWriter(root: directory.path).write(first)
        try directory.write("a1 edited\n", to: "Swift/A/A.swift")
        let before = try directory.snapshot()
        let drifts = try DriftCheck(root: directory.path).differences(from: second)
        #expect(drifts.map { "\($0.path) \($0.kind.rawValue)" } == [
            ".taxigen-manifest drifted", "SQL/schema.sql drifted", "Swift/A/A.swift drifted", "Swift/B/B.swift extra",
            "Swift/C/C.swift missing",
        ])
        let excerpt = try #require(drifts.first { $0.path == "Swift/A/A.swift" }).excerpt
        #expect(excerpt.contains("-a1 edited") && excerpt.contains("+a2"))
        #expect(try directory.snapshot() == before)
    }

    @Test("--check compares bytes: a file that differs only in Unicode normalization has drifted")
    func driftCheckComparesBytes() throws {
        let directory = try TemporaryDirectory()
        let precomposed = [OutputFile(path: "Swift/A/A.swift", contents: "// caf\u{E9}\nlet a = 1\n")]
        _ = try OutputWriter(root: directory.path).write(precomposed)
        try directory.write("// cafe\u{301}\nlet a = 1\n", to: "Swift/A/A.swift")
        #expect("// cafe\u{301}\nlet a = 1\n" == precomposed[0].contents, "Swift calls the two texts equal")
        let drifts = try DriftCheck(root: directory.path).differences(from: precomposed)
        #expect(drifts.map(\.path) == ["Swift/A/A.swift"])
        let excerpt = try #require(drifts.first).excerpt
        #expect(Array(excerpt.utf8) == Array("--- Swift/A/A.swift (on disk)\n+++ Swift/A/A.swift (from specs)\n@@ -1,3 +1,3 @@\n-// cafe\u{301}\n+// caf\u{E9}\n let a = 1\n ".utf8), "\(excerpt)")
        #expect(try OutputWriter(root: directory.path).write(precomposed).written == ["Swift/A/A.swift"])
    }
}
