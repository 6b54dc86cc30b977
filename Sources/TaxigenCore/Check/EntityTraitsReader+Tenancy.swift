extension EntityTraitsReader {
    /// The entity's tenant key: the project's (`tenancy:` in taxigen.yaml) unless the spec opts out with
    /// `tenant_scoped: false`; nil for an entity whose rows belong to no tenant. `tenant_scoped: true` in a
    /// project without tenancy is an error: there is no tenant key to scope by.
    func readTenantKey(into log: inout DiagnosticLog) -> String? {
        let scoped = reader.bool("tenant_scoped", into: &log)
        guard let tenancy else {
            if scoped == true {
                log.error("tenant_scoped: true, but the project declares no tenancy", at: reader.location(of: "tenant_scoped"),
                          hint: "add `tenancy: { key: \(TenancySetting.defaultKey) }` to \(ProjectConfig.fileName) (every entity is then tenant-scoped unless it says `tenant_scoped: false`), or remove `tenant_scoped`")
            }
            return nil
        }
        return scoped == false ? nil : tenancy.key
    }
}
