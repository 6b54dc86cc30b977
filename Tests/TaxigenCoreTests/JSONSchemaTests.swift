import Foundation
import Testing

/// Checks the published JSON Schema (`schema/taxigen-spec.schema.json`) through
/// `scripts/validate-specs.py`: the example domain's specs pass it, and a broken spec fails it.
///
/// The script runs with the Python interpreter named by `TAXIGEN_PYTHON` (the `.venv-tools`
/// interpreter, which has jsonschema and PyYAML). `scripts/test` sets it; without it these tests fail.
@Suite("JSON Schema for specs")
struct JSONSchemaTests {
    @Test("every spec in specs/ validates against the JSON Schema")
    func exampleSpecsAreValid() throws {
        let result = try runValidator(arguments: ["specs"])
        #expect(result.status == 0, "validate-specs.py refused specs/:\n\(result.output)")
        #expect(result.output.contains("specs valid"), "unexpected output:\n\(result.output)")
    }

    @Test("a spec with an unknown key and a string without max_length is refused")
    func invalidSpecIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("taxigen-schema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = """
            entity: Customer
            fields:
              name: { type: string, max_lenght: 255 }

            """
        try spec.write(to: directory.appendingPathComponent("customer.yaml"), atomically: true, encoding: .utf8)

        let result = try runValidator(arguments: [directory.path])
        #expect(result.status == 1, "expected exit status 1, got \(result.status):\n\(result.output)")
        #expect(result.output.contains("customer.yaml:3:"), "no diagnostic for line 3:\n\(result.output)")
        #expect(result.output.contains("unknown key 'max_lenght'"), "unknown key not reported:\n\(result.output)")
        #expect(result.output.contains("missing required key 'max_length'"), "missing max_length not reported:\n\(result.output)")
    }
}

/// What one run of the validator printed (stdout and stderr together) and how it exited.
private struct ValidatorResult {
    var status: Int32
    var output: String
}

/// The repository root: this file is `Tests/TaxigenCoreTests/JSONSchemaTests.swift`.
private func repositoryRoot(file: String = #filePath) -> URL {
    URL(fileURLWithPath: file)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// Runs `$TAXIGEN_PYTHON scripts/validate-specs.py <arguments>` from the repository root.
/// Records a failure (never a skip) when `TAXIGEN_PYTHON` is not set.
private func runValidator(arguments: [String]) throws -> ValidatorResult {
    let root = repositoryRoot()
    let configured = ProcessInfo.processInfo.environment["TAXIGEN_PYTHON"] ?? ""
    let python = try #require(
        configured.isEmpty ? nil : configured,
        "TAXIGEN_PYTHON is not set: run the tests through scripts/test, which creates .venv-tools (jsonschema, PyYAML) and sets it"
    )

    let process = Process()
    if python.contains("/") {
        process.executableURL = URL(fileURLWithPath: python, relativeTo: root).standardizedFileURL
        process.arguments = ["scripts/validate-specs.py"] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "scripts/validate-specs.py"] + arguments
    }
    process.currentDirectoryURL = root
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    // Read to the end before waiting, so a full pipe cannot block the child.
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ValidatorResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}
