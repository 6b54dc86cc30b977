import Foundation
import Testing
@testable import TaxigenCore

/// The record that lets `generate` skip a run with nothing changed: what goes into the inputs' digest, and
/// when a recorded output is trusted.
@Suite("Generation stamp")
struct GenerationStampTests {
    private func inputs(_ specs: [(String, String)], overrides: [TemplateSet.Override] = []) -> Generator.Inputs {
        Generator.Inputs(specs: specs.map { SpecLoader.Source(path: $0.0, text: $0.1) }, overrides: .success(overrides))
    }

    private func digest(config: ProjectConfig = ProjectConfig(projectDirectory: "/p"),
                        read: Generator.Inputs? = nil, executable: String = CommandLine.arguments[0],
                        workingDirectory: String = "/p") -> String? {
        GenerationInputs.digest(config: config, inputs: read ?? inputs([("specs/a.yaml", "entity: A\n")]),
                                executable: executable, workingDirectory: workingDirectory)
    }

    @Test("every setting of ProjectConfig is in the digest or left out with a reason")
    func everySettingAccounted() {
        let stored = Set(Mirror(reflecting: ProjectConfig(projectDirectory: "/p")).children.compactMap(\.label))
        let accounted = Set(GenerationInputs.settings.map(\.name)).union(GenerationInputs.settingsLeftOut.keys)
        #expect(stored == accounted)
    }

    @Test("the digest changes with each input and only with them")
    func digestFollowsInputs() throws {
        let base = try #require(digest())
        #expect(digest() == base)
        #expect(digest(read: inputs([("specs/a.yaml", "entity: B\n")])) != base)
        #expect(digest(read: inputs([("specs/b.yaml", "entity: A\n")])) != base)
        #expect(digest(read: inputs([("specs/a.yaml", "entity: A\n"), ("specs/b.yaml", "")])) != base)
        // The framing keeps a path and a text from trading bytes.
        #expect(digest(read: inputs([("specs/a.yaml", "x")])) != digest(read: inputs([("specs/a.yamlx", "")])))
        let override: TemplateSet.Override = ("patch.swift", "// {{typeName}}\n", "/p/T/patch.swift.mustache")
        #expect(digest(read: inputs([("specs/a.yaml", "entity: A\n")], overrides: [override])) != base)
        #expect(digest(workingDirectory: "/elsewhere") != base)
        for change in [{ (c: inout ProjectConfig) in c.moduleName = "Shop" }, { $0.refCycleSeverity = .error },
                       { $0.zeroDowntime = true }, { $0.outputDirectory = "Out" }, { $0.templatesDirectory = "T" },
                       { $0.tenancy = TenancySetting(key: "tenant_id", location: .file("taxigen.yaml")) }] {
            var config = ProjectConfig(projectDirectory: "/p")
            change(&config)
            #expect(digest(config: config) != base)
        }
        // Another executable file (the templates are compiled into it), and none at all.
        let directory = try TemporaryDirectory()
        try directory.write("binary", to: "taxigen")
        #expect(digest(executable: directory.path + "/taxigen") != base)
        #expect(digest(executable: directory.path + "/missing") == nil)
        // Inputs that could not all be read give no digest.
        #expect(digest(read: Generator.Inputs(specs: nil, overrides: .success([]))) == nil)
        #expect(digest(read: Generator.Inputs(specs: [], overrides: .failure(CocoaError(.fileNoSuchFile)))) == nil)
    }

    @Test("a stamp is stored and read back whole, paths and diagnostics with spaces included")
    func roundTrip() throws {
        let state = FileState(device: 27, inode: 8740, size: 12, modified: .init(seconds: 1_796_659_765, nanoseconds: 1_316),
                              changed: .init(seconds: 1_796_659_766, nanoseconds: 999_999_999))
        let stamp = GenerationStamp(inputs: String(repeating: "ab", count: 32),
                                    diagnostics: ["specs/a b.yaml:1:1: warning: two  spaces", "    hint: and an indent", ""],
                                    entries: [.init(path: ".taxigen-manifest", state: state), .init(path: "Swift/A B/x y.swift", state: state)])
        #expect(GenerationStamp(text: stamp.text) == stamp)
        #expect(GenerationStamp(text: String(stamp.text.dropLast(2))) == nil)
        #expect(GenerationStamp(text: stamp.text.replacingOccurrences(of: "stamp 1", with: "stamp 2")) == nil)
        #expect(stamp.counts == (1, 1))
    }

    /// An output directory with two files and a stamp recorded for them.
    private func recorded() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("a\n", to: "Swift/A/A.swift")
        try directory.write("manifest\n", to: Manifest.fileName)
        // Recorded at once: `record` waits for the file system's clock to leave the files' tick, so the stamp
        // is trusted however coarse that clock is (Linux's ticks every few milliseconds).
        try GenerationStamp.record(in: directory.path, inputs: "digest", diagnostics: ["w"],
                                   paths: ["Swift/A/A.swift", Manifest.fileName])
        return directory
    }

    @Test("a recorded output is current for the same digest only, and not when a file changed or vanished")
    func current() throws {
        let directory = try recorded()
        let stamp = try #require(GenerationStamp.current(in: directory.path, inputs: "digest"))
        #expect(stamp.diagnostics == ["w"])
        #expect(GenerationStamp.current(in: directory.path, inputs: "other") == nil)
        #expect(try directory.read(".taxigen-cache/.gitignore").hasSuffix("\n*\n"))

        try directory.write("b\n", to: "Swift/A/A.swift")
        #expect(GenerationStamp.current(in: directory.path, inputs: "digest") == nil)

        let again = try recorded()
        try FileManager.default.removeItem(atPath: again.path + "/Swift/A/A.swift")
        #expect(GenerationStamp.current(in: again.path, inputs: "digest") == nil)

        let removed = try recorded()
        try GenerationStamp.remove(in: removed.path)
        #expect(GenerationStamp.current(in: removed.path, inputs: "digest") == nil)
        try GenerationStamp.remove(in: removed.path)
    }

    @Test("a file last changed in the stamp's clock tick or later is not trusted (an edit could hide in that tick)")
    func racyFile() throws {
        let directory = try recorded()
        #expect(GenerationStamp.current(in: directory.path, inputs: "digest") != nil)
        // Set the stamp's time back to before the files were written: same states, but no longer trusted.
        let stamp = GenerationStamp.path(in: directory.path)
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, stamp, &times, 0) == 0)
        #expect(GenerationStamp.current(in: directory.path, inputs: "digest") == nil)
    }

    @Test("a pending write of the output directory (its journal) means the stamp is not current")
    func pendingWrite() throws {
        let directory = try recorded()
        try directory.write("write Swift/A/A.swift\n", to: OutputWriter.journalName)
        #expect(GenerationStamp.current(in: directory.path, inputs: "digest") == nil)
    }

    @Test("a missing file is not recorded: no stamp")
    func missingFileNotRecorded() throws {
        let directory = try TemporaryDirectory()
        try GenerationStamp.record(in: directory.path, inputs: "digest", diagnostics: [], paths: ["absent.swift"])
        #expect(!FileManager.default.fileExists(atPath: GenerationStamp.path(in: directory.path)))
    }
}
