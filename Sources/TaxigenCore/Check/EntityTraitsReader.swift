/// Reads an entity's traits (`history`, `append_only`, `tenant_scoped`, `access_log`) from its spec mapping.
///
/// Each trait is read by its own extension (`EntityTraitsReader+History.swift`, …), so that the rules of one
/// trait stay together.
struct EntityTraitsReader {
    /// The spec's top-level keys that are traits.
    static let keys = ["history", "append_only", "tenant_scoped", "access_log"]

    let reader: MappingReader
    /// The project's tenancy, which makes entities tenant-scoped unless they opt out.
    var tenancy: TenancySetting? = nil

    /// Reads every trait the spec sets, reporting every problem.
    func read(into log: inout DiagnosticLog) -> EntityTraits {
        var traits = EntityTraits()
        (traits.history, traits.historyDeclinedExplicitly) = readHistory(into: &log)
        traits.appendOnly = readAppendOnly(into: &log)
        traits.tenantKey = readTenantKey(into: &log)
        traits.tenantScoped = traits.tenantKey != nil
        traits.accessLog = reader.bool("access_log", into: &log) ?? false
        return traits
    }
}
