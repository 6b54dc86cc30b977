/// What tenancy changes in a tenant-scoped entity, decided once by the check stage: its tenant key must not
/// collide with a column of its own, and its unique and spec-requested btree indexes lead with the key.
///
/// Why those indexes and not the others: row-level security adds `<key> = <the caller's tenant>` to every
/// statement on the table, so an index that leads with the key serves each tenant's queries from that
/// tenant's entries alone (a list by status in one tenant does not walk every other tenant's rows), and a
/// unique index must lead with it for uniqueness to hold per tenant. Ref indexes and the version index stay
/// as they are: they find rows by a random UUID (or a version beside one), which already singles out a few
/// rows, and the key would only make them larger. GIN and vector indexes cannot lead with a uuid column.
enum TenancyRules {
    /// Refuses a tenant-scoped entity whose columns (key, fields, lookup columns) take the tenant key's name,
    /// and one whose columns with the key would pass PostgreSQL's limit.
    static func checkColumns(_ columns: [Column], of draft: EntityDraft, into log: inout DiagnosticLog) {
        guard let key = draft.traits.tenantKey else { return }
        if let taken = columns.first(where: { $0.name == key }) {
            switch taken.role {
            case .primaryKey:
                log.error("the key column of entity '\(draft.name)' is '\(key)', the project's tenant key", at: draft.nameLocation,
                          hint: "the entity that lists the tenants is not itself tenant-scoped: add `tenant_scoped: false` to its spec")
            case .lookup:
                log.error("the lookup column '\(key)' of a sensitive field collides with the project's tenant key '\(key)'",
                          at: taken.location, hint: "rename the sensitive field, or opt the entity out with `tenant_scoped: false`")
            default:
                log.error("field '\(key)' collides with the project's tenant key '\(key)'", at: taken.location,
                          hint: "tenancy adds '\(key)' to every tenant-scoped table (set from the caller's tenant): remove or rename the field, or opt the entity out with `tenant_scoped: false`")
            }
        }
        if columns.count + 1 > PostgresNames.maxColumns {
            log.error("entity '\(draft.name)' has \(columns.count + 1) columns with the tenant key, more than PostgreSQL's \(PostgresNames.maxColumns) per table",
                      at: draft.nameLocation, hint: "split it into entities linked by refs")
        }
    }

    /// The entity's indexes with the tenant key leading every unique index and every btree index the spec asks
    /// for (`index:`, `indexes:`); unchanged when the entity is not tenant-scoped.
    static func scopedIndexes(_ indexes: [Index], of draft: EntityDraft, into log: inout DiagnosticLog) -> [Index] {
        guard let key = draft.traits.tenantKey else { return indexes }
        for index in indexes where index.kind == .gin && !QueryIndexRules.ginServesUnderRowSecurity {
            log.warning("a GIN index on a tenant-scoped table serves none of the repositories' queries: row-level security lets PostgreSQL make index conditions only of leakproof operators, and `contains` and `overlaps` (`@>`, `&&`) are not, so they are checked row by row among the tenant's rows; the index still costs every write",
                        at: index.location,
                        hint: "remove it, or opt the entity out of tenancy with `tenant_scoped: false` if its rows are shared")
        }
        return indexes.map { index in
            guard leadsWithTenantKey(index) else { return index }
            if index.columns.count + 1 > EntityBuilder.maxIndexColumns {
                log.error("an index of a tenant-scoped entity can hold at most \(EntityBuilder.maxIndexColumns - 1) fields (the tenant key '\(key)' leads it), and this one lists \(index.columns.count)",
                          at: index.location, hint: "index fewer fields")
                return index
            }
            return Index(name: index.name, columns: [key] + index.columns, isUnique: index.isUnique, kind: index.kind,
                         isPartial: index.isPartial, operatorClass: index.operatorClass, origin: index.origin,
                         location: index.location)
        }
    }

    /// Whether tenancy puts the tenant key first in an index of this kind and origin.
    static func leadsWithTenantKey(_ index: Index) -> Bool {
        guard index.kind == .btree else { return false }
        if index.isUnique { return true }
        switch index.origin {
        case .ref, .version: return false
        case .uniqueField, .fieldIndex, .declared, .appendTime: return true
        }
    }
}
