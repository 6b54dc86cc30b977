import Foundation
import Testing
@testable import TaxigenCore

/// Bad input never crashes taxigen: mutated specs go through load, check, plan and render, and end either in
/// diagnostics with locations inside the file or in rendered output.
@Suite("Robustness")
struct RobustnessTests {
    private static let alphabet = Array(":{}[]-#'\"\n\t &*!|>?,%@`0123456789abcXYZ_")

    private func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var characters = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !characters.isEmpty else { break }
            let position = Int.random(in: 0..<characters.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                let end = min(characters.count, position + Int.random(in: 1...12, using: &generator))
                characters.removeSubrange(position..<end)
            case 1:
                characters.insert(Self.alphabet.randomElement(using: &generator)!, at: position)
            case 2:
                let other = Int.random(in: 0..<characters.count, using: &generator)
                characters.swapAt(position, other)
            default:
                characters[position] = Self.alphabet.randomElement(using: &generator)!
            }
        }
        return String(characters)
    }

    @Test("600 mutated example specs never crash the pipeline", arguments: [11, 22, 33])
    func mutatedSpecs(seed: UInt64) throws {
        let directory = RepositoryPaths.path("specs")
        let originals = try LocalFileSystem().files(under: directory).map { name in
            (path: "specs/\(name)", text: try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8))
        }
        var generator = SeededGenerator(seed: seed)
        var outcomes = (errors: 0, rendered: 0)
        for _ in 0..<200 {
            let victim = Int.random(in: 0..<originals.count, using: &generator)
            let sources = originals.enumerated().map { index, original in
                SpecLoader.Source(path: original.path,
                                  text: index == victim ? mutate(original.text, using: &generator) : original.text)
            }
            var log = DiagnosticLog()
            let documents = SpecLoader.load(sources, into: &log)
            if let schema = Checker.check(documents, into: &log) {
                let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
                let files = try generator.render(generator.plan(schema), with: TemplateSet.defaults())
                #expect(!files.isEmpty)
                outcomes.rendered += 1
            } else {
                outcomes.errors += 1
                for diagnostic in log.diagnostics {
                    #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
                    #expect(sources.contains { $0.path == diagnostic.location.file })
                }
            }
        }
        #expect(outcomes.errors > 0)
    }
}
