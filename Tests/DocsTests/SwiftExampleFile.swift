/// How a Swift code block of the docs becomes a file of the `DocsExamples` target, which the ordinary build
/// compiles: its imports first, then the block as written when it declares things at file scope, or wrapped
/// in an `async throws` function when it is a sequence of statements.
enum SwiftExampleFile {
    /// The imports every example may rely on without writing them.
    static let implicitImports = ["import Crypto", "import ExampleDomain", "import Foundation", "import Logging",
                                  "import PostgresNIO", "import Taxiway"]

    /// Words that start a file-scope declaration.
    private static let declarationStarts = ["struct ", "enum ", "extension ", "func ", "final class ", "class ", "actor ",
                                            "protocol ", "typealias ", "public ", "private ", "internal ", "@", "///", "//",
                                            "}", "let ", "var "]

    /// The file name of the `index`-th Swift block of `file` (`docs/repositories.md` → `repositories_2.swift`).
    static func name(file: String, index: Int) -> String {
        let page = file.split(separator: "/").last!.replacingOccurrences(of: ".md", with: "")
        return "\(page.replacingOccurrences(of: "-", with: "_"))_\(index).swift"
    }

    /// The file's text for `block`.
    static func text(for block: DocBlock, index: Int) -> String {
        let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let imports = Set(lines.filter { $0.hasPrefix("import ") } + implicitImports).sorted()
        let body = lines.filter { !$0.hasPrefix("import ") }
        let isDeclarations = body.allSatisfy { line in
            line.isEmpty || line.hasPrefix(" ") || declarationStarts.contains { line.hasPrefix($0) }
        } && body.contains { line in ["struct ", "enum ", "extension ", "func ", "class ", "actor ", "protocol "].contains { line.contains($0) } }
        var text = "// Compiled from \(block.file) (Swift block \(index)) by DocsTests; edit the page, then re-record with\n"
        text += "// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.\n\n"
        text += imports.joined(separator: "\n") + "\n\n"
        if isDeclarations {
            text += body.joined(separator: "\n")
        } else {
            let function = name(file: block.file, index: index).replacingOccurrences(of: ".swift", with: "")
            text += "func \(function)() async throws {\n"
            text += body.map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            text += "\n}"
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
