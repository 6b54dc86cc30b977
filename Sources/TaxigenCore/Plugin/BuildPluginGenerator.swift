import Foundation

/// What `taxigen-build-tool` does for the build-tool plugin: loads and checks exactly the spec files the
/// plugin declared as inputs, then renders three Swift files per spec file (see `PluginOutputNames`).
///
/// Paths: specs are read from absolute paths; generated headers show them relative to the package
/// directory (so the output does not depend on where the package is checked out), and diagnostics show
/// them absolute (so SwiftPM and Xcode place them inline, whatever the build's working directory).
public struct BuildPluginGenerator: Sendable {
    /// The package directory: the base of the paths shown in generated headers.
    public let packageDirectory: String
    /// The spec files, absolute.
    public let specFiles: [String]
    /// The settings: `ref_cycles` and `templates` apply; `specs`, `output`, `module` and `migrations` do not.
    public let config: ProjectConfig

    /// Creates a generator for the plugin.
    public init(packageDirectory: String, specFiles: [String], config: ProjectConfig) {
        self.packageDirectory = packageDirectory
        self.specFiles = specFiles
        self.config = config
    }

    /// The spec file name stems used twice (`a/customer.yaml` and `b/customer.yml`), which would give two
    /// outputs the same name; the plugin refuses them before running the tool, and so does this.
    public static func duplicateStems(in specFiles: [String]) -> [String: [String]] {
        var byStem: [String: [String]] = [:]
        for file in specFiles {
            guard let stem = PluginOutputNames.stem(ofSpecFile: (file as NSString).lastPathComponent) else { continue }
            byStem[stem, default: []].append(file)
        }
        return byStem.filter { $0.value.count > 1 }
    }

    /// `path` relative to the package directory when it is inside it, else unchanged.
    public func displayPath(_ path: String) -> String {
        let base = packageDirectory.hasSuffix("/") ? packageDirectory : packageDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// `path` made absolute against the package directory (diagnostics use absolute paths in plugin mode).
    public func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : (packageDirectory as NSString).appendingPathComponent(path)
    }

    /// A diagnostic with its file made absolute.
    public func absolute(_ diagnostic: Diagnostic) -> Diagnostic {
        let location = diagnostic.location
        return Diagnostic(diagnostic.severity,
                          at: SourceLocation(file: absolutePath(location.file), line: location.line, column: location.column),
                          diagnostic.message, hint: diagnostic.hint)
    }

    /// Loads and checks the specs; nil when any error was found (every diagnostic is in the log).
    public func loadSchema(into log: inout DiagnosticLog) -> Schema? {
        if specFiles.isEmpty {
            log.error("the target has no spec files", at: .file(packageDirectory),
                      hint: "add `<entity>.yaml` files to the target, or remove the plugin from it")
            return nil
        }
        for (stem, files) in Self.duplicateStems(in: specFiles).sorted(by: { $0.key < $1.key }) {
            for file in files {
                log.error("spec files \(files.map { "'\(displayPath($0))'" }.joined(separator: " and ")) would both generate '\(stem).*.swift'",
                          at: .file(displayPath(file)), hint: "rename one of them: output names come from spec file names")
            }
        }
        var sources: [SpecLoader.Source] = []
        for file in specFiles {
            switch SpecFiles.read(file, shownAs: displayPath(file), projectRoot: packageDirectory) {
            case .success(let text): sources.append(SpecLoader.Source(path: displayPath(file), text: text))
            case .failure(let problem): log.append(contentsOf: [problem.diagnostic])
            }
        }
        let documents = SpecLoader.load(sources, into: &log)
        guard !log.hasErrors else { return nil }
        return Checker.check(documents, options: Checker.Options(refCycleSeverity: config.refCycleSeverity, tenancy: config.tenancy), into: &log)
    }

    /// The rendered files, three per spec file, named by `PluginOutputNames`.
    public func render(_ schema: Schema, with templates: TemplateSet) throws -> [OutputFile] {
        let planner = PluginPlanner(schema: schema, specPaths: specFiles.map(displayPath).sorted())
        return try planner.plan().map { group in
            let header = try templates.render(PlannedFile(path: group.path, template: "header",
                                                          context: FileHeader(comment: "//", source: group.specPath)))
            let parts = try group.parts.map { try templates.render($0) }
            return OutputFile(path: group.path, contents: SwiftFileMerger(header: header).merge(parts))
        }
    }

    /// Loads, checks and renders; nil when the specs have errors.
    public func outputFiles(templates: TemplateSet, into log: inout DiagnosticLog) throws -> [OutputFile]? {
        guard let schema = loadSchema(into: &log) else { return nil }
        log.append(contentsOf: templates.warnings)
        return try render(schema, with: templates)
    }
}
