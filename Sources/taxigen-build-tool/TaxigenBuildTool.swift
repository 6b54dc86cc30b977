import ArgumentParser
import Foundation
import TaxigenCommands
import TaxigenCore

/// `taxigen-build-tool`: what SwiftPM's plugins run. It is an executable of its own, apart from `taxigen`, so
/// that it links TaxigenCore and nothing of the database stack: SwiftPM builds every plugin's tool a second
/// time for the host, even in a package that never runs the plugin, and `taxigen` also links PostgresNIO (for
/// its database commands), which would double a consumer's first build and slow every no-op build.
///
/// - `taxigen-build-tool --package-directory … --output … SPEC…` (the build-tool plugin): ``TaxigenBuildTool``.
/// - `taxigen-build-tool cli ARGUMENTS…` (the command plugin): the `taxigen` command line, whose database
///   commands say that they need the `taxigen` executable.
@main
enum TaxigenBuildToolMain {
    static func main() async {
        MemoryTuning.apply()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "cli" {
            await Taxigen.main(Array(arguments.dropFirst()))
        } else {
            TaxigenBuildTool.main(arguments)
        }
    }
}

/// Generates a target's Swift sources, three files per spec file, into the build-tool plugin's work
/// directory; see docs/plugin.md.
struct TaxigenBuildTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxigen-build-tool",
        abstract: "Generate a target's Swift sources for the build-tool plugin (run by the plugin, not by hand).",
        discussion: """
        For every spec file NAME.yaml writes NAME.model.swift, NAME.validation.swift and \
        NAME.repository.swift into --output, each file only when its bytes change. Swift only: no SQL, no \
        tests. Diagnostics name files by absolute path, so SwiftPM and Xcode show them inline. Exit status: \
        0 written or up to date; 1 invalid specs, config or templates, or a failed write.
        """
    )

    @Option(name: .customLong("package-directory"), help: "The package directory (generated headers show spec paths relative to it).")
    var packageDirectory: String

    @Option(help: "The directory to write the generated Swift files into (the plugin's work directory).")
    var output: String

    @Option(name: .customLong("config"), help: "The target's taxigen.yaml, if it has one (`ref_cycles` and `templates` apply).")
    var configPath: String?

    @Option(name: .customLong("templates"), help: "The template overrides folder the plugin declared as an input; must be the one taxigen.yaml names.")
    var templatesDirectory: String?

    @Argument(help: "The spec files (every *.yaml of the target but taxigen.yaml).")
    var specs: [String] = []

    func run() throws {
        let start = Date()
        let packageDirectory = Self.absolute(self.packageDirectory, in: FileManager.default.currentDirectoryPath)
        var log = DiagnosticLog()
        var config = ProjectConfig(projectDirectory: packageDirectory)
        if let configPath {
            let path = Self.absolute(configPath, in: packageDirectory)
            config = ProjectConfig.load(projectDirectory: (path as NSString).deletingLastPathComponent, configPath: path, into: &log)
            // Only `templates` is read in plugin mode; it must be a folder of the package.
            config.checkPaths([.templates], within: packageDirectory, into: &log)
            let named = config.templatesDirectory.map { Self.standardized(config.resolve($0)) }
            let declared = templatesDirectory.map { Self.standardized(Self.absolute($0, in: packageDirectory)) }
            if named != declared {
                log.error("the build plugin declared \(declared.map { "'\($0)'" } ?? "no templates folder") as an input, but \(ProjectConfig.fileName) names \(named.map { "'\($0)'" } ?? "none")",
                          at: .file(path),
                          hint: "write the key on a line of its own, `templates: <folder relative to \(ProjectConfig.fileName)>`, so the plugin can find the templates and rebuild when they change")
            }
        } else if templatesDirectory != nil {
            log.error("--templates needs the --config that names it", at: .file(packageDirectory))
        }
        let generator = BuildPluginGenerator(packageDirectory: packageDirectory,
                                             specFiles: specs.map { Self.absolute($0, in: packageDirectory) }, config: config)
        var files: [OutputFile]?
        if !log.hasErrors {
            do {
                let templates = try TemplateSet.loading(overridesFrom: config.templatesDirectory.map(config.resolve))
                files = try generator.outputFiles(templates: templates, into: &log)
            } catch {
                ConsoleOutput.printDiagnostics(log.sorted.map(generator.absolute))
                ConsoleOutput.printError(ErrorText.failureLine(error))
                throw ExitCode(1)
            }
        }
        ConsoleOutput.printDiagnostics(log.sorted.map(generator.absolute))
        guard let files else {
            let errors = log.diagnostics.filter { $0.severity == .error }.count
            ConsoleOutput.printError("error: taxigen: \(errors) error\(errors == 1 ? "" : "s"); nothing was generated.")
            throw ExitCode(1)
        }
        do {
            let summary = try OutputWriter(root: Self.absolute(output, in: packageDirectory)).write(files)
            let milliseconds = Int(Date().timeIntervalSince(start) * 1000)
            print("taxigen: \(files.count) files for \(specs.count) spec\(specs.count == 1 ? "" : "s"): \(summary.written.count) written, \(summary.unchanged) unchanged (\(milliseconds) ms).")
        } catch {
            ConsoleOutput.printError("error: taxigen: writing \(output) failed: \(ErrorText.describe(error))")
            throw ExitCode(1)
        }
    }

    /// `path` made absolute against `base`.
    static func absolute(_ path: String, in base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }

    /// A path with `.`, `..` and trailing slashes resolved, for comparing two spellings of one folder.
    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
