import ExampleDomain
import Foundation
import Taxiway
import Testing

/// Every repository method on the pooled `Database` and inside a `database.transaction`: the same calls
/// give the same results, a committed unit of work is visible afterwards, a thrown one leaves nothing,
/// and other connections do not see uncommitted rows.
@Suite("Transactions")
struct TransactionTests {
    /// What one pass over every method made, for checks after the unit of work ended.
    struct Outcome: Sendable {
        var customerIDs: [UUID]
        var orderIDs: [UUID]
        var manager: UUID
        var customerID: UUID
    }

    /// Calls every method of `CustomerRepository` and `OrderRepository` on `executor` and checks each result.
    static func exerciseEveryMethod(on executor: any DatabaseExecutor) async throws -> Outcome {
        let customers = CustomerRepository(on: executor, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let created = try await customers.create(Requests.customer(manager: manager))
        let bulk = try await customers.create((0..<3).map { _ in Requests.customer(manager: manager) }, batchSize: 2)
        #expect(try await customers.find(id: created.id) == created)
        #expect(try await customers.get(id: created.id) == created)
        #expect(try await customers.find(byEmail: created.email) == created)
        let updated = try await customers.update(id: created.id, CustomerPatch(expectedVersion: created.version).setting(\.status, to: .suspended))
        #expect(updated.status == .suspended)
        await #expect(throws: OptimisticLockError.self) {
            try await customers.update(id: created.id, CustomerPatch(expectedVersion: created.version))
        }
        let deleted = try await customers.softDelete(id: bulk[0].id, expectedVersion: bulk[0].version)
        #expect(try await customers.find(id: deleted.id) == nil)
        let restored = try await customers.restore(id: deleted.id, expectedVersion: deleted.version)
        #expect(!restored.isDeleted)
        _ = try await customers.softDelete(id: bulk[1].id, expectedVersion: bulk[1].version)
        let filter: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        #expect(try await customers.count(where: filter) == 3)
        #expect(try await customers.count(where: filter, includeDeleted: true) == 4)
        #expect(try await customers.exists(where: filter))
        let byEmail = try await customers.list(where: filter, orderBy: { [$0.email.descending()] }, page: firstPage())
        #expect(byEmail.items.map(\.email) == byEmail.items.map(\.email).sorted(by: >) && byEmail.items.count == 3)
        #expect(try await customers.list(where: filter, page: firstPage(), includeDeleted: true).items.count == 4)
        #expect(try await customers.first(where: filter, orderBy: { [$0.email.ascending()] }) == byEmail.items.last)
        let ids = [created.id] + bulk.map(\.id)
        #expect(try await customers.find(ids: ids.reversed()).map(\.id) == [bulk[2].id, bulk[0].id, created.id])
        let keyset = try await customers.list(where: filter, after: KeysetPageRequest(limit: 2))
        #expect(keyset.items.count == 2 && keyset.hasMore)
        let rest = try await customers.list(where: filter, after: KeysetPageRequest(limit: 2, after: keyset.nextCursor))
        #expect(rest.items.count == 1 && !rest.hasMore)

        let orders = OrderRepository(on: executor)
        let tag = UUID().uuidString
        let order = try await orders.create(Requests.order(customer: created.id))
        let tagged = try await orders.setData(tag, forKey: "batch", id: order.id, expectedVersion: order.version)
        let more = try await orders.create([Requests.order(customer: created.id)])
        #expect(try await orders.list(where: { $0.data.contains(["batch": .string(tag)]) }, page: firstPage()).items == [tagged])
        #expect(try await orders.find(byNumber: order.number) == tagged)
        #expect(try await orders.list(where: { $0.customerID == created.id }, page: firstPage()).items.count == 2)
        #expect(try await orders.count(where: { $0.customerID == created.id && $0.orderID.in(more.map(\.id)) }) == 1)
        return Outcome(customerIDs: [created.id] + bulk.map(\.id), orderIDs: [order.id] + more.map(\.id),
                       manager: manager, customerID: created.id)
    }

    @Test("every method on the pooled database")
    func outsideATransaction() async throws {
        let database = try await RepositoryHarness.database()
        let outcome = try await Self.exerciseEveryMethod(on: database)
        #expect(try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
            .count(where: { $0.accountManagerID == outcome.manager }) == 3)
    }

    @Test("every method inside a transaction; the committed work is visible afterwards")
    func insideACommittedTransaction() async throws {
        let database = try await RepositoryHarness.database()
        let outcome = try await database.transaction { tx in
            try await Self.exerciseEveryMethod(on: tx)
        }
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        #expect(try await customers.count(where: { $0.accountManagerID == outcome.manager }, includeDeleted: true) == 4)
        #expect(try await OrderRepository(on: database).list(where: { $0.customerID == outcome.customerID },
                                                             page: firstPage()).items.count == 2)
    }

    @Test("every method inside a transaction that throws; nothing it wrote remains")
    func insideARolledBackTransaction() async throws {
        let database = try await RepositoryHarness.database()
        nonisolated(unsafe) var outcome: Outcome?
        do {
            try await database.transaction { tx in
                outcome = try await Self.exerciseEveryMethod(on: tx)
                throw RollBack()
            }
        } catch is RollBack {}
        let made = try #require(outcome)
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        for id in made.customerIDs {
            #expect(try await customers.find(id: id, includeDeleted: true) == nil)
        }
        let orders = OrderRepository(on: database)
        for id in made.orderIDs {
            #expect(try await orders.find(id: id, includeDeleted: true) == nil)
        }
    }

    @Test("a row inserted in an open transaction is invisible to other connections until COMMIT")
    func isolation() async throws {
        let database = try await RepositoryHarness.database()
        let outside = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let id = try await database.transaction { tx in
            let inside = CustomerRepository(on: tx, cipher: RepositoryHarness.cipher)
            let created = try await inside.create(Requests.customer())
            #expect(try await inside.find(id: created.id) == created)
            #expect(try await outside.find(id: created.id) == nil)
            return created.id
        }
        #expect(try await outside.find(id: id) != nil)
    }

    @Test("a database error inside a transaction rolls back the whole unit of work")
    func errorRollsBack() async throws {
        let database = try await RepositoryHarness.database()
        let existing = try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).create(Requests.customer())
        nonisolated(unsafe) var firstID: UUID?
        do {
            try await database.transaction { tx in
                let customers = CustomerRepository(on: tx, cipher: RepositoryHarness.cipher)
                firstID = try await customers.create(Requests.customer()).id
                var duplicate = Requests.customer()
                duplicate.email = existing.email
                _ = try await customers.create(duplicate)
            }
            Issue.record("the duplicate was accepted")
        } catch is DuplicateEntity {}
        let id = try #require(firstID)
        #expect(try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).find(id: id) == nil)
    }

    @Test("a savepoint keeps the unit of work usable after a failed repository call")
    func savepoint() async throws {
        let database = try await RepositoryHarness.database()
        let existing = try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).create(Requests.customer())
        let kept = try await database.transaction { tx in
            let customers = CustomerRepository(on: tx, cipher: RepositoryHarness.cipher)
            var duplicate = Requests.customer()
            duplicate.email = existing.email
            await #expect(throws: DuplicateEntity.self) {
                try await tx.savepoint { inner in
                    try await CustomerRepository(on: inner, cipher: RepositoryHarness.cipher).create(duplicate)
                }
            }
            return try await customers.create(Requests.customer())
        }
        #expect(try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).get(id: kept.id) == kept)
    }
}
