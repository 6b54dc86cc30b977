/// Refuses specs whose generated tests could not pass: a unique field (or unique index) that cannot yield
/// enough distinct valid values, or a required field no value satisfies. The values are the ones the
/// generated fixtures write (`FixtureValues.plan`, derived by `FixtureVariants`), so what the checker accepts
/// the generated tests can build.
enum FixtureCapacity {
    /// Reports every problem of every entity, located at the spec key at fault (the field's `example` or
    /// `unique`, else the field; a declared index at its entry).
    /// Keeps the plans of entities without deprecated fields in `schema.fixturePlans`: the test planner
    /// prints those same values.
    /// `plans` are `FixtureValues.plan` of each entity, in the schema's order.
    static func check(_ schema: inout Schema, plans: [FixtureValues.Plan], documents: [SpecDocument],
                      into log: inout DiagnosticLog) {
        let roots = Dictionary(documents.map { ($0.path, $0.root) }, uniquingKeysWith: { first, _ in first })
        for (entity, plan) in zip(schema.entities, plans) {
            for problem in plan.problems {
                log.error(problem.message, at: location(of: problem, in: roots[entity.specPath]) ?? entity.location,
                          hint: problem.hint)
            }
            if !entity.hasDeprecatedColumns {
                schema.fixturePlans[entity.name] = plan
            }
        }
    }

    private static func location(of problem: FixtureValues.Problem, in root: SyntaxNode?) -> SourceLocation? {
        if let index = problem.index { return index.location }
        guard let column = problem.column else { return nil }
        guard let key = problem.key, case .mapping(let spec)? = root, case .mapping(let fields)? = spec["fields"],
              case .mapping(let field)? = fields[column.name], let entry = field.entry(key) else {
            return column.location
        }
        return key == "example" ? entry.value.location : entry.key.location
    }
}
