/// Lint as a pipeline step: the checklist over what this project's generator produces.
extension Generator {
    /// Plans and renders the schema with the project's templates, then runs the checklist over the result.
    public func lint(_ schema: Schema) throws -> LintReport {
        let plan = plan(schema)
        let templates = try templates()
        let ddl = try plan.first { $0.path == SQLPlanner.path }.map { try templates.render($0) } ?? ""
        return Linter(schema: schema, ddl: ddl, plannedPaths: plan.map(\.path)).run()
    }
}
