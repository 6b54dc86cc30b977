extension EntityTraitsReader {
    /// `tenant_scoped: false` opts an entity out of the project's tenancy.
    func readTenantScoped(into log: inout DiagnosticLog) -> Bool {
        _ = reader.bool("tenant_scoped", into: &log)
        return false
    }
}
