import ArgumentParser
import Foundation
import TaxigenCore

/// Options every command that reads a project shares; flags override `taxigen.yaml`.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project directory (default: the current directory).")
    var projectDirectory: String?

    @Option(name: .customLong("config"), help: "The config file (default: taxigen.yaml in the project directory).")
    var configPath: String?

    @Option(name: .customLong("specs"), help: "The specs directory (overrides `specs:`).")
    var specsDirectory: String?

    @Option(name: .customLong("output"), help: "The output directory (overrides `output:`).")
    var outputDirectory: String?

    @Option(name: .customLong("templates"), help: "A directory of template overrides (overrides `templates:`).")
    var templatesDirectory: String?

    /// The config after reading the file and applying flags; exits 1 after printing diagnostics when it is invalid.
    func config() throws -> ProjectConfig {
        let directory = projectDirectory ?? FileManager.default.currentDirectoryPath
        var log = DiagnosticLog()
        var config = ProjectConfig.load(projectDirectory: directory, configPath: configPath, into: &log)
        ConsoleOutput.printDiagnostics(log.sorted)
        if log.hasErrors { throw ExitCode(1) }
        if let specsDirectory { config.specsDirectory = specsDirectory }
        if let outputDirectory { config.outputDirectory = outputDirectory }
        if let templatesDirectory { config.templatesDirectory = templatesDirectory }
        return config
    }
}
