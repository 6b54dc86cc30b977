import ExampleDomain
import Foundation
import Taxiway
import Testing

/// What the generated lifecycle tests leave out: a restore blocked by an active duplicate, errors on
/// soft-deleted and unknown rows, bulk inserts across batch boundaries, and immutable fields.
@Suite("Lifecycle edges")
struct LifecycleTests {
    @Test("a restore blocked by an active duplicate is a DuplicateEntity, and the row stays deleted")
    func restoreBlockedByDuplicate() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let original = try await repository.create(Requests.customer())
        let deleted = try await repository.softDelete(id: original.id, expectedVersion: original.version)
        var request = Requests.customer()
        request.email = original.email
        let taker = try await repository.create(request)
        do {
            _ = try await repository.restore(id: original.id, expectedVersion: deleted.version)
            Issue.record("the restore reactivated a duplicate email")
        } catch let error as DuplicateEntity {
            #expect(error.entity == "Customer")
            #expect(error.field == "email")
            #expect(error.constraint == "ux_customers_email")
        }
        #expect(try await repository.get(id: original.id, includeDeleted: true) == deleted)
        // Once the active row lets the value go, the restore succeeds.
        _ = try await repository.softDelete(id: taker.id, expectedVersion: taker.version)
        let restored = try await repository.restore(id: original.id, expectedVersion: deleted.version)
        #expect(!restored.isDeleted)
        #expect(try await repository.find(byEmail: original.email) == restored)
    }

    @Test("update, soft delete and restore name the right error for deleted, active, stale and unknown rows")
    func transitionErrors() async throws {
        let repository = EmployeeRepository(on: try await RepositoryHarness.database())
        let employee = try await repository.create(Requests.employee())
        await #expect(throws: EntityNotFound.self) {
            try await repository.restore(id: employee.id, expectedVersion: employee.version)
        }
        let deleted = try await repository.softDelete(id: employee.id, expectedVersion: employee.version)
        await #expect(throws: EntityNotFound.self) {
            try await repository.update(id: employee.id, EmployeePatch(expectedVersion: deleted.version).setting(\.active, to: false))
        }
        await #expect(throws: EntityNotFound.self) {
            try await repository.softDelete(id: employee.id, expectedVersion: deleted.version)
        }
        do {
            _ = try await repository.restore(id: employee.id, expectedVersion: employee.version)
            Issue.record("a stale restore succeeded")
        } catch let error as OptimisticLockError {
            #expect(error.expectedVersion == employee.version)
            #expect(error.actualVersion == deleted.version)
        }
        for unknown in [UUID(), UUID()] {
            await #expect(throws: EntityNotFound.self) {
                try await repository.update(id: unknown, EmployeePatch(expectedVersion: 1))
            }
            await #expect(throws: EntityNotFound.self) { try await repository.softDelete(id: unknown, expectedVersion: 1) }
            await #expect(throws: EntityNotFound.self) { try await repository.restore(id: unknown, expectedVersion: 1) }
            await #expect(throws: EntityNotFound.self) { try await repository.get(id: unknown, includeDeleted: true) }
        }
    }

    @Test("an update that changes nothing still bumps the version and updated_at; the unchanged fields stay")
    func emptyPatch() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let customer = try await repository.create(Requests.customer())
        let touched = try await repository.update(id: customer.id, CustomerPatch(expectedVersion: customer.version))
        #expect(touched.version == customer.version + 1)
        #expect(touched.updatedAt > customer.updatedAt)
        #expect(touched.createdAt == customer.createdAt)
        #expect(touched.name == customer.name && touched.taxNumber == customer.taxNumber && touched.tags == customer.tags)
    }

    @Test("setting nullable fields to nil clears them; set(nil) differs from unchanged")
    func nullableFields() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let customer = try await repository.create(Requests.customer(manager: UUID()))
        let kept = try await repository.update(id: customer.id, CustomerPatch(expectedVersion: customer.version).setting(\.name, to: "Renamed"))
        #expect(kept.credit == customer.credit && kept.taxNumber == customer.taxNumber)
        #expect(kept.accountManagerID == customer.accountManagerID && kept.website == customer.website)
        let cleared = try await repository.update(id: customer.id, CustomerPatch(expectedVersion: kept.version).setting(\.credit, to: nil).setting(\.website, to: nil).setting(\.taxNumber, to: nil).setting(\.accountManagerID, to: nil))
        #expect(cleared.credit == nil && cleared.website == nil && cleared.taxNumber == nil && cleared.accountManagerID == nil)
        #expect(try await repository.get(id: customer.id) == cleared)
    }

    @Test("bulk create across batch boundaries keeps request order, and a duplicate in a later batch inside a transaction stores nothing")
    func bulkCreateBatches() async throws {
        let database = try await RepositoryHarness.database()
        let repository = OrderRepository(on: database)
        let customer = UUID()
        let requests = (0..<11).map { _ in Requests.order(customer: customer) }
        let stored = try await repository.create(requests, batchSize: 3)
        #expect(stored.map(\.number) == requests.map(\.number))
        #expect(Set(stored.map(\.id)).count == 11)
        #expect(try await repository.count(where: { $0.customerID == customer }) == 11)
        #expect(try await repository.create([OrderCreate]()).isEmpty)

        let other = UUID()
        var clashing = (0..<5).map { _ in Requests.order(customer: other) }
        clashing[4].number = stored[0].number
        do {
            _ = try await database.transaction { tx in
                try await OrderRepository(on: tx).create(clashing, batchSize: 2)
            }
            Issue.record("a duplicate number was accepted")
        } catch let error as DuplicateEntity {
            #expect(error.field == "number")
        }
        #expect(try await repository.count(where: { $0.customerID == other }, includeDeleted: true) == 0)
    }

    @Test("a bulk create larger than the bind-parameter limit of one statement is split")
    func bulkCreateBeyondParameterLimit() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let order = UUID()
        // 5 columns per row: 14,000 rows are 70,000 parameters, more than one statement may carry (65,535).
        let stored = try await repository.create((0..<14_000).map { _ in Requests.orderLine(order: order) },
                                                 batchSize: 20_000)
        #expect(stored.count == 14_000)
        #expect(try await repository.count(where: { $0.orderID == order }) == 14_000)
    }
}
