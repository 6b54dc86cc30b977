import ArgumentParser

/// The `taxigen` command line: argument parsing and printing; every decision is in TaxigenCore. The `taxigen`
/// executable runs it with a database connector (see ``DatabaseConnector``); the plugins' tool without one.
public struct Taxigen: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "taxigen",
        abstract: "Generates Swift models, validation, repositories and PostgreSQL DDL from entity specs.",
        discussion: """
        Exit status: 0 success; 1 invalid specs or config, drift found by --check, or a failed write; \
        64 bad command-line usage.
        """,
        version: TaxigenVersion.current,
        subcommands: [GenerateCommand.self, LintCommand.self, TemplatesCommand.self,
                      MigrateCommand.self, DatabaseCommand.self, ImportCommand.self]
    )

    /// The command before its arguments are parsed.
    public init() {}
}

/// The version printed by `taxigen --version`.
enum TaxigenVersion {
    static let current = "0.1.0"
}
