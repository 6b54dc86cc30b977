import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting
import Testing

/// `list` and `count`: every `SortKey` of every entity in both directions across pages, every filter
/// field, and `includeDeleted`.
@Suite("Lists, sorting and counts")
struct ListTests {
    /// Creates rows one statement at a time (so `created_at` differs), then touches them in another order
    /// (so `updated_at` differs from it), returning the rows as stored last.
    private func rows<Row: Identifiable & Sendable>(
        _ count: Int,
        create: (Int) async throws -> Row,
        touch: (Row) async throws -> Row
    ) async throws -> [Row] where Row.ID == UUID {
        var created: [Row] = []
        for index in 0..<count {
            created.append(try await create(index))
        }
        var touched: [Row] = []
        for index in [3, 0, 5, 1, 4, 2].filter({ $0 < count }) {
            touched.append(try await touch(created[index]))
        }
        return touched
    }

    @Test("customers: every SortKey ascending and descending, over pages")
    func customerSortKeys() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let statuses: [Customer.Status] = [.suspended, .active, .closed, .active, .suspended, .closed]
        let stored = try await rows(6) { index in
            var request = Requests.customer(manager: manager)
            request.email = "\(["m", "b", "z", "a", "q", "c"][index])\(TestSequence.next())@example.com"
            request.status = statuses[index]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, CustomerPatch(expectedVersion: row.version))
        }
        for key in CustomerRepository.SortKey.allCases {
            let value: (Customer) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .email: { .text($0.email) }
            case .status: { .text($0.status.rawValue) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(accountManagerID: manager), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("employees: every SortKey ascending and descending, over pages")
    func employeeSortKeys() async throws {
        let repository = EmployeeRepository(on: try await RepositoryHarness.database())
        let manager = UUID()
        let stored = try await rows(5) { index in
            var request = Requests.employee(manager: manager)
            request.email = "\(["k", "d", "x", "b", "p"][index])\(TestSequence.next())@example.com"
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, EmployeePatch(expectedVersion: row.version))
        }
        for key in EmployeeRepository.SortKey.allCases {
            let value: (Employee) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .email: { .text($0.email) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(managerID: manager), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("orders: every SortKey ascending and descending, over pages")
    func orderSortKeys() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let statuses: [Order.Status] = [.shipped, .pending, .onHold, .paid, .cancelled, .pending]
        let stored = try await rows(6) { index in
            var request = Requests.order(customer: customer)
            request.number = Int64([5, 1, 9, 3, 7, 2][index]) * 1_000_000_000_000 + Int64(TestSequence.next())
            request.status = statuses[index]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, OrderPatch(expectedVersion: row.version))
        }
        for key in OrderRepository.SortKey.allCases {
            let value: (Order) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .number: { .int($0.number) }
            case .status: { .text($0.status.rawValue) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(customerID: customer), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("order lines: every SortKey ascending and descending, over pages")
    func orderLineSortKeys() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let order = UUID()
        let stored = try await rows(5) { _ in
            try await repository.create(Requests.orderLine(order: order))
        } touch: { row in
            try await repository.update(id: row.id, OrderLinePatch(expectedVersion: row.version))
        }
        for key in OrderLineRepository.SortKey.allCases {
            let value: (OrderLine) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(orderID: order), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("products: every SortKey ascending and descending, over pages (ties on \"order\" broken by the key)")
    func productSortKeys() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        let position = Requests.uniqueProductOrder()
        let stored = try await rows(5) { index in
            var request = Requests.product(order: position)
            request.sku = "\(["M", "B", "Z", "A", "Q"][index])-\(TestSequence.next())"
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, ProductPatch(expectedVersion: row.version))
        }
        for key in ProductRepository.SortKey.allCases {
            let value: (Product) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .sku: { .text($0.sku) }
            case .order: { .int(Int64($0.order)) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(order: position), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("products sorted by the reserved-word column \"order\" put the lowest and highest positions first")
    func productsByOrderColumn() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        // Positions beyond those any other test uses (Requests.uniqueProductOrder stays below 2e9).
        let low = try await repository.create(Requests.product(order: Int32.min + 1))
        let lowest = try await repository.create(Requests.product(order: Int32.min))
        let high = try await repository.create(Requests.product(order: Int32.max - 1))
        let highest = try await repository.create(Requests.product(order: Int32.max))
        let ascending = try await repository.list(sortedBy: .order, ascending: true, page: PageRequest(limit: 2))
        #expect(ascending.items.map(\.id) == [lowest.id, low.id])
        let descending = try await repository.list(sortedBy: .order, ascending: false, page: PageRequest(limit: 2))
        #expect(descending.items.map(\.id) == [highest.id, high.id])
        #expect(try await repository.count(filter: .init(order: Int32.max)) == 1)
    }

    @Test("support tickets: every SortKey ascending and descending, over pages")
    func ticketSortKeys() async throws {
        let repository = SupportTicketRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let priorities: [SupportTicket.Priority] = [.urgent, .low, .high, .normal, .low]
        let stored = try await rows(5) { index in
            var request = Requests.ticket(customer: customer)
            request.priority = priorities[index]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, SupportTicketPatch(expectedVersion: row.version))
        }
        for key in SupportTicketRepository.SortKey.allCases {
            let value: (SupportTicket) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .priority: { .text($0.priority.rawValue) }
            case .publicToken: { .uuid($0.publicToken) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(customerID: customer), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("users: every SortKey ascending and descending, over pages")
    func userSortKeys() async throws {
        let repository = UserRepository(on: try await RepositoryHarness.database())
        let employee = UUID()
        let stored = try await rows(5) { index in
            var request = Requests.user(employee: employee)
            request.login = "\(["m", "b", "z", "a", "q"][index])_\(TestSequence.next())"
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, UserPatch(expectedVersion: row.version))
        }
        for key in UserRepository.SortKey.allCases {
            let value: (User) -> SortValue = switch key {
            case .createdAt: { .date($0.createdAt) }
            case .updatedAt: { .date($0.updatedAt) }
            case .login: { .text($0.login) }
            }
            try await expectOrdered(stored, by: value) { ascending, page in
                try await repository.list(filter: .init(employeeID: employee), sortedBy: key, ascending: ascending, page: page)
            }
        }
    }

    @Test("each filter field narrows list and count alike; filters combine with AND")
    func customerFilters() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        for status in [Customer.Status.active, .active, .suspended, .closed] {
            var request = Requests.customer(manager: manager)
            request.status = status
            stored.append(try await repository.create(request))
        }
        let page = try firstPage()

        let byManager = try await repository.list(filter: .init(accountManagerID: manager), page: page)
        #expect(Set(byManager.items.map(\.id)) == Set(stored.map(\.id)))
        #expect(try await repository.count(filter: .init(accountManagerID: manager)) == 4)

        let active = try await repository.list(filter: .init(status: .active, accountManagerID: manager), page: page)
        #expect(Set(active.items.map(\.id)) == Set(stored.prefix(2).map(\.id)))
        #expect(try await repository.count(filter: .init(status: .active, accountManagerID: manager)) == 2)
        #expect(try await repository.count(filter: .init(status: .closed, accountManagerID: manager)) == 1)

        let byEmail = try await repository.list(filter: .init(email: stored[2].email), page: page)
        #expect(byEmail.items == [stored[2]])
        #expect(try await repository.count(filter: .init(email: stored[2].email, status: .active)) == 0)
        #expect(try await repository.count(filter: .init(email: stored[2].email, status: .suspended)) == 1)
        #expect(try await repository.count(filter: .init(accountManagerID: UUID())) == 0)

        // Every status filter returns only rows of that status (across all rows, not just this test's).
        for status in Customer.Status.allCases {
            let rows = try await repository.list(filter: .init(status: status), page: page)
            #expect(rows.items.allSatisfy { $0.status == status })
        }
    }

    @Test("filters on orders, products, tickets and users, each with its count")
    func otherFilters() async throws {
        let database = try await RepositoryHarness.database()
        let page = try firstPage()

        let orders = OrderRepository(on: database)
        let customer = UUID()
        let paid = try await orders.create({ var r = Requests.order(customer: customer); r.status = .paid; return r }())
        let held = try await orders.create({ var r = Requests.order(customer: customer); r.status = .onHold; return r }())
        #expect(try await orders.list(filter: .init(customerID: customer, status: .onHold), page: page).items == [held])
        #expect(try await orders.list(filter: .init(number: paid.number), page: page).items == [paid])
        #expect(try await orders.count(filter: .init(customerID: customer)) == 2)
        #expect(try await orders.count(filter: .init(customerID: customer, number: held.number, status: .paid)) == 0)

        let products = ProductRepository(on: database)
        let product = try await products.create(Requests.product(order: Requests.uniqueProductOrder()))
        #expect(try await products.list(filter: .init(sku: product.sku), page: page).items == [product])
        #expect(try await products.count(filter: .init(sku: product.sku, order: product.order)) == 1)
        #expect(try await products.count(filter: .init(sku: product.sku, order: product.order &+ 1)) == 0)

        let tickets = SupportTicketRepository(on: database)
        let assignee = UUID(), reporter = UUID()
        let ticket = try await tickets.create({
            var r = Requests.ticket(customer: customer, assignee: assignee, reporter: reporter); r.priority = .urgent; return r
        }())
        _ = try await tickets.create(Requests.ticket(customer: customer))
        #expect(try await tickets.list(filter: .init(customerID: customer, priority: .urgent), page: page).items == [ticket])
        #expect(try await tickets.list(filter: .init(publicToken: ticket.publicToken), page: page).items == [ticket])
        #expect(try await tickets.count(filter: .init(customerID: customer)) == 2)
        #expect(try await tickets.count(filter: .init(assigneeID: assignee, reporterID: reporter)) == 1)

        let users = UserRepository(on: database)
        let user = try await users.create(Requests.user())
        #expect(try await users.list(filter: .init(login: user.login), page: page).items == [user])
        #expect(try await users.count(filter: .init(login: user.login)) == 1)
    }

    @Test("soft-deleted rows are left out of list, count and keyset pages unless includeDeleted is set")
    func includeDeleted() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        for _ in 0..<4 {
            stored.append(try await repository.create(Requests.customer(manager: manager)))
        }
        let deleted = try await repository.softDelete(id: stored[1].id, expectedVersion: stored[1].version)
        let filter = CustomerRepository.Filter(accountManagerID: manager)
        let page = try firstPage()

        let active = try await repository.list(filter: filter, page: page)
        #expect(Set(active.items.map(\.id)) == Set([stored[0], stored[2], stored[3]].map(\.id)))
        #expect(try await repository.count(filter: filter) == 3)

        let all = try await repository.list(filter: filter, page: page, includeDeleted: true)
        #expect(all.items.count == 4)
        #expect(all.items.contains(deleted))
        #expect(try await repository.count(filter: filter, includeDeleted: true) == 4)

        let keyset = try await repository.list(filter: filter, after: KeysetPageRequest(limit: 10))
        #expect(!keyset.items.contains { $0.id == deleted.id })
        let keysetAll = try await repository.list(filter: filter, after: KeysetPageRequest(limit: 10), includeDeleted: true)
        #expect(keysetAll.items.contains(deleted))

        #expect(try await repository.list(byAccountManagerID: manager, page: page).items.count == 3)
        #expect(try await repository.list(byAccountManagerID: manager, page: page, includeDeleted: true).items.count == 4)
        #expect(try await repository.find(byEmail: deleted.email) == nil)
    }

    @Test("offset pages report hasMore exactly when another row follows")
    func pageBoundaries() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let order = UUID()
        _ = try await repository.create((0..<5).map { _ in Requests.orderLine(order: order) })
        let first = try await repository.list(byOrderID: order, page: PageRequest(limit: 5))
        #expect(first.items.count == 5)
        #expect(!first.hasMore)
        let second = try await repository.list(byOrderID: order, page: PageRequest(limit: 2, offset: 4))
        #expect(second.items.count == 1)
        #expect(!second.hasMore)
        let middle = try await repository.list(byOrderID: order, page: PageRequest(limit: 2, offset: 2))
        #expect(middle.items.count == 2)
        #expect(middle.hasMore)
        let beyond = try await repository.list(byOrderID: order, page: PageRequest(limit: 2, offset: 10))
        #expect(beyond.items.isEmpty)
    }
}
