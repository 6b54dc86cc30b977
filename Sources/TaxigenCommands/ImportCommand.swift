import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen import --database-url URL | --dump FILE [--schema NAME] [--json] [--overwrite]`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write specs for the tables of an existing database, and report where it breaks the guidelines.",
        discussion: """
        Reads a live database's catalog (--database-url) or the text of `pg_dump -s` (--dump) and writes one \
        spec per table into the project's specs folder, then checks them as `generate` would. Every place \
        the schema breaks the database guidelines (foreign keys, serial keys, missing audit columns, missing \
        reference indexes, naive timestamps, …) is reported with what to do; a table taxigen cannot describe \
        gets no spec and a report entry instead. Nothing is written when a spec file exists already (unless \
        --overwrite). Then `taxigen migrate baseline` records the database as it is (docs/import.md). \
        Exit status: 0 imported; 1 a source that cannot be read, an existing spec, or specs the checker refuses.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("database-url"), help: "A live database: postgres://user:password@host:5432/database.")
    var databaseURL: String?

    @Option(help: "A file written by `pg_dump -s` (schema only).")
    var dump: String?

    @Option(help: "The PostgreSQL schema to import.")
    var schema = "public"

    @Flag(help: "Print the report as JSON (version 1) for tools.")
    var json = false

    @Flag(help: "Replace spec files that exist already.")
    var overwrite = false

    func validate() throws {
        if (databaseURL == nil) == (dump == nil) {
            throw ValidationError("give exactly one of --database-url URL and --dump FILE")
        }
    }

    func run() async throws {
        // A new project has no specs folder yet: create the default one (or --specs) before the config is checked.
        let folder = project.specsDirectory ?? "specs"
        let base = project.projectDirectory ?? FileManager.default.currentDirectoryPath
        let specsPath = folder.hasPrefix("/") ? folder : (base as NSString).appendingPathComponent(folder)
        if FileManager.default.fileExists(atPath: base), !FileManager.default.fileExists(atPath: specsPath) {
            try? FileManager.default.createDirectory(atPath: specsPath, withIntermediateDirectories: true)
        }
        let config = try project.config()
        let imported: ImportedSchema
        let source: String
        do {
            if let dump {
                guard let text = FileManager.default.contents(atPath: dump).map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw MigrationError("cannot read the dump \(dump)")
                }
                imported = DumpParser.parse(text, schema: schema)
                source = "\(dump) (schema \(schema))"
            } else {
                imported = try await Self.readCatalog(url: databaseURL!, schema: schema)
                source = "\(DatabaseURL.redacted(databaseURL!)) (schema \(schema))"
            }
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        var result = ImportPlanner.plan(imported)
        do {
            try ImportWriter.write(result, to: config.resolve(config.specsDirectory), shownAs: config.specsDirectory, overwrite: overwrite)
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        var log = DiagnosticLog()
        let checked = Generator(config: config).loadSchema(into: &log)
        if let checked, !log.hasErrors, let lint = try? Generator(config: config).lint(checked) {
            result.addLintFindings(lint)
        }
        print(json ? try ImportReport.json(result, source: source, specsDirectory: config.specsDirectory)
                   : ImportReport.text(result, source: source, specsDirectory: config.specsDirectory), terminator: "")
        if checked == nil || log.hasErrors {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError("error: the specs in \(config.specsDirectory)/ do not pass the checker (above): fix them before `migrate baseline`")
            throw ExitCode(1)
        }
    }

    /// The catalog of a live database, read in a read-only session.
    static func readCatalog(url: String, schema: String) async throws -> ImportedSchema {
        let connection = try await DatabaseConnector.connect(url: url)
        do {
            try await connection.execute("SET default_transaction_read_only = on")
            let imported = try await CatalogImport.read(schema: schema, from: connection)
            await connection.close()
            return imported
        } catch {
            await connection.close()
            throw error
        }
    }
}
