import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import TenancyDomain
import Testing

/// The generated repositories of tenant-scoped entities refuse to run without a tenant (nothing reaches the
/// database), and with `Caller.$current.withValue` each tenant works on its own rows only, through the
/// application's role.
@Suite("Tenancy: generated repositories")
struct RepositoryTenancyTests {
    static let tenantA = IsolationTests.tenantA
    static let tenantB = IsolationTests.tenantB

    static func projects(_ database: any DatabaseExecutor) -> ProjectRepository {
        ProjectRepository(on: database, cipher: TestCipher.shared)
    }

    static func request(_ name: String) -> ProjectCreate {
        ProjectCreate(name: name, contactEmail: "\(name)@example.com")
    }

    /// Expects `body` to throw `TenantRequired` for `operation` on `entity`.
    static func expectRefused(_ entity: String, _ operation: String, sourceLocation: SourceLocation = #_sourceLocation,
                              _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("\(entity).\(operation) ran without a tenant", sourceLocation: sourceLocation)
        } catch let error as TenantRequired {
            #expect(error == TenantRequired(entity: entity, operation: operation), sourceLocation: sourceLocation)
            #expect(!error.isRetryable, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected TenantRequired, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("without a caller, or a caller without a tenant, every operation of a tenant-scoped repository throws TenantRequired and sends nothing",
          arguments: TenancyServer.allCases)
    func refusedWithoutTenant(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let projects = Self.projects(db.app)
            let items = WorkItemRepository(on: db.app)
            let id = UUID()
            for caller in [nil, Caller(principal: "user:1")] {
                try await Caller.$current.withValue(caller) { () async throws in
                    await Self.expectRefused("Project", "create") { _ = try await projects.create(Self.request("alpha")) }
                    await Self.expectRefused("Project", "bulkCreate") { _ = try await projects.create([Self.request("alpha")]) }
                    await Self.expectRefused("Project", "find") { _ = try await projects.find(id: id) }
                    await Self.expectRefused("Project", "list") { _ = try await projects.list(page: PageRequest(limit: 5)) }
                    await Self.expectRefused("Project", "count") { _ = try await projects.count() }
                    await Self.expectRefused("Project", "exists") { _ = try await projects.exists(where: { $0.name == "alpha" }) }
                    await Self.expectRefused("Project", "softDelete") { _ = try await projects.softDelete(id: id, expectedVersion: 1) }
                    await Self.expectRefused("Project", "eraseSensitiveFields") { _ = try await projects.eraseSensitiveFields(id: id) }
                    await Self.expectRefused("Project", "resealSensitiveFields") { _ = try await projects.resealSensitiveFields() }
                    await Self.expectRefused("Project", "list") { _ = try await projects.inStatus(status: .active, page: PageRequest(limit: 5)) }
                    await Self.expectRefused("WorkItem", "create") {
                        _ = try await items.create(WorkItemCreate(projectID: id, title: "t", code: "TASK-1"))
                    }
                    // Inside a transaction too: the statement is refused before it is sent.
                    await Self.expectRefused("Project", "find") {
                        try await db.app.transaction { tx in _ = try await Self.projects(tx).find(id: id) }
                    }
                }
            }
            // A shared entity needs no tenant.
            let plan = try await PlanRepository(on: db.app).create(PlanCreate(code: "team", seats: 5))
            #expect(try await PlanRepository(on: db.app).get(id: plan.id) == plan)
            #expect(try await db.owner.text("SELECT count(*)::text FROM projects") == "0")
            #expect(OperationOutcome(TenantRequired(entity: "Project", operation: "find")) == .invalid)
        }
    }

    @Test("with Caller.$current.withValue, each tenant creates, reads, lists, updates and deletes only its own rows",
          arguments: TenancyServer.allCases)
    func perTenant(server: TenancyServer) async throws {
        try await TenancyDatabases.with(on: server) { db async throws in
            let projects = Self.projects(db.app)
            let a = try await Caller.$current.withValue(Caller(principal: "user:a", tenant: Self.tenantA)) {
                try await projects.create(Self.request("alpha"))
            }
            let b = try await Caller.$current.withValue(Caller(principal: "user:b", tenant: Self.tenantB)) {
                // The same name and email in another tenant: unique per tenant.
                try await projects.create(Self.request("alpha"))
            }
            #expect(try await db.owner.text("SELECT tenant_id::text FROM projects WHERE project_id = '\(a.id)'") == Self.tenantA.uuidString.lowercased())
            #expect(try await db.owner.text("SELECT tenant_id::text FROM projects WHERE project_id = '\(b.id)'") == Self.tenantB.uuidString.lowercased())
            try await Caller.$current.withValue(Caller(tenant: Self.tenantA)) { () async throws in
                #expect(try await projects.find(id: b.id) == nil)
                #expect(try await projects.list(page: PageRequest(limit: 10)).items.map(\.id) == [a.id])
                #expect(try await projects.count() == 1)
                #expect(try await projects.find(byName: "alpha")?.id == a.id)
                #expect(try await projects.find(byContactEmail: "ALPHA@example.com")?.id == a.id)
                await #expect(throws: EntityNotFound.self) {
                    _ = try await projects.softDelete(id: b.id, expectedVersion: b.version)
                }
                await #expect(throws: DuplicateEntity.self) {
                    _ = try await projects.create(Self.request("alpha"))
                }
                let items = WorkItemRepository(on: db.app)
                let item = try await items.create(WorkItemCreate(projectID: a.id, title: "write", code: "TASK-1"))
                #expect(try await items.get(id: item.id).projectID == a.id)
                _ = try await projects.softDelete(id: a.id, expectedVersion: a.version)
            }
            try await Caller.$current.withValue(Caller(tenant: Self.tenantB)) { () async throws in
                #expect(try await projects.get(id: b.id) == b)
                #expect(try await WorkItemRepository(on: db.app).count() == 0)
            }
        }
    }
}
