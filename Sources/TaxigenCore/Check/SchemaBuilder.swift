/// Checks what needs every entity at once (duplicates, refs, cycles, derived names) and makes every
/// implicit part of each entity explicit.
struct SchemaBuilder {
    let drafts: [EntityDraft]
    let options: Checker.Options

    mutating func build(into log: inout DiagnosticLog) -> Schema {
        let drafts = uniqueDrafts(into: &log)
        checkGeneratedTypeNames(drafts, into: &log)
        let names = Set(drafts.map(\.name))
        var entities: [Entity] = []
        for draft in drafts {
            for field in draft.fields {
                if case .ref(let target) = field.column.type, !names.contains(target) {
                    log.error("field '\(field.column.name)' refers to unknown entity '\(target)'", at: field.refLocation,
                              hint: Suggestion.hint(for: target, in: names)
                                  ?? "refs name another spec's `entity:`; known entities are \(names.sorted().joined(separator: ", "))")
                }
            }
            entities.append(EntityBuilder(draft: draft).build(into: &log))
        }
        checkCycles(entities, into: &log)
        return Schema(entities: entities)
    }

    /// Drops (and reports) entities whose name or table repeats an earlier one's, comparing normalised names.
    private func uniqueDrafts(into log: inout DiagnosticLog) -> [EntityDraft] {
        var byName: [String: EntityDraft] = [:]
        var byTable: [String: EntityDraft] = [:]
        var result: [EntityDraft] = []
        for draft in drafts.sorted(by: { ($0.path, $0.location) < ($1.path, $1.location) }) {
            let key = Naming.snakeCase(draft.name)
            if let first = byName[key] {
                log.error("entity '\(draft.name)' is declared twice (after normalising names); the first is at \(first.nameLocation)",
                          at: draft.nameLocation, hint: "each entity is declared once; rename or remove one")
                continue
            }
            if let first = byTable[draft.tableName] {
                log.error("table '\(draft.tableName)' of entity '\(draft.name)' is also the table of '\(first.name)' (\(first.nameLocation))",
                          at: draft.tableLocation, hint: "set a different `table:` on one of them")
                continue
            }
            byName[key] = draft
            byTable[draft.tableName] = draft
            result.append(draft)
        }
        return result
    }

    /// Refuses entities whose generated types would collide with another entity's (`Order` and `OrderCreate`).
    private func checkGeneratedTypeNames(_ drafts: [EntityDraft], into log: inout DiagnosticLog) {
        var owners: [String: String] = [:]
        for draft in drafts {
            for suffix in GeneratedTypeSuffix.all {
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

    /// Reports cycles of refs between two or more entities (a self-reference is a tree, not a cycle).
    private func checkCycles(_ entities: [Entity], into log: inout DiagnosticLog) {
        let edges = Dictionary(uniqueKeysWithValues: entities.map { entity in
            (entity.name, Set(entity.refs.map(\.entity)).subtracting([entity.name]).sorted())
        })
        var reported: Set<Set<String>> = []
        for entity in entities {
            var path: [String] = []
            var visiting: Set<String> = []
            func visit(_ name: String) {
                if let start = path.firstIndex(of: name) {
                    let cycle = Array(path[start...])
                    guard cycle.first == entity.name, reported.insert(Set(cycle)).inserted else { return }
                    let description = (cycle + [name]).joined(separator: " → ")
                    let location = entity.refs.first { cycle.contains($0.entity) && $0.entity != entity.name }?.column.location
                        ?? entity.location
                    let message = "ref cycle between entities: \(description)"
                    let hint = "the guidelines say not to create circular dependencies between models; drop one ref or set `ref_cycles: warning` in taxigen.yaml"
                    if options.refCycleSeverity == .error {
                        log.error(message, at: location, hint: hint)
                    } else {
                        log.warning(message, at: location, hint: "the guidelines say not to create circular dependencies between models; consider dropping one ref")
                    }
                    return
                }
                guard !visiting.contains(name) else { return }
                visiting.insert(name)
                path.append(name)
                for next in edges[name] ?? [] {
                    visit(next)
                }
                path.removeLast()
            }
            visit(entity.name)
        }
    }
}

/// The suffixes of the Swift types generated per entity, so name collisions can be refused up front.
enum GeneratedTypeSuffix {
    static let create = "Create"
    static let patch = "Patch"
    static let response = "Response"
    static let repository = "Repository"
    static let all = [create, patch, response, repository]
}
