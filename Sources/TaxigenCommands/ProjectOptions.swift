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

    /// The config after reading the file and applying flags; exits 1 after printing diagnostics when it is
    /// invalid (a folder setting outside the project, overlapping another, …), and 64 when a flag is.
    func config() throws -> ProjectConfig {
        let (config, problems) = try configForChecking()
        ConsoleOutput.printDiagnostics(problems)
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        return config
    }

    /// The config, and the problems of its file (an unknown key, a bad value) when the specs can still be
    /// checked with it, not yet printed: each bad setting keeps its default, and the folders are where they
    /// should be. A command that checks the specs reports them with the specs' problems, all at once. Exits
    /// as ``config()`` does when a folder setting or a flag is invalid.
    func configForChecking() throws -> (config: ProjectConfig, problems: [Diagnostic]) {
        let directory = projectDirectory ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            ConsoleOutput.printError("error: the project folder '\(directory)' does not exist")
            throw ExitCode(1)
        }
        guard isDirectory.boolValue else {
            ConsoleOutput.printError("error: the project folder '\(directory)' is a file, not a folder")
            throw ExitCode(1)
        }
        var log = DiagnosticLog()
        var config = ProjectConfig.load(projectDirectory: directory, configPath: configPath, into: &log)
        var flags: [PathSetting: String] = [:]
        if let specsDirectory { config.specsDirectory = specsDirectory; flags[.specs] = "--specs" }
        if let outputDirectory { config.outputDirectory = outputDirectory; flags[.output] = "--output" }
        if let templatesDirectory { config.templatesDirectory = templatesDirectory; flags[.templates] = "--templates" }
        for setting in flags.keys { config.valueLocations[setting.rawValue] = nil }
        var usage: [String] = []
        let fileErrors = log.sorted
        log = DiagnosticLog()
        // The folders are checked even when the file has errors: the specs are read only from a folder
        // that passed, whatever else is wrong.
        for problem in config.pathProblems(explicit: Set(flags.keys)) {
            if let flag = flags[problem.setting] {
                usage.append("error: \(flag): \(problem.message)" + (problem.hint.map { "\n    hint: \($0)" } ?? ""))
            } else {
                let location = config.valueLocations[problem.setting.rawValue]
                    ?? .file(config.value(of: problem.setting) ?? problem.setting.rawValue)
                log.error(problem.message, at: location, hint: problem.hint)
            }
        }
        if log.hasErrors || !usage.isEmpty {
            log.append(contentsOf: fileErrors)
            ConsoleOutput.printDiagnostics(log.sorted)
            for line in usage { ConsoleOutput.printError(line) }
            throw ExitCode(log.hasErrors ? 1 : 64)
        }
        return (config, fileErrors)
    }
}
