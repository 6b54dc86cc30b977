import ExampleDomain
import Foundation
import Taxiway
import Testing

/// The unique finders (`find(byEmail:)`, `find(bySku:)`, …): they see active rows only, and a soft-deleted
/// row's value can be taken by a new row that the finder then returns.
@Suite("Unique finders")
struct UniqueFinderTests {
    @Test("find(byEmail:) returns the active customer, nil for an unknown or soft-deleted one")
    func customerByEmail() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let created = try await repository.create(Requests.customer())
        #expect(try await repository.find(byEmail: created.email) == created)
        #expect(try await repository.find(byEmail: "nobody-\(UUID())@example.com") == nil)
        #expect(try await repository.find(byEmail: created.email.uppercased()) == nil)

        let deleted = try await repository.softDelete(id: created.id, expectedVersion: created.version)
        #expect(try await repository.find(byEmail: created.email) == nil)

        var again = Requests.customer()
        again.email = created.email
        let replacement = try await repository.create(again)
        #expect(try await repository.find(byEmail: created.email) == replacement)
        #expect(try await repository.find(id: deleted.id, includeDeleted: true) == deleted)
    }

    @Test("find(byEmail:) on employees, find(byNumber:) on orders, find(bySku:), find(byPublicToken:), find(byLogin:)")
    func everyOtherUniqueFinder() async throws {
        let database = try await RepositoryHarness.database()

        let employees = EmployeeRepository(on: database)
        let employee = try await employees.create(Requests.employee())
        #expect(try await employees.find(byEmail: employee.email) == employee)
        #expect(try await employees.find(byEmail: "x" + employee.email) == nil)

        let orders = OrderRepository(on: database)
        let order = try await orders.create(Requests.order())
        #expect(try await orders.find(byNumber: order.number) == order)
        #expect(try await orders.find(byNumber: -order.number) == nil)

        let products = ProductRepository(on: database)
        let product = try await products.create(Requests.product())
        #expect(try await products.find(bySku: product.sku) == product)
        #expect(try await products.find(bySku: product.sku + "-X") == nil)

        let tickets = SupportTicketRepository(on: database)
        let ticket = try await tickets.create(Requests.ticket())
        #expect(try await tickets.find(byPublicToken: ticket.publicToken) == ticket)
        #expect(try await tickets.find(byPublicToken: UUID()) == nil)

        let users = UserRepository(on: database)
        let user = try await users.create(Requests.user())
        #expect(try await users.find(byLogin: user.login) == user)
        _ = try await users.softDelete(id: user.id, expectedVersion: user.version)
        #expect(try await users.find(byLogin: user.login) == nil)
    }

    @Test("a second active row with a taken unique value is a DuplicateEntity naming the field")
    func duplicatesNameTheirField() async throws {
        let database = try await RepositoryHarness.database()
        let orders = OrderRepository(on: database)
        let order = try await orders.create(Requests.order())
        do {
            var duplicate = Requests.order()
            duplicate.number = order.number
            _ = try await orders.create(duplicate)
            Issue.record("a duplicate order number was accepted")
        } catch let error as DuplicateEntity {
            #expect(error.entity == "Order")
            #expect(error.field == "number")
            #expect(error.constraint == "ux_orders_number")
        }

        // The unique index of order lines spans two columns.
        let lines = OrderLineRepository(on: database)
        let line = try await lines.create(Requests.orderLine())
        do {
            _ = try await lines.create(Requests.orderLine(order: line.orderID, product: line.productID, quantity: 2))
            Issue.record("a duplicate (order, product) line was accepted")
        } catch let error as DuplicateEntity {
            #expect(error.field == "order_id, product_id")
        }
    }
}
