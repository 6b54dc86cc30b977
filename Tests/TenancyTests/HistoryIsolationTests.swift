import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import TenancyDomain
import Testing

/// The history of a tenant-scoped entity (`WorkItem`, `history: true` in the fixture), through the application's
/// role: each entry carries the tenant of its row, and one tenant never reads another's entries, neither by
/// hand-written SQL nor through the generated `history(...)` methods.
@Suite("Tenancy: history isolation through the application role")
struct HistoryIsolationTests {
    static let tenantA = IsolationTests.tenantA
    static let tenantB = IsolationTests.tenantB

    static func create(_ code: String, on repository: WorkItemRepository) async throws -> WorkItem {
        try await repository.create(WorkItemCreate(projectID: UUID(), title: "Item \(code)", code: code))
    }

    @Test("the history table has row-level security enabled and forced with the tenant policy", arguments: TenancyServer.allCases)
    func catalog(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            #expect(try await db.owner.text("SELECT (relrowsecurity AND relforcerowsecurity)::text FROM pg_class WHERE relname = 'work_items_history'") == "true")
            #expect(try await db.owner.text("SELECT policyname || ':' || cmd || ':' || permissive FROM pg_policies WHERE tablename = 'work_items_history'")
                == "tenant_isolation:ALL:PERMISSIVE")
        }
    }

    @Test("entries carry their row's tenant; tenant B reads none of tenant A's entries by hand-written SQL; without a tenant none is read",
          arguments: TenancyServer.allCases)
    func handWrittenSQL(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let items = WorkItemRepository(on: db.app)
            let a = try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) {
                let item = try await Self.create("TASK-1", on: items)
                _ = try await items.update(id: item.id, WorkItemPatch(expectedVersion: item.version).setting(\.title, to: "Renamed"))
                return item
            }
            let b = try await Caller.$current.withValue(Caller(principal: "user:b", tenant: Self.tenantB)) {
                try await Self.create("TASK-1", on: items)
            }
            // Hand-written SQL of tenant A records too, with A's tenant.
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(Self.tenantA)
                #expect(try await tx.affected("UPDATE work_items SET done = true WHERE work_item_id = '\(a.id)'") == 1)
            }
            // The owner (superuser) sees every entry, each with the tenant of its row.
            #expect(try await db.owner.text("SELECT string_agg(history_operation || ':' || tenant_id, ',' ORDER BY history_id) FROM work_items_history")
                == ["insert:\(Self.tenantA)", "update:\(Self.tenantA)", "insert:\(Self.tenantB)", "update:\(Self.tenantA)"]
                    .joined(separator: ",").lowercased())
            for (tenant, expected) in [(Self.tenantA, "3"), (Self.tenantB, "1"), (nil, "0")] as [(UUID?, String)] {
                try await db.app.transaction { tx async throws in
                    try await tx.setTenant(tenant)
                    #expect(try await tx.text("SELECT count(*)::text FROM work_items_history") == expected, "tenant \(String(describing: tenant))")
                }
            }
            try await db.app.transaction { tx async throws in
                try await tx.setTenant(Self.tenantB)
                #expect(try await tx.text("SELECT count(*)::text FROM work_items_history WHERE work_item_id = '\(a.id)'") == "0")
                #expect(try await tx.text("SELECT count(*)::text FROM work_items_history WHERE tenant_id = '\(Self.tenantA)'") == "0")
                #expect(try await tx.text("SELECT count(*)::text FROM work_items_history WHERE work_item_id = '\(b.id)'") == "1")
                // A hard delete in B is recorded in B.
                #expect(try await tx.affected("DELETE FROM work_items WHERE work_item_id = '\(b.id)'") == 1)
                #expect(try await tx.text("SELECT history_operation || ':' || tenant_id FROM work_items_history WHERE work_item_id = '\(b.id)' ORDER BY history_id DESC LIMIT 1")
                    == "hard_delete:\(Self.tenantB.uuidString.lowercased())")
            }
        }
    }

    @Test("the application role still cannot insert, update or delete history entries, in its tenant or another's", arguments: TenancyServer.allCases)
    func appendOnly(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let items = WorkItemRepository(on: db.app)
            let a = try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) {
                try await Self.create("TASK-1", on: items)
            }
            for tenant in [Self.tenantA, Self.tenantB] {
                for statement in [
                    "INSERT INTO work_items_history (history_operation, history_at, history_principal, work_item_id, tenant_id) VALUES ('insert', now(), 'forger', '\(a.id)', '\(tenant)')",
                    "UPDATE work_items_history SET history_principal = 'forger'",
                    "DELETE FROM work_items_history",
                ] {
                    do {
                        let changed = try await db.app.transaction { tx async throws in
                            try await tx.setTenant(tenant)
                            return try await tx.affected(statement)
                        }
                        // Another tenant's entries are invisible to its UPDATE and DELETE: nothing to refuse, nothing changed.
                        #expect(tenant == Self.tenantB && !statement.hasPrefix("INSERT") && changed == 0, "accepted: \(statement) as \(tenant)")
                    } catch {
                        #expect(sqlState(of: error) == "42501", "\(statement): \(error)")
                    }
                }
            }
            #expect(try await db.owner.text("SELECT string_agg(history_principal, ',') FROM work_items_history") == "user:a")
        }
    }

    @Test("the generated history methods read only the caller's tenant's entries, and refuse without a tenant", arguments: TenancyServer.allCases)
    func repository(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let items = WorkItemRepository(on: db.app)
            let callerA = Caller(principal: "user:a", tenant: Self.tenantA)
            let callerB = Caller(principal: "user:b", tenant: Self.tenantB)
            let a = try await Caller.$current.withValue(callerA) {
                let item = try await Self.create("TASK-1", on: items)
                _ = try await items.update(id: item.id, WorkItemPatch(expectedVersion: item.version).setting(\.title, to: "Renamed"))
                return item
            }
            try await Caller.$current.withValue(callerA) { () async throws in
                let page = try await items.history(id: a.id, after: try KeysetPageRequest(limit: 10))
                #expect(page.items.map(\.operation) == [.update, .insert])
                #expect(page.items.map(\.principal) == ["user:a", "user:a"])
                #expect(try await items.history(id: a.id, version: 1)?.model.title == "Item TASK-1")
                #expect(try await items.history(id: a.id, at: Date())?.model.title == "Renamed")
            }
            try await Caller.$current.withValue(callerB) { () async throws in
                #expect(try await items.history(id: a.id, after: try KeysetPageRequest(limit: 10)).items.isEmpty)
                #expect(try await items.history(id: a.id, version: 1) == nil)
                #expect(try await items.history(id: a.id, at: Date()) == nil)
            }
            try await Caller.$current.withValue(Caller(principal: "user:none")) { () async throws in
                await RepositoryTenancyTests.expectRefused("WorkItem", "history") {
                    _ = try await items.history(id: a.id, after: try KeysetPageRequest(limit: 10))
                }
            }
        }
    }
}
