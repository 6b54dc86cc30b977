import ExampleDomain
import Foundation
import Taxiway
import Testing

/// Lookups by reference (`list(where: { $0.customerID == id }, …)`): one per ref of every entity, each
/// returning exactly the rows that point at the given key, over offset and keyset pages, with `count` and
/// `exists` agreeing. References are plain uuid columns (no foreign keys), so a key that names no row is
/// accepted.
@Suite("Lookups by reference")
struct RefLookupTests {
    /// Checks one lookup: the rows made for the target come back (over offset pages of two and keyset pages
    /// of two), nothing else does, and `count` and `exists` agree.
    private func expectLookup<Table: EntityTable>(
        _ repository: Repository<Table>,
        _ expected: [Table.Model],
        includeDeleted: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation,
        where filter: (Table.Columns) -> Condition<Table.Model>
    ) async throws {
        var seen: [UUID] = []
        var request = try PageRequest(limit: 2)
        while true {
            let page = try await repository.list(where: filter, page: request, includeDeleted: includeDeleted)
            seen += page.items.map(\.id)
            guard page.hasMore, seen.count <= expected.count else { break }
            request = try request.next
        }
        #expect(seen.count == expected.count, sourceLocation: sourceLocation)
        #expect(Set(seen) == Set(expected.map(\.id)), sourceLocation: sourceLocation)

        var keyset: [UUID] = []
        var cursor: KeysetCursor?
        repeat {
            let page = try await repository.list(where: filter, after: KeysetPageRequest(limit: 2, after: cursor),
                                                 includeDeleted: includeDeleted)
            keyset += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil && keyset.count <= expected.count
        #expect(keyset == seen, "keyset pages give creation order, as offset pages do by default", sourceLocation: sourceLocation)

        #expect(try await repository.count(where: filter, includeDeleted: includeDeleted) == expected.count,
                sourceLocation: sourceLocation)
        #expect(try await repository.exists(where: filter, includeDeleted: includeDeleted) == !expected.isEmpty,
                sourceLocation: sourceLocation)
    }

    @Test("customers by account manager")
    func customersByAccountManager() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let (target, other) = (UUID(), UUID())
        var mine: [Customer] = []
        for _ in 0..<3 { mine.append(try await repository.create(Requests.customer(manager: target))) }
        let others = try await repository.create(Requests.customer(manager: other))
        let unmanaged = try await repository.create(Requests.customer(manager: nil))
        try await expectLookup(repository, mine) { $0.accountManagerID == target }
        try await expectLookup(repository, [mine[0], others]) { $0.accountManagerID.in([other, target]) && $0.customerID.in([mine[0].id, others.id, unmanaged.id]) }
        // A NULL reference is found with `== nil`, not by comparing with a key.
        try await expectLookup(repository, [unmanaged]) {
            $0.accountManagerID == nil && $0.customerID.in([mine[0].id, others.id, unmanaged.id])
        }
    }

    @Test("employees by manager (a self-reference)")
    func employeesByManager() async throws {
        let repository = EmployeeRepository(on: try await RepositoryHarness.database())
        let boss = try await repository.create(Requests.employee())
        var reports: [Employee] = []
        for _ in 0..<3 { reports.append(try await repository.create(Requests.employee(manager: boss.id))) }
        let grandchild = try await repository.create(Requests.employee(manager: reports[0].id))
        try await expectLookup(repository, reports) { $0.managerID == boss.id }
        try await expectLookup(repository, [Employee]()) { $0.managerID == reports[1].id }
        try await expectLookup(repository, reports + [grandchild]) { $0.managerID.in([boss.id] + reports.map(\.id)) }
    }

    @Test("orders by customer")
    func ordersByCustomer() async throws {
        let database = try await RepositoryHarness.database()
        let customer = try await CustomerRepository(on: database, cipher: RepositoryHarness.cipher).create(Requests.customer())
        let repository = OrderRepository(on: database)
        var mine: [Order] = []
        for _ in 0..<3 { mine.append(try await repository.create(Requests.order(customer: customer.id))) }
        _ = try await repository.create(Requests.order())
        try await expectLookup(repository, mine) { $0.customerID == customer.id }
    }

    @Test("order lines by order and by product")
    func orderLinesByOrderAndProduct() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let (order, otherOrder, product, otherProduct) = (UUID(), UUID(), UUID(), UUID())
        let a = try await repository.create(Requests.orderLine(order: order, product: product))
        let b = try await repository.create(Requests.orderLine(order: order, product: otherProduct))
        let c = try await repository.create(Requests.orderLine(order: otherOrder, product: product))
        try await expectLookup(repository, [a, b]) { $0.orderID == order }
        try await expectLookup(repository, [a, c]) { $0.productID == product }
        try await expectLookup(repository, [c]) { $0.orderID == otherOrder }
        try await expectLookup(repository, [a]) { $0.orderID == order && $0.productID == product }
    }

    @Test("support tickets by customer, by assignee and by reporter")
    func ticketsByEachRef() async throws {
        let repository = SupportTicketRepository(on: try await RepositoryHarness.database())
        let (customer, assignee, reporter) = (UUID(), UUID(), UUID())
        let a = try await repository.create(Requests.ticket(customer: customer, assignee: assignee))
        let b = try await repository.create(Requests.ticket(customer: customer, reporter: reporter))
        let c = try await repository.create(Requests.ticket(assignee: assignee, reporter: reporter))
        try await expectLookup(repository, [a, b]) { $0.customerID == customer }
        try await expectLookup(repository, [a, c]) { $0.assigneeID == assignee }
        try await expectLookup(repository, [b, c]) { $0.reporterID == reporter }
        try await expectLookup(repository, [b]) { $0.customerID == customer && $0.assigneeID.isNull }
        try await expectLookup(repository, [a, b, c]) { $0.assigneeID == assignee || $0.reporterID == reporter }
    }

    @Test("users by employee")
    func usersByEmployee() async throws {
        let repository = UserRepository(on: try await RepositoryHarness.database())
        let employee = UUID()
        let a = try await repository.create(Requests.user(employee: employee))
        let b = try await repository.create(Requests.user(employee: employee))
        _ = try await repository.create(Requests.user())
        try await expectLookup(repository, [a, b]) { $0.employeeID == employee }
        let deleted = try await repository.softDelete(id: b.id, expectedVersion: b.version)
        try await expectLookup(repository, [a]) { $0.employeeID == employee }
        try await expectLookup(repository, [a, deleted], includeDeleted: true) { $0.employeeID == employee }
    }
}
