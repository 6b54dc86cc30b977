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

    /// The spec files of the project, as paths relative to the project directory, sorted. Entries named
    /// like specs that cannot be read (dangling links, folders) are left out; `loadSchema` reports them.
    public func specPaths() throws -> [String] {
        SpecFiles.list(config.resolve(config.specsDirectory), shownAs: config.specsDirectory).paths
    }

    /// Loads and checks every spec; nil when any error was found (every diagnostic is in the log).
    ///
    /// Every spec must be a UTF-8 file that resolves inside the project folder (a symbolic link to
    /// elsewhere is refused unread); a dangling link or a folder named like a spec is an error.
    public func loadSchema(into log: inout DiagnosticLog) -> Schema? {
        guard let sources = readSpecs(into: &log) else { return nil }
        let schema = check(sources, into: &log)
        releaseInBackground(sources)
        return schema
    }

    /// Parses and checks specs already read; nil when any error was found.
    func check(_ sources: [SpecLoader.Source], into log: inout DiagnosticLog) -> Schema? {
        let documents = SpecLoader.load(sources, into: &log)
        let schema = check(documents, into: &log)
        releaseInBackground(documents)
        return schema
    }

    /// The texts of the spec files, read on every core; nil when there are none. A file that cannot be read
    /// is reported (in path order) and left out.
    public func readSpecs(into log: inout DiagnosticLog) -> [SpecLoader.Source]? {
        let listing = SpecFiles.list(config.resolve(config.specsDirectory), shownAs: config.specsDirectory)
        log.append(contentsOf: listing.problems)
        let paths = listing.paths
        if paths.isEmpty {
            if listing.problems.isEmpty {
                log.error("no specs found", at: .file(config.specsDirectory),
                          hint: "add `<entity>.yaml` files, or point `specs:` in taxigen.yaml at them")
            }
            return nil
        }
        let texts = paths.concurrentMap { [config] path in
            SpecFiles.read(config.resolve(path), shownAs: path, projectRoot: config.projectDirectory)
        }
        var sources: [SpecLoader.Source] = []
        for (path, text) in zip(paths, texts) {
            switch text {
            case .success(let text): sources.append(SpecLoader.Source(path: path, text: text))
            case .failure(let problem): log.append(contentsOf: [problem.diagnostic])
            }
        }
        return sources
    }

    /// Checks the parsed specs with the project's settings; nil when any error was found.
    public func check(_ documents: [SpecDocument], into log: inout DiagnosticLog) -> Schema? {
        var schema = Checker.check(documents, options: Checker.Options(refCycleSeverity: config.refCycleSeverity, tenancy: config.tenancy),
                                   into: &log)
        schema?.migrationPolicy.zeroDowntime = config.zeroDowntime
        return schema
    }

    /// Every file the schema produces, planned.
    public func plan(_ schema: Schema) -> [PlannedFile] {
        OutputPlanner(schema: schema, moduleName: config.moduleName).plan()
    }

    /// Renders every planned file, on every core; the result is in plan order whatever the scheduling.
    public func render(_ plan: [PlannedFile], with templates: TemplateSet) throws -> [OutputFile] {
        try plan.concurrentMap { file in
            Result { OutputFile(path: file.path, bytes: try templates.renderBytes(file)) }
        }.map { try $0.get() }
    }

    /// The templates of the project: the defaults and any overrides.
    public func templates() throws -> TemplateSet {
        try TemplateSet.loading(overridesFrom: config.templatesDirectory.map(config.resolve))
    }

    /// Every file the schema produces, planned and rendered, sorted by path: the same files as
    /// `render(plan(schema), with:)`, made entity by entity on every core, so that each entity's contexts
    /// are let go as soon as its files are printed rather than all held until rendering starts.
    public func generate(_ schema: Schema, with templates: TemplateSet) throws -> [OutputFile] {
        let planner = OutputPlanner(schema: schema, moduleName: config.moduleName)
        // schema.sql needs every table's context, which is cheap, so those come first; the script is then
        // the first piece of work, so that its render overlaps the entities'.
        let tables = schema.entities.concurrentMap(planner.sql.tableContext)
        let work = [nil] + schema.entities.map(Optional.some)
        let rendered = work.concurrentMap { entity in
            Result {
                let files = entity.map { planner.files(for: $0) } ?? [planner.sql.plan(tables: tables), planner.tests.harness()]
                return try files.map { OutputFile(path: $0.path, bytes: try templates.renderBytes($0)) }
            }
        }
        // By the paths' bytes: the same order as comparing them as strings (they are ASCII), for less.
        let files = try rendered.flatMap { try $0.get() }.sorted { $0.path.utf8Precedes($1.path) }
        releaseInBackground((tables, rendered))
        return files
    }

    /// What a run reads from the project before it checks anything: the spec files' texts and the template
    /// overrides' texts. Everything generated depends on these (with the settings and taxigen itself) and on
    /// nothing else, so ``GenerationInputs`` digests them as read here, not as read again later.
    public struct Inputs: Sendable {
        /// The spec files that could be read, in path order; nil when there are none.
        public let specs: [SpecLoader.Source]?
        /// The template overrides, or why they cannot be read (reported after the specs are checked).
        public let overrides: Result<[TemplateSet.Override], any Error>
    }

    /// Reads the specs and the template overrides; a spec that cannot be read is reported in `log`.
    public func readInputs(into log: inout DiagnosticLog) -> Inputs {
        let (specs, overrides) = concurrently({ readSpecs(into: &log) }, { [config] in
            Result { try TemplateSet.readOverrides(from: config.templatesDirectory.map(config.resolve)) }
        })
        return Inputs(specs: specs, overrides: overrides)
    }

    /// Loads, checks, plans and renders; nil when the specs have errors.
    public func outputFiles(into log: inout DiagnosticLog) throws -> [OutputFile]? {
        try outputFiles(from: readInputs(into: &log), into: &log)
    }

    /// Checks, plans and renders inputs already read; nil when the specs have errors.
    ///
    /// The templates are compiled while the specs are parsed and checked: the two do not depend on each
    /// other, and compiling is serial work that would otherwise leave a core idle.
    public func outputFiles(from inputs: Inputs, into log: inout DiagnosticLog) throws -> [OutputFile]? {
        guard let sources = inputs.specs else { return nil }
        let (schema, compiling) = concurrently({ check(sources, into: &log) },
                                               { Result { try TemplateSet(overrides: try inputs.overrides.get()) } })
        guard let schema else { return nil }
        let templateSet = try compiling.get()
        log.append(contentsOf: templateSet.warnings)
        return try generate(schema, with: templateSet)
    }
}

/// Plans every output file of a schema, in a fixed order.
struct OutputPlanner: Sendable {
    let schema: Schema
    let moduleName: String
    let sql: SQLPlanner
    let tests: TestPlanner

    init(schema: Schema, moduleName: String) {
        self.schema = schema
        self.moduleName = moduleName
        sql = SQLPlanner(schema: schema)
        tests = TestPlanner(schema: schema, moduleName: moduleName, directory: Generator.Layout.tests)
    }

    /// Every file, sorted by path. Each entity's files (and its part of `schema.sql`) are planned on every
    /// core; nothing an entity's plan decides depends on another entity's.
    func plan() -> [PlannedFile] {
        let perEntity = schema.entities.concurrentMap { entity in (files: files(for: entity), table: sql.tableContext(entity)) }
        var planned = perEntity.flatMap(\.files)
        planned.append(sql.plan(tables: perEntity.map(\.table)))
        planned.append(tests.harness())
        return planned.sorted { $0.path < $1.path }
    }

    /// The folder of an entity's Swift files (its models and its repository), relative to the output.
    static func swiftDirectory(of entity: Entity) -> String {
        "\(Generator.Layout.swift)/\(entity.name)"
    }

    /// The Swift, repository and test files of one entity, planned from its `codeView` (without deprecated fields).
    func files(for entity: Entity) -> [PlannedFile] {
        let tableIndexes = entity.indexes.map(\.name)
        let entity = entity.codeView
        let directory = Self.swiftDirectory(of: entity)
        return SwiftPlanner(entity: entity, directory: directory).plan()
            + RepositoryPlanner(entity: entity, directory: directory).plan()
            + tests.plan(entity)
            + QueryTestPlanner(moduleName: moduleName, directory: Generator.Layout.tests).plan(entity, tableIndexes: tableIndexes)
    }
}
