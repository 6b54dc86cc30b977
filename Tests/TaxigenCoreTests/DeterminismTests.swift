import Foundation
import Testing
@testable import TaxigenCore

/// The same specs give byte-identical output whatever order the files come in.
@Suite("Determinism")
struct DeterminismTests {
    private func exampleSources() throws -> [SpecLoader.Source] {
        let directory = RepositoryPaths.path("specs")
        return try LocalFileSystem().files(under: directory).map { name in
            SpecLoader.Source(path: "specs/\(name)", text: try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8))
        }
    }

    @Test("shuffled input order gives identical output", arguments: [1, 2, 3, 4, 5])
    func shuffledInput(seed: UInt64) throws {
        let sources = try exampleSources()
        var generator = SeededGenerator(seed: seed)
        let baseline = try SpecHarness.render(sources)
        let shuffled = try SpecHarness.render(sources.shuffled(using: &generator))
        #expect(baseline == shuffled)
        #expect(try SpecHarness.render(sources.reversed()) == baseline)
    }

    @Test("planning and rendering entity by entity gives the files that planning everything first gives")
    func entityByEntity() throws {
        for project in [RepositoryPaths.root, RepositoryPaths.path("Tests/Fixtures")] {
            var log = DiagnosticLog()
            let generator = Generator(config: ProjectConfig.load(projectDirectory: project, into: &log))
            let schema = try #require(generator.loadSchema(into: &log))
            let templates = try generator.templates()
            let byEntity = try generator.generate(schema, with: templates)
            #expect(byEntity.count > 30)
            #expect(byEntity == (try generator.render(generator.plan(schema), with: templates)))
        }
    }

    @Test("the committed Generated/ is what the example specs produce")
    func committedOutputIsCurrent() throws {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: RepositoryPaths.root, into: &log)
        let files = try #require(try Generator(config: config).outputFiles(into: &log))
        let drifts = try DriftCheck(root: config.resolve(config.outputDirectory)).differences(from: files)
        #expect(drifts.isEmpty, "run `swift run taxigen generate`: \(drifts.map(\.path))")
    }
}

/// A small deterministic random number generator (SplitMix64) for reproducible shuffles.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
