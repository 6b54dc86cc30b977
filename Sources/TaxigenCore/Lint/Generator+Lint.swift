/// Lint as a pipeline step: the checklist over what this project's generator produces.
extension Generator {
    /// Plans and renders the schema's DDL with the project's templates, and lists the entities' Swift files, then
    /// runs the checklist over the result. (Only what the checklist reads is planned: the other files' contexts
    /// are not built.)
    public func lint(_ schema: Schema) throws -> LintReport {
        let templates = try templates()
        let sql = SQLPlanner(schema: schema)
        let ddl = try templates.render(sql.plan(tables: schema.entities.concurrentMap(sql.tableContext)))
        let swiftPaths = schema.entities.flatMap { entity in
            SwiftPlanner.files(of: entity).map { "\(OutputPlanner.swiftDirectory(of: entity))/\($0.fileName(entity: entity.name))" }
        }
        var linter = Linter(schema: schema, ddl: ddl, plannedPaths: swiftPaths + [SQLPlanner.path])
        if let words = config.criticalWords { linter.criticalWords = words }
        return linter.run()
    }
}
