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
        // Documents are read independently, on every core; drafts and diagnostics are collected in document
        // order, so the result does not depend on scheduling.
        let read = documents.concurrentMap { document in
            var documentLog = DiagnosticLog()
            let draft = EntityReader.read(document, tenancy: options.tenancy, into: &documentLog)
            return (draft, documentLog.diagnostics)
        }
        var drafts: [EntityDraft] = []
        for (draft, diagnostics) in read {
            log.append(contentsOf: diagnostics)
            if let draft { drafts.append(draft) }
        }
        let builder = SchemaBuilder(drafts: drafts, options: options)
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
}
