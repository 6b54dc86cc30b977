import Foundation

/// Runs the pipeline for a project: load → check → plan → render, then hands the files to the write stage.
public struct Generator: Sendable {
    /// The folders of the output directory.
    public enum Layout {
        /// Swift models, validation types and repositories, one folder per entity.
        public static let swift = "Swift"
        /// The PostgreSQL schema.
        public static let sql = "SQL"
        /// Test scaffolding.
        public static let tests = "Tests"
    }

    /// The project's settings.
    public let config: ProjectConfig

    /// Creates a generator.
    public init(config: ProjectConfig) {
        self.config = config
    }

    /// The spec files of the project, as paths relative to the project directory, sorted.
    public func specPaths() throws -> [String] {
        let directory = config.resolve(config.specsDirectory)
        let files = try LocalFileSystem().files(under: directory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            // A config kept beside the specs (as the build plugin allows) is not a spec.
            .filter { ($0 as NSString).lastPathComponent != ProjectConfig.fileName }
        let prefix = config.specsDirectory.hasPrefix("/") ? config.specsDirectory : config.specsDirectory
        return files.map { (prefix as NSString).appendingPathComponent($0) }.sorted()
    }

    /// Loads and checks every spec; nil when any error was found (every diagnostic is in the log).
    public func loadSchema(into log: inout DiagnosticLog) -> Schema? {
        let paths: [String]
        do {
            paths = try specPaths()
        } catch {
            log.error("cannot list the specs: \(error.localizedDescription)", at: .file(config.specsDirectory))
            return nil
        }
        if paths.isEmpty {
            log.error("no specs found", at: .file(config.specsDirectory),
                      hint: "add `<entity>.yaml` files, or point `specs:` in taxigen.yaml at them")
            return nil
        }
        var sources: [SpecLoader.Source] = []
        for path in paths {
            do {
                sources.append(SpecLoader.Source(path: path, text: try String(contentsOfFile: config.resolve(path), encoding: .utf8)))
            } catch {
                log.error("cannot read the spec: \(error.localizedDescription)", at: .file(path))
            }
        }
        let documents = SpecLoader.load(sources, into: &log)
        return Checker.check(documents, options: Checker.Options(refCycleSeverity: config.refCycleSeverity), into: &log)
    }

    /// Every file the schema produces, planned.
    public func plan(_ schema: Schema) -> [PlannedFile] {
        OutputPlanner(schema: schema, moduleName: config.moduleName).plan()
    }

    /// Renders every planned file, on every core; the result is in plan order whatever the scheduling.
    public func render(_ plan: [PlannedFile], with templates: TemplateSet) throws -> [OutputFile] {
        try plan.concurrentMap { file in
            Result { OutputFile(path: file.path, contents: try templates.render(file)) }
        }.map { try $0.get() }
    }

    /// The templates of the project: the defaults and any overrides.
    public func templates() throws -> TemplateSet {
        try TemplateSet.loading(overridesFrom: config.templatesDirectory.map(config.resolve))
    }

    /// Loads, checks, plans and renders; nil when the specs have errors.
    public func outputFiles(into log: inout DiagnosticLog) throws -> [OutputFile]? {
        guard let schema = loadSchema(into: &log) else { return nil }
        return try render(plan(schema), with: templates())
    }
}

/// Plans every output file of a schema, in a fixed order.
struct OutputPlanner {
    let schema: Schema
    let moduleName: String

    /// Every file, sorted by path. Each entity's files (and its part of `schema.sql`) are planned on every
    /// core; nothing an entity's plan decides depends on another entity's.
    func plan() -> [PlannedFile] {
        let sql = SQLPlanner(schema: schema)
        let tests = TestPlanner(schema: schema, moduleName: moduleName, directory: Generator.Layout.tests)
        let perEntity = schema.entities.concurrentMap { entity in
            let directory = "\(Generator.Layout.swift)/\(entity.name)"
            let files = SwiftPlanner(entity: entity, directory: directory).plan()
                + RepositoryPlanner(entity: entity, directory: directory).plan()
                + tests.plan(entity)
            return (files: files, table: sql.tableContext(entity))
        }
        var files = perEntity.flatMap(\.files)
        files.append(sql.plan(tables: perEntity.map(\.table)))
        files.append(tests.harness())
        return files.sorted { $0.path < $1.path }
    }
}
