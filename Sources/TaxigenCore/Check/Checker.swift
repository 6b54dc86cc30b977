/// The check stage: turns located syntax into a `Schema`, or reports every problem at once.
public enum Checker {
    /// How the checker treats what the guidelines discourage but do not forbid.
    public struct Options: Sendable {
        /// The severity of a ref cycle between entities ("no circular dependencies between models").
        public var refCycleSeverity: Diagnostic.Severity
        /// The project's tenancy (`tenancy:` in taxigen.yaml), or nil when no entity is tenant-scoped.
        public var tenancy: TenancySetting?

        /// Creates options; ref cycles are warnings by default, and there is no tenancy.
        public init(refCycleSeverity: Diagnostic.Severity = .warning, tenancy: TenancySetting? = nil) {
            self.refCycleSeverity = refCycleSeverity
            self.tenancy = tenancy
        }
    }

    /// Checks every document; returns the schema only when no error was found.
    public static func check(_ documents: [SpecDocument], options: Options = Options(),
                             into log: inout DiagnosticLog) -> Schema? {
        // Spec files that could not be read or parsed were reported before this stage, in the same log.
        let unreadable = Set(log.diagnostics.lazy.filter { $0.severity == .error }.map(\.location.file))
        // Documents are read independently, on every core; drafts and diagnostics are collected in document
        // order, so the result does not depend on scheduling.
        let read = documents.concurrentMap { document in
            var documentLog = DiagnosticLog()
            let draft = EntityReader.read(document, tenancy: options.tenancy, into: &documentLog)
            return (draft, documentLog.diagnostics)
        }
        var drafts: [EntityDraft] = []
        var missing = SchemaBuilder.MissingEntities()
        for ((draft, diagnostics), document) in zip(read, documents) {
            log.append(contentsOf: diagnostics)
            if let draft {
                drafts.append(draft)
                // Refs to the name as written are not reported as unknown: its own error says what is wrong.
                if let written = Self.entityName(of: document), written != draft.name { missing.names.insert(written) }
            } else if let name = Self.entityName(of: document) {
                missing.names.insert(name)
            } else {
                missing.specs.insert(document.path)
            }
        }
        missing.specs.formUnion(unreadable.subtracting(drafts.map(\.path)))
        let builder = SchemaBuilder(drafts: drafts, options: options, missing: missing)
        let built = builder.buildEntities(into: &log)
        var schema = Schema(entities: built.entities)
        // The checks across entities are serial; the fixtures are planned on every core meanwhile.
        // The plans follow the schema's entity order (which is not the drafts' order): `FixtureCapacity` zips them.
        let (plans, across) = concurrently({ [schema] in schema.entities.concurrentMap(FixtureValues.plan) },
                                           { builder.checkAcrossEntities(built) })
        log.append(contentsOf: across.diagnostics)
        FixtureCapacity.check(&schema, plans: plans, documents: documents, into: &log)
        releaseInBackground((read, drafts, built.drafts))
        return log.hasErrors ? nil : schema
    }

    /// The `entity:` a spec declares, as written, valid or not.
    private static func entityName(of document: SpecDocument) -> String? {
        guard case .mapping(let mapping) = document.root, case .scalar(let name)? = mapping["entity"] else { return nil }
        return name.text
    }
}
