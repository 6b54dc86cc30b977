import ExampleDomain
import Foundation
import Taxiway
import Testing

/// The lookups by reference (`list(byCustomerID:page:)` and the like): one per ref of every entity,
/// each returning exactly the rows that point at the given key. References are plain uuid columns (no
/// foreign keys), so a key that names no row is accepted.
@Suite("Lookups by reference")
struct RefLookupTests {
    /// Checks one lookup: the rows made for `target` come back (over pages of two), nothing else does.
    private func expectLookup<Item: Identifiable & Sendable>(
        _ expected: [Item],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ lookup: (PageRequest) async throws -> Page<Item>
    ) async throws where Item.ID == UUID {
        var seen: [UUID] = []
        var request = try PageRequest(limit: 2)
        while true {
            let page = try await lookup(request)
            seen += page.items.map(\.id)
            guard page.hasMore else { break }
            request = try request.next
        }
        #expect(seen.count == expected.count, sourceLocation: sourceLocation)
        #expect(Set(seen) == Set(expected.map(\.id)), sourceLocation: sourceLocation)
    }

    @Test("customers by account manager")
    func customersByAccountManager() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let (target, other) = (UUID(), UUID())
        var mine: [Customer] = []
        for _ in 0..<3 { mine.append(try await repository.create(Requests.customer(manager: target))) }
        _ = try await repository.create(Requests.customer(manager: other))
        _ = try await repository.create(Requests.customer(manager: nil))
        try await expectLookup(mine) { try await repository.list(byAccountManagerID: target, page: $0) }
    }

    @Test("employees by manager (a self-reference)")
    func employeesByManager() async throws {
        let repository = EmployeeRepository(on: try await RepositoryHarness.database())
        let boss = try await repository.create(Requests.employee())
        var reports: [Employee] = []
        for _ in 0..<3 { reports.append(try await repository.create(Requests.employee(manager: boss.id))) }
        _ = try await repository.create(Requests.employee(manager: reports[0].id))
        try await expectLookup(reports) { try await repository.list(byManagerID: boss.id, page: $0) }
        try await expectLookup([Employee]()) { try await repository.list(byManagerID: reports[1].id, page: $0) }
    }

    @Test("orders by customer")
    func ordersByCustomer() async throws {
        let database = try await RepositoryHarness.database()
        let customer = try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).create(Requests.customer())
        let repository = OrderRepository(on: database)
        var mine: [Order] = []
        for _ in 0..<3 { mine.append(try await repository.create(Requests.order(customer: customer.id))) }
        _ = try await repository.create(Requests.order())
        try await expectLookup(mine) { try await repository.list(byCustomerID: customer.id, page: $0) }
    }

    @Test("order lines by order and by product")
    func orderLinesByOrderAndProduct() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let (order, otherOrder, product, otherProduct) = (UUID(), UUID(), UUID(), UUID())
        let a = try await repository.create(Requests.orderLine(order: order, product: product))
        let b = try await repository.create(Requests.orderLine(order: order, product: otherProduct))
        let c = try await repository.create(Requests.orderLine(order: otherOrder, product: product))
        try await expectLookup([a, b]) { try await repository.list(byOrderID: order, page: $0) }
        try await expectLookup([a, c]) { try await repository.list(byProductID: product, page: $0) }
        try await expectLookup([c]) { try await repository.list(byOrderID: otherOrder, page: $0) }
    }

    @Test("support tickets by customer, by assignee and by reporter")
    func ticketsByEachRef() async throws {
        let repository = SupportTicketRepository(on: try await RepositoryHarness.database())
        let (customer, assignee, reporter) = (UUID(), UUID(), UUID())
        let a = try await repository.create(Requests.ticket(customer: customer, assignee: assignee))
        let b = try await repository.create(Requests.ticket(customer: customer, reporter: reporter))
        let c = try await repository.create(Requests.ticket(assignee: assignee, reporter: reporter))
        try await expectLookup([a, b]) { try await repository.list(byCustomerID: customer, page: $0) }
        try await expectLookup([a, c]) { try await repository.list(byAssigneeID: assignee, page: $0) }
        try await expectLookup([b, c]) { try await repository.list(byReporterID: reporter, page: $0) }
    }

    @Test("users by employee")
    func usersByEmployee() async throws {
        let repository = UserRepository(on: try await RepositoryHarness.database())
        let employee = UUID()
        let a = try await repository.create(Requests.user(employee: employee))
        let b = try await repository.create(Requests.user(employee: employee))
        _ = try await repository.create(Requests.user())
        try await expectLookup([a, b]) { try await repository.list(byEmployeeID: employee, page: $0) }
        let deleted = try await repository.softDelete(id: b.id, expectedVersion: b.version)
        try await expectLookup([a]) { try await repository.list(byEmployeeID: employee, page: $0) }
        try await expectLookup([a, deleted]) { try await repository.list(byEmployeeID: employee, page: $0, includeDeleted: true) }
    }
}
