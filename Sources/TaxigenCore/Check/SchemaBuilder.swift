/// Checks what needs every entity at once (duplicates, refs, cycles, derived names) and makes every
/// implicit part of each entity explicit.
struct SchemaBuilder: Sendable {
    /// Entities that specs declare but that have no draft, because of their specs' own errors.
    struct MissingEntities: Sendable {
        /// The names of entities whose specs were refused: a ref to one is not reported again.
        var names: Set<String> = []
        /// Spec files that could not be read, parsed or named an entity: a ref to an unknown entity may mean
        /// one of them, and its error says so.
        var specs: Set<String> = []
    }

    let drafts: [EntityDraft]
    let options: Checker.Options
    var missing = MissingEntities()

    /// The entities, each built on every core (duplicates and unknown refs reported), and the drafts they
    /// were built from, in the same order. ``checkAcrossEntities(_:)`` then checks what spans them.
    func buildEntities(into log: inout DiagnosticLog) -> (entities: [Entity], drafts: [EntityDraft]) {
        let drafts = uniqueDrafts(into: &log)
        checkGeneratedTypeNames(drafts, into: &log)
        let names = Set(drafts.map(\.name))
        // Each entity is built on its own, on every core; diagnostics are collected in draft order.
        let built = drafts.concurrentMap { draft in
            var entityLog = DiagnosticLog()
            for field in draft.fields {
                if case .ref(let target) = field.column.type, !names.contains(target), !missing.names.contains(target) {
                    var hint = Suggestion.hint(for: target, in: names)
                        ?? "refs name another spec's `entity:`; known entities are \(names.sorted().joined(separator: ", "))"
                    if !missing.specs.isEmpty {
                        let specs = missing.specs.sorted()
                        hint += specs.count == 1 ? "; if \(specs[0]) declares it, fix that file's errors first"
                            : "; if one of \(specs.joined(separator: ", ")) declares it, fix those files' errors first"
                    }
                    entityLog.error("field '\(field.column.name)' refers to unknown entity '\(target)'", at: field.refLocation, hint: hint)
                }
            }
            let entity = EntityBuilder(draft: draft).build(into: &entityLog)
            return (entity, entityLog.diagnostics)
        }
        var entities: [Entity] = []
        for (entity, diagnostics) in built {
            log.append(contentsOf: diagnostics)
            entities.append(entity)
        }
        return (entities, drafts)
    }

    /// What needs every entity at once: one namespace for tables and indexes, and no ref cycles. Serial
    /// work, which the checker runs while another core plans the fixtures.
    func checkAcrossEntities(_ built: (entities: [Entity], drafts: [EntityDraft])) -> DiagnosticLog {
        var log = DiagnosticLog()
        PostgresNames.checkNamespace(built.entities, drafts: built.drafts, into: &log)
        checkCycles(built.entities, into: &log)
        return log
    }

    /// Drops (and reports) entities whose name or table repeats an earlier one's, comparing normalised names.
    private func uniqueDrafts(into log: inout DiagnosticLog) -> [EntityDraft] {
        var byName: [String: EntityDraft] = [:]
        var byFoldedName: [String: EntityDraft] = [:]
        var byTable: [String: EntityDraft] = [:]
        var result: [EntityDraft] = []
        for draft in drafts.sorted(by: { ($0.path, $0.location) < ($1.path, $1.location) }) {
            let key = Naming.snakeCase(draft.name)
            if let first = byName[key] {
                log.error("entity '\(draft.name)' is declared twice (after normalising names); the first is at \(first.nameLocation)",
                          at: draft.nameLocation, hint: "each entity is declared once; rename or remove one")
                continue
            }
            if let first = byFoldedName[draft.name.lowercased()] {
                log.error("entity '\(draft.name)' differs from '\(first.name)' (\(first.nameLocation)) only in letter case: their generated files would overwrite each other on a case-insensitive file system (macOS, Windows)",
                          at: draft.nameLocation, hint: "rename one of them")
                continue
            }
            if let first = byTable[draft.tableName] {
                log.error("table '\(draft.tableName)' of entity '\(draft.name)' is also the table of '\(first.name)' (\(first.nameLocation))",
                          at: draft.tableLocation, hint: "set a different `table:` on one of them")
                continue
            }
            byName[key] = draft
            byFoldedName[draft.name.lowercased()] = draft
            byTable[draft.tableName] = draft
            result.append(draft)
        }
        return result
    }

    /// Refuses entities whose generated types would collide with another entity's (`Order` and `OrderCreate`).
    private func checkGeneratedTypeNames(_ drafts: [EntityDraft], into log: inout DiagnosticLog) {
        var owners: [String: String] = [:]
        for draft in drafts {
            for suffix in GeneratedTypeSuffix.all + GeneratedTypeSuffix.tests {
                owners[draft.name + suffix] = draft.name
            }
        }
        for draft in drafts {
            if let owner = owners[draft.name], owner != draft.name {
                log.error("entity '\(draft.name)' has the name of a type generated for entity '\(owner)'",
                          at: draft.nameLocation, hint: "rename the entity")
            }
        }
    }

    /// Reports cycles of refs between two or more entities (a self-reference is a tree, not a cycle): one
    /// diagnostic per strongly connected component, in time linear in the number of refs.
    private func checkCycles(_ entities: [Entity], into log: inout DiagnosticLog) {
        var edges: [String: [String]] = [:]
        for entity in entities {
            edges[entity.name] = Set(entity.refs.map(\.entity)).subtracting([entity.name]).sorted()
        }
        let byName = Dictionary(entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for component in RefGraph(edges: edges).cyclicComponents() {
            guard let start = component.min(), let entity = byName[start] else { continue }
            let cycle = RefGraph(edges: edges).cycle(from: start, within: Set(component))
            let description = (cycle + [start]).joined(separator: " → ")
            let next = cycle.count > 1 ? cycle[1] : start
            let location = entity.refs.first { $0.entity == next }?.column.location ?? entity.location
            let message = "ref cycle between entities: \(description)"
            if options.refCycleSeverity == .error {
                log.error(message, at: location,
                          hint: "the guidelines say not to create circular dependencies between models; drop one ref or set `ref_cycles: warning` in taxigen.yaml")
            } else {
                log.warning(message, at: location,
                            hint: "the guidelines say not to create circular dependencies between models; consider dropping one ref")
            }
        }
    }
}

/// The graph of refs between entities, for finding cycles.
struct RefGraph {
    /// Entity name → the entities it refers to (without itself), sorted.
    let edges: [String: [String]]

    /// The strongly connected components with two or more entities (Tarjan's algorithm, iterative so that
    /// long chains of refs cannot overflow the stack), sorted by their smallest name.
    func cyclicComponents() -> [[String]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowLinks: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var components: [[String]] = []
        for root in edges.keys.sorted() where indices[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            indices[root] = index; lowLinks[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while var frame = work.popLast() {
                let successors = edges[frame.node] ?? []
                if frame.next < successors.count {
                    let successor = successors[frame.next]
                    frame.next += 1
                    work.append(frame)
                    if indices[successor] == nil {
                        indices[successor] = index; lowLinks[successor] = index; index += 1
                        stack.append(successor); onStack.insert(successor)
                        work.append((successor, 0))
                    } else if onStack.contains(successor) {
                        lowLinks[frame.node] = min(lowLinks[frame.node]!, indices[successor]!)
                    }
                    continue
                }
                if let parent = work.last {
                    lowLinks[parent.node] = min(lowLinks[parent.node]!, lowLinks[frame.node]!)
                }
                if lowLinks[frame.node] == indices[frame.node] {
                    var component: [String] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        component.append(member)
                        if member == frame.node { break }
                    }
                    if component.count > 1 { components.append(component.sorted()) }
                }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }

    /// A cycle through `start` inside one component: the entities in ref order, starting with `start`.
    func cycle(from start: String, within component: Set<String>) -> [String] {
        var previous: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] ?? [] where component.contains(next) {
                if next == start {
                    var path = [node]
                    while let before = previous[path[0]] { path.insert(before, at: 0) }
                    return path
                }
                if previous[next] == nil, next != start {
                    previous[next] = node
                    queue.append(next)
                }
            }
        }
        return [start]
    }
}

/// The suffixes of the Swift types generated per entity, so name collisions can be refused up front.
enum GeneratedTypeSuffix {
    static let create = "Create"
    static let patch = "Patch"
    static let response = "Response"
    static let repository = "Repository"
    static let table = "Table"
    static let all = [create, patch, response, repository, table]
    /// The suffixes of the generated tests' types (`CustomerFixture`, `CustomerValidationTests`, …).
    static let tests = ["Fixture", "ValidationTests", "RepositoryTests", "QueryTests"]
}
