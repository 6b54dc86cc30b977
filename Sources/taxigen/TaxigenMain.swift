import TaxigenCommands

/// The `taxigen` executable: the command line of `TaxigenCommands`, with PostgresNIO connecting the database
/// commands (`migrate apply`, `migrate status`, `migrate baseline`, `db diff`, `import --database-url`).
@main
enum TaxigenMain {
    static func main() async {
        MemoryTuning.apply()
        DatabaseConnector.install { url in try await PostgresMigrationConnection.connect(url: url) }
        await Taxigen.main()
    }
}
