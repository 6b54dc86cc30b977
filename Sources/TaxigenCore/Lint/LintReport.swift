/// One reason a checklist item fails for an entity, with the spec location to fix.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence without a trailing period.
    public let message: String
    /// Where in the specs to fix it.
    public let location: SourceLocation

    /// Creates a finding.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `path:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// The outcome of one checklist item for one entity.
public struct LintResult: Sendable, Hashable {
    /// The checklist item.
    public let item: ChecklistItem
    /// Why it fails; empty when it passes.
    public let findings: [LintFinding]
    /// What was proven, for a pass (`Base + JsonBase`, `4 indexes`, …).
    public let detail: String

    /// Creates a result.
    public init(item: ChecklistItem, findings: [LintFinding], detail: String) {
        self.item = item
        self.findings = findings
        self.detail = detail
    }

    /// Whether the item holds.
    public var passed: Bool { findings.isEmpty }
}

/// Every checklist item's outcome for one entity.
public struct EntityLintReport: Sendable {
    /// The entity's Swift name.
    public let entity: String
    /// Its table.
    public let table: String
    /// Where it is declared.
    public let location: SourceLocation
    /// One result per checklist item, in checklist order.
    public let results: [LintResult]

    /// Whether every item holds.
    public var passed: Bool { results.allSatisfy(\.passed) }
}

/// The checklist for every entity of a schema.
public struct LintReport: Sendable {
    /// One report per entity, in `Schema` order.
    public let entities: [EntityLintReport]

    /// Every result of every entity.
    public var results: [LintResult] { entities.flatMap(\.results) }
    /// How many item checks passed.
    public var passedCount: Int { results.filter(\.passed).count }
    /// How many item checks failed.
    public var failedCount: Int { results.count - passedCount }
    /// Whether every item holds for every entity.
    public var passed: Bool { failedCount == 0 }
}
