import Foundation

/// Who the current unit of work runs for: the acting principal and the tenant.
///
/// Set it once per request, around the handler, as a task-local:
///
/// ```swift
/// try await Caller.$current.withValue(Caller(principal: "user:42", tenant: tenantID)) {
///     try await handle(request)
/// }
/// ```
///
/// Every statement and transaction Taxiway runs in that task then carries the caller to the server as the
/// settings ``principalSetting`` and ``tenantSetting``: history triggers record the principal (`unknown` when
/// none), row-level security policies compare the tenant, and access records name the principal. Outside a
/// caller both settings are empty, so a tenant-scoped table shows no rows.
public struct Caller: Sendable, Hashable {
    /// The PostgreSQL setting that holds the principal (`current_setting('taxiway.principal', true)`).
    public static let principalSetting = "taxiway.principal"
    /// The PostgreSQL setting that holds the tenant's key (`current_setting('taxiway.tenant', true)`).
    public static let tenantSetting = "taxiway.tenant"

    /// Who acts: a user, a service, a job (`user:42`, `billing-worker`); nil when unknown.
    public var principal: String?
    /// The tenant whose rows the work may see and change; nil outside any tenant.
    public var tenant: UUID?

    /// Creates a caller.
    public init(principal: String? = nil, tenant: UUID? = nil) {
        self.principal = principal
        self.tenant = tenant
    }

    /// The caller of the current task, if one was set.
    @TaskLocal public static var current: Caller?

    /// The values of ``principalSetting`` and ``tenantSetting`` for this caller ("" for a missing one).
    var settingValues: (principal: String, tenant: String) {
        (principal ?? "", tenant?.uuidString.lowercased() ?? "")
    }
}
