import Foundation

/// The settings of a taxigen project, from `taxigen.yaml` (every key optional) and command-line flags.
public struct ProjectConfig: Sendable {
    /// The config file's name, looked up in the project directory.
    public static let fileName = "taxigen.yaml"
    static let keys = ["specs", "output", "templates", "module", "ref_cycles", "migrations", "tenancy", "critical_words"]

    /// The directory paths are relative to.
    public var projectDirectory: String
    /// Where the specs are (default `specs`).
    public var specsDirectory = "specs"
    /// Where generated files go (default `Generated`).
    public var outputDirectory = "Generated"
    /// A directory of template overrides, if any.
    public var templatesDirectory: String?
    /// The Swift module the generated code is compiled into; generated tests import it.
    public var moduleName = "Domain"
    /// How ref cycles between entities are reported.
    public var refCycleSeverity: Diagnostic.Severity = .warning
    /// Where migrations are kept (default `migrations`).
    public var migrationsDirectory = "migrations"
    /// Whether migrations keep the release still running working (`migrations: { zero_downtime: true }`):
    /// renames as expand and contract, removals only of deprecated fields (see `MigrationsSetting`).
    public var zeroDowntime = false
    /// The project's tenancy (`tenancy: { key: tenant_id }`), or nil when rows belong to no tenant.
    public var tenancy: TenancySetting?
    /// The words that make an entity critical data for lint's change-tracking item (`critical_words:`); nil
    /// for `HistoryLint.defaultCriticalWords`.
    public var criticalWords: [String]?
    /// Where each setting read from the config file is written there (by key), for locating its errors;
    /// a setting that a flag overrides should be removed.
    public var valueLocations: [String: SourceLocation] = [:]

    /// The defaults for a project directory.
    public init(projectDirectory: String) {
        self.projectDirectory = projectDirectory
    }

    /// A path resolved against the project directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (projectDirectory as NSString).appendingPathComponent(path)
    }

    /// Reads `taxigen.yaml` from the project directory if it exists; unknown keys and bad values are errors.
    public static func load(projectDirectory: String, configPath: String? = nil,
                            into log: inout DiagnosticLog) -> ProjectConfig {
        var config = ProjectConfig(projectDirectory: projectDirectory)
        let path = configPath ?? (projectDirectory as NSString).appendingPathComponent(fileName)
        let shownPath = configPath ?? fileName
        var status = stat()
        if configPath == nil, lstat(path, &status) != 0, errno == ENOENT {
            return config
        }
        let text: String
        switch SpecFiles.read(path, shownAs: shownPath, projectRoot: nil, what: "config file") {
        case .success(let read): text = read
        case .failure(let problem):
            log.append(contentsOf: [problem.diagnostic])
            return config
        }
        guard let document = SpecLoader.load(SpecLoader.Source(path: shownPath, text: text), into: &log) else {
            return config
        }
        guard case .mapping(let mapping) = document.root else {
            log.error("\(fileName) must be a mapping of settings", at: document.root.location, hint: "write one `key: value` setting a line, e.g. `specs: specs`")
            return config
        }
        let reader = MappingReader(mapping: mapping, subject: fileName)
        reader.checkKeys(known: keys, into: &log)
        if let value = reader.string("specs", into: &log) { config.specsDirectory = value }
        if let value = reader.string("output", into: &log) { config.outputDirectory = value }
        if let value = reader.string("templates", into: &log) { config.templatesDirectory = value }
        if let node = mapping["migrations"], let setting = MigrationsSetting.read(node, into: &log) {
            if let directory = setting.directory { config.migrationsDirectory = directory }
            config.zeroDowntime = setting.zeroDowntime
        }
        for key in PathSetting.allCases.map(\.rawValue) where reader.has(key) {
            config.valueLocations[key] = reader.location(of: key)
        }
        if let value = reader.string("module", into: &log) {
            if let problem = SwiftNameRules.moduleNameProblem(value) {
                log.error(problem.message, at: reader.location(of: "module"), hint: problem.hint)
            } else if Naming.isUpperCamelCase(value) {
                config.moduleName = value
            } else {
                log.error("module '\(value)' is not a Swift module name", at: reader.location(of: "module"),
                          hint: "use the name of the target that compiles the generated code")
            }
        }
        if let words = reader.stringList("critical_words", into: &log) {
            config.criticalWords = words.map(\.text)
        }
        if let node = mapping["tenancy"] {
            config.tenancy = TenancySetting.read(node, into: &log)
        }
        if let value = reader.string("ref_cycles", into: &log) {
            switch value {
            case "warning": config.refCycleSeverity = .warning
            case "error": config.refCycleSeverity = .error
            default:
                log.error("ref_cycles must be 'warning' or 'error', not '\(value)'", at: reader.location(of: "ref_cycles"), hint: "write `ref_cycles: warning` or `ref_cycles: error`")
            }
        }
        return config
    }
}
