import Foundation

/// A project's migrations as the commands see them: the directory from `taxigen.yaml` (`migrations:`),
/// its verified history, the checked specs and the templates that render `schema.sql`.
public struct MigrationProject: Sendable {
    /// The project's settings.
    public let config: ProjectConfig
    /// The file system to read and write through.
    public let fileSystem: any FileSystem

    /// Creates the view of a project.
    public init(config: ProjectConfig, fileSystem: any FileSystem = LocalFileSystem()) {
        self.config = config
        self.fileSystem = fileSystem
    }

    /// The migrations directory as the user names it.
    public var directory: String { config.migrationsDirectory }

    /// The migrations directory, resolved.
    public var path: String { config.resolve(config.migrationsDirectory) }

    /// The verified history; throws `HistoryError` listing every problem.
    public func history() throws -> MigrationHistory {
        try MigrationHistory.load(path: path, shownAs: directory, fileSystem: fileSystem)
    }

    /// The checked specs, or nil when they have errors (every diagnostic is in the log).
    public func schema(into log: inout DiagnosticLog) -> Schema? {
        Generator(config: config).loadSchema(into: &log)
    }

    /// The `schema.sql` statements, through the project's templates.
    public func freshDDL() throws -> FreshDDL {
        FreshDDL(templates: try Generator(config: config).templates())
    }
}
