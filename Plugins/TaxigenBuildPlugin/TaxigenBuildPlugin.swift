import Foundation
import PackagePlugin

/// The build-tool plugin: generates a target's Swift models, validation types and repositories from the
/// spec files (`*.yaml`) in the target, at build time, into the plugin's work directory.
///
/// One build command per target runs `taxigen-build-tool` once for every spec of the target, because
/// each spec is checked against the others (refs, duplicate tables) and a spec error must be reported
/// once, not once per spec. Its inputs are every spec, the target's `taxigen.yaml`, the template
/// overrides it names and the tool itself; its outputs are three files per spec file, named from the
/// spec *file* name alone (`customer.yaml` → `customer.model.swift`, `customer.validation.swift`,
/// `customer.repository.swift`). SwiftPM re-runs the command only when an input changes. See docs/plugin.md.
@main
struct TaxigenBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let plan = try BuildPlan(files: module.sourceFiles.map(\.url), targetName: target.name)
        guard !plan.specs.isEmpty else {
            Diagnostics.warning("taxigen: target '\(target.name)' uses the taxigen plugin but has no spec files (*.yaml)")
            return []
        }
        let tool = try context.tool(named: "taxigen-build-tool")
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources", directoryHint: .isDirectory)
        return [plan.command(tool: tool.url, packageDirectory: context.package.directoryURL, outputDirectory: outputDirectory)]
    }
}

/// What the plugin declares for one target: its specs, its config, its template overrides and its outputs.
struct BuildPlan {
    /// The kinds of output per spec file; keep in step with `PluginOutputNames.Kind` in TaxigenCore.
    static let kinds = ["model", "validation", "repository"]
    /// The config's file name; it is never a spec.
    static let configFileName = "taxigen.yaml"

    /// The target's name, for messages.
    let targetName: String
    /// Every spec file of the target, sorted.
    let specs: [URL]
    /// The target's `taxigen.yaml`, if any.
    let config: URL?
    /// The template overrides folder the config names, if any.
    let templatesDirectory: URL?
    /// The override templates in that folder.
    let templates: [URL]

    /// Sorts the target's files into specs and config, and finds the template overrides the config names.
    init(files: [URL], targetName: String) throws {
        self.targetName = targetName
        var specs: [URL] = [], configs: [URL] = []
        for file in files {
            let name = file.lastPathComponent
            if name == Self.configFileName {
                configs.append(file)
            } else if Self.stem(ofSpecFile: name) != nil {
                specs.append(file)
            }
        }
        self.specs = specs.sorted { $0.path < $1.path }
        if configs.count > 1 {
            throw PluginError("target '\(targetName)' has \(configs.count) \(Self.configFileName) files; keep one, next to the specs")
        }
        config = configs.first
        var byStem: [String: [URL]] = [:]
        for spec in self.specs {
            byStem[Self.stem(ofSpecFile: spec.lastPathComponent)!, default: []].append(spec)
        }
        for (stem, clashing) in byStem.sorted(by: { $0.key < $1.key }) where clashing.count > 1 {
            throw PluginError("spec files \(clashing.map(\.path).joined(separator: " and ")) would both generate '\(stem).*.swift'; rename one (output names come from spec file names)")
        }
        if let config, let folder = try Self.templatesValue(in: config) {
            let directory = folder.hasPrefix("/") ? URL(fileURLWithPath: folder, isDirectory: true)
                : config.deletingLastPathComponent().appending(path: folder, directoryHint: .isDirectory)
            templatesDirectory = directory.standardizedFileURL
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            templates = names.filter { $0.hasSuffix(".mustache") }.sorted().map { directory.appending(path: $0) }
        } else {
            templatesDirectory = nil
            templates = []
        }
    }

    /// The output file names, three per spec, in spec order.
    var outputNames: [String] {
        specs.flatMap { spec in
            Self.kinds.map { "\(Self.stem(ofSpecFile: spec.lastPathComponent)!).\($0).swift" }
        }
    }

    /// The one build command for the target.
    func command(tool: URL, packageDirectory: URL, outputDirectory: URL) -> Command {
        var arguments = ["--package-directory", packageDirectory.path, "--output", outputDirectory.path]
        if let config { arguments += ["--config", config.path] }
        if let templatesDirectory { arguments += ["--templates", templatesDirectory.path] }
        arguments += specs.map(\.path)
        return .buildCommand(
            displayName: "taxigen: generating Swift for \(specs.count) spec\(specs.count == 1 ? "" : "s") of \(targetName)",
            executable: tool,
            arguments: arguments,
            inputFiles: specs + (config.map { [$0] } ?? []) + templates + [tool],
            outputFiles: outputNames.map { outputDirectory.appending(path: $0) }
        )
    }

    /// The stem of a spec file name (`customer.yaml` → `customer`); nil for other files and the config.
    static func stem(ofSpecFile name: String) -> String? {
        guard name != configFileName else { return nil }
        for ext in [".yaml", ".yml"] where name.hasSuffix(ext) && name.count > ext.count {
            return String(name.dropLast(ext.count))
        }
        return nil
    }

    /// The value of the top-level `templates:` key of a config, read line by line (a plugin cannot link
    /// a YAML parser). The tool checks that it agrees with what the config really says.
    static func templatesValue(in config: URL) throws -> String? {
        let text = try String(contentsOf: config, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("templates:") {
            var value = line.dropFirst("templates:".count).trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

/// An error the plugin reports before any command runs.
struct PluginError: Error, CustomStringConvertible {
    /// What is wrong.
    let description: String

    init(_ description: String) {
        self.description = "taxigen: " + description
    }
}
