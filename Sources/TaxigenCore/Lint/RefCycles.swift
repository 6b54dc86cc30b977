/// The cycles of refs between entities (a self-reference is a tree, not a cycle), found once per schema.
///
/// The checker reports them too, but only as a warning unless `ref_cycles: error`; lint fails them.
struct RefCycles {
    /// The entities each entity refers to, self-references left out.
    private let edges: [String: [String]]
    /// The strongly connected component of each entity that is part of a cycle.
    private let components: [String: Set<String>]

    init(schema: Schema) {
        let names = Set(schema.entities.map(\.name))
        var edges: [String: [String]] = [:]
        for entity in schema.entities {
            edges[entity.name] = Set(entity.refs.map(\.entity)).subtracting([entity.name]).intersection(names).sorted()
        }
        self.edges = edges
        let reach = Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, Self.reachable(from: $0.name, edges: edges)) })
        var components: [String: Set<String>] = [:]
        for entity in schema.entities {
            let reachable = reach[entity.name] ?? []
            let component = reachable.filter { reach[$0]?.contains(entity.name) == true }
            if component.contains(entity.name) { components[entity.name] = component }
        }
        self.components = components
    }

    private static func reachable(from start: String, edges: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var stack = edges[start] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += edges[next] ?? []
        }
        return seen
    }

    /// The outcome for one entity: a finding at each ref that leads into the entity's cycle.
    func outcome(for entity: Entity) -> LintOutcome {
        let selfRefs = entity.refs.filter { $0.entity == entity.name }.map(\.column.name)
        guard let component = components[entity.name] else {
            let targets = Set(entity.refs.map(\.entity)).subtracting([entity.name]).sorted()
            var parts: [String] = []
            if !targets.isEmpty { parts.append("refs \(targets.joined(separator: ", ")), acyclic") }
            if !selfRefs.isEmpty { parts.append("self-reference \(selfRefs.joined(separator: ", ")) is a tree") }
            return LintOutcome([], parts.isEmpty ? "no refs" : parts.joined(separator: "; "))
        }
        let findings = entity.refs.filter { component.contains($0.entity) && $0.entity != entity.name }.map { ref in
            let path = [entity.name] + shortestPath(from: ref.entity, to: entity.name, within: component)
            return LintFinding("ref '\(ref.column.name)' closes a cycle between models: \(path.joined(separator: " → ")); the guidelines forbid circular dependencies",
                               at: ref.column.location)
        }
        return LintOutcome(findings, "")
    }

    /// The entities on a shortest ref path from `start` to `goal` inside a component, both included.
    private func shortestPath(from start: String, to goal: String, within component: Set<String>) -> [String] {
        var previous: [String: String] = [:]
        var queue = [start]
        var seen: Set<String> = [start]
        while !queue.isEmpty {
            let name = queue.removeFirst()
            if name == goal { break }
            for next in edges[name] ?? [] where component.contains(next) && seen.insert(next).inserted {
                previous[next] = name
                queue.append(next)
            }
        }
        var path = [goal]
        while let last = path.last, last != start, let before = previous[last] { path.append(before) }
        return path.reversed()
    }
}
