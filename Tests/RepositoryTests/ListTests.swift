import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting
import Testing

/// `list` and `count`: orderings by every kind of column of every entity, in both directions and with both
/// NULLs placements, across offset and keyset pages; filters on every kind of column, alone and combined;
/// and `includeDeleted`.
@Suite("Lists, orderings and counts")
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

    @Test("customers: ordered by every sortable column (text, enum, nullable decimal and text, timestamps, uuid)")
    func customerOrderings() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let statuses: [Customer.Status] = [.suspended, .active, .closed, .active, .suspended, .closed]
        let credits: [Decimal?] = [nil, 5, 1, nil, 5, Decimal(string: "2.5")]
        let stored = try await rows(6) { index in
            var request = Requests.customer(manager: manager)
            request.email = "\(["m", "b", "z", "a", "q", "c"][index])\(TestSequence.next())@example.com"
            request.name = ["Zed", "amy", "Amy", "Zed", "bob", "Émile"][index]
            request.status = statuses[index]
            request.credit = credits[index]
            request.website = index % 2 == 0 ? nil : "https://\(["b", "a", "c"][index / 2]).example.com"
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, CustomerPatch(expectedVersion: row.version))
        }
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.email, value: { .text($0.email) }, where: mine)
        try await expectOrdered(repository, stored, by: \.name, value: { .text($0.name) }, where: mine)
        try await expectOrdered(repository, stored, by: \.status, value: { .text($0.status.rawValue) }, where: mine)
        try await expectOrdered(repository, stored, by: \.credit, value: { $0.credit.map(SortValue.decimal) }, where: mine)
        try await expectOrdered(repository, stored, by: \.website, value: { $0.website.map(SortValue.text) }, where: mine)
        try await expectOrdered(repository, stored, by: \.customerID, value: { .uuid($0.customerID) }, where: mine)
        try await expectOrdered(repository, stored, by: \.version, value: { .int(Int64($0.version)) }, where: mine)
    }

    @Test("customers: a two-term ordering (enum ascending, nullable decimal descending NULLS LAST) over offset and keyset pages")
    func customerTwoTermOrdering() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        let values: [(Customer.Status, Decimal?)] = [(.closed, nil), (.active, 3), (.active, nil), (.closed, 7), (.active, 3),
                                                     (.suspended, 1), (.active, 9)]
        for (status, credit) in values {
            var request = Requests.customer(manager: manager)
            request.status = status
            request.credit = credit
            stored.append(try await repository.create(request))
        }
        // The key follows the last term's direction (descending).
        let expected = stored.sorted { lhs, rhs in
            if lhs.status != rhs.status { return lhs.status.rawValue < rhs.status.rawValue }
            switch (lhs.credit, rhs.credit) {
            case let (a?, b?) where a != b: return a > b
            case (nil, _?): return false
            case (_?, nil): return true
            default: return lhs.id.uuidString > rhs.id.uuidString
            }
        }.map(\.id)
        let orderBy: (Customer.Columns) -> [SortTerm<Customer>] = { [$0.status.ascending(), $0.credit.descending(nulls: .last)] }
        var offset: [UUID] = []
        var request = try PageRequest(limit: 3)
        while true {
            let page = try await repository.list(where: { $0.accountManagerID == manager }, orderBy: orderBy, page: request)
            offset += page.items.map(\.id)
            guard page.hasMore else { break }
            request = try request.next
        }
        #expect(offset == expected)
        var keyset: [UUID] = []
        var cursor: KeysetCursor?
        repeat {
            let page = try await repository.list(where: { $0.accountManagerID == manager }, orderBy: orderBy,
                                                 after: KeysetPageRequest(limit: 2, after: cursor))
            keyset += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil && keyset.count <= stored.count
        #expect(keyset == expected)
    }

    @Test("employees: ordered by text, date, bigint, bool, enum and timestamp columns")
    func employeeOrderings() async throws {
        let repository = EmployeeRepository(on: try await RepositoryHarness.database())
        let manager = UUID()
        let stored = try await rows(5) { index in
            var request = Requests.employee(manager: manager)
            request.email = "\(["k", "d", "x", "b", "p"][index])\(TestSequence.next())@example.com"
            request.fullName = ["Kim", "Dee", "Al", "Dee", "Bo"][index]
            request.hiredOn = CalendarDate(year: 2019 + index % 3, month: 12 - index, day: 1)!
            request.salaryCents = Int64([300, 100, 300, 0, 250][index])
            request.active = index % 2 == 0
            request.class = Employee.Class.allCases[index % 3]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, EmployeePatch(expectedVersion: row.version))
        }
        let mine: (Employee.Columns) -> Condition<Employee> = { $0.managerID == manager }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.email, value: { .text($0.email) }, where: mine)
        try await expectOrdered(repository, stored, by: \.fullName, value: { .text($0.fullName) }, where: mine)
        try await expectOrdered(repository, stored, by: \.hiredOn, value: { .day($0.hiredOn) }, where: mine)
        try await expectOrdered(repository, stored, by: \.salaryCents, value: { .int($0.salaryCents) }, where: mine)
        try await expectOrdered(repository, stored, by: \.active, value: { .bool($0.active) }, where: mine)
        try await expectOrdered(repository, stored, by: \.`class`, value: { .text($0.class.rawValue) }, where: mine)
    }

    @Test("orders: ordered by bigint, enum, decimal, timestamp, nullable text, date and uuid columns")
    func orderOrderings() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let statuses: [Order.Status] = [.shipped, .pending, .onHold, .paid, .cancelled, .pending]
        let stored = try await rows(6) { index in
            var request = Requests.order(customer: customer)
            request.number = Int64([5, 1, 9, 3, 7, 2][index]) * 1_000_000_000_000 + Int64(TestSequence.next())
            request.status = statuses[index]
            request.total = [Decimal(10), 2, Decimal(string: "10.01")!, 2, 0, Decimal(string: "0.5")!][index]
            request.placedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double([4, 1, 3, 1, 0, 2][index]) * 3_600.5)
            request.notes = [nil, "b", "B", nil, "a", "b"][index]
            request.trackingID = index % 3 == 0 ? nil : UUID()
            request.deliveryDate = index == 2 ? nil : CalendarDate(year: 2026, month: 1, day: [9, 3, 1, 3, 28, 1][index])
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, OrderPatch(expectedVersion: row.version))
        }
        let mine: (Order.Columns) -> Condition<Order> = { $0.customerID == customer }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.number, value: { .int($0.number) }, where: mine)
        try await expectOrdered(repository, stored, by: \.status, value: { .text($0.status.rawValue) }, where: mine)
        try await expectOrdered(repository, stored, by: \.total, value: { .decimal($0.total) }, where: mine)
        try await expectOrdered(repository, stored, by: \.placedAt, value: { .date($0.placedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.notes, value: { $0.notes.map(SortValue.text) }, where: mine)
        try await expectOrdered(repository, stored, by: \.trackingID, value: { $0.trackingID.map(SortValue.uuid) }, where: mine)
        try await expectOrdered(repository, stored, by: \.deliveryDate, value: { $0.deliveryDate.map(SortValue.day) }, where: mine)
    }

    @Test("order lines: ordered by int, decimal, uuid and timestamp columns")
    func orderLineOrderings() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let order = UUID()
        let stored = try await rows(5) { index in
            var request = Requests.orderLine(order: order, quantity: Int32([4, 1, 4, 1000, 2][index]))
            request.unitPrice = [Decimal(3), Decimal(string: "0.99")!, 3, 0, Decimal(string: "12345678.91")!][index]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, OrderLinePatch(expectedVersion: row.version))
        }
        let mine: (OrderLine.Columns) -> Condition<OrderLine> = { $0.orderID == order }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.quantity, value: { .int(Int64($0.quantity)) }, where: mine)
        try await expectOrdered(repository, stored, by: \.unitPrice, value: { .decimal($0.unitPrice) }, where: mine)
        try await expectOrdered(repository, stored, by: \.productID, value: { .uuid($0.productID) }, where: mine)
    }

    @Test("products: ordered by text, the reserved-word column \"order\" (all tied, broken by the key), decimal, nullable double and enum")
    func productOrderings() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        let position = Requests.uniqueProductOrder()
        let stored = try await rows(5) { index in
            var request = Requests.product(order: position)
            request.sku = "\(["M", "B", "Z", "A", "Q"][index])-\(TestSequence.next())"
            request.price = [Decimal(1), 0, Decimal(string: "99.99")!, 1, 5][index]
            request.stock = Int32([7, 7, 0, 3, 100][index])
            request.weightKg = [nil, 0.5, 1000.5, nil, 0.25][index]
            request.visibility = Product.Visibility.allCases[index % 3]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, ProductPatch(expectedVersion: row.version))
        }
        let mine: (Product.Columns) -> Condition<Product> = { $0.order == position }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.sku, value: { .text($0.sku) }, where: mine)
        try await expectOrdered(repository, stored, by: \.order, value: { .int(Int64($0.order)) }, where: mine)
        try await expectOrdered(repository, stored, by: \.price, value: { .decimal($0.price) }, where: mine)
        try await expectOrdered(repository, stored, by: \.stock, value: { .int(Int64($0.stock)) }, where: mine)
        try await expectOrdered(repository, stored, by: \.weightKg, value: { $0.weightKg.map(SortValue.double) }, where: mine)
        try await expectOrdered(repository, stored, by: \.visibility, value: { .text($0.visibility.rawValue) }, where: mine)
    }

    @Test("products ordered by the reserved-word column \"order\" put the lowest and highest positions first")
    func productsByOrderColumn() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        // Positions beyond those any other test uses (Requests.uniqueProductOrder stays below 2e9).
        let low = try await repository.create(Requests.product(order: Int32.min + 1))
        let lowest = try await repository.create(Requests.product(order: Int32.min))
        let high = try await repository.create(Requests.product(order: Int32.max - 1))
        let highest = try await repository.create(Requests.product(order: Int32.max))
        let ascending = try await repository.list(orderBy: { [$0.order.ascending()] }, page: PageRequest(limit: 2))
        #expect(ascending.items.map(\.id) == [lowest.id, low.id])
        let descending = try await repository.list(orderBy: { [$0.order.descending()] }, page: PageRequest(limit: 2))
        #expect(descending.items.map(\.id) == [highest.id, high.id])
        #expect(try await repository.count(where: { $0.order == Int32.max }) == 1)
        #expect(try await repository.count(where: { $0.order > Int32.max - 1 }) == 1)
        #expect(try await repository.count(where: { $0.order <= Int32.min + 1 }) == 2)
        let keyset = try await repository.list(orderBy: { [$0.order.descending()] }, after: KeysetPageRequest(limit: 1))
        let next = try await repository.list(orderBy: { [$0.order.descending()] },
                                             after: KeysetPageRequest(limit: 1, after: keyset.nextCursor))
        #expect(keyset.items.map(\.id) == [highest.id] && next.items.map(\.id) == [high.id])
    }

    @Test("support tickets: ordered by enum, uuid, text, date and nullable uuid columns")
    func ticketOrderings() async throws {
        let repository = SupportTicketRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let priorities: [SupportTicket.Priority] = [.urgent, .low, .high, .normal, .low]
        let stored = try await rows(5) { index in
            var request = Requests.ticket(customer: customer, assignee: index % 2 == 0 ? UUID() : nil)
            request.priority = priorities[index]
            request.subject = ["Help", "help", "Broken", "Help", "Again"][index]
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, SupportTicketPatch(expectedVersion: row.version))
        }
        let mine: (SupportTicket.Columns) -> Condition<SupportTicket> = { $0.customerID == customer }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.priority, value: { .text($0.priority.rawValue) }, where: mine)
        try await expectOrdered(repository, stored, by: \.publicToken, value: { .uuid($0.publicToken) }, where: mine)
        try await expectOrdered(repository, stored, by: \.subject, value: { .text($0.subject) }, where: mine)
        try await expectOrdered(repository, stored, by: \.openedOn, value: { .day($0.openedOn) }, where: mine)
        try await expectOrdered(repository, stored, by: \.assigneeID, value: { $0.assigneeID.map(SortValue.uuid) }, where: mine)
    }

    @Test("users: ordered by text, nullable text, the reserved-word bool \"default\", bigint and nullable timestamp")
    func userOrderings() async throws {
        let repository = UserRepository(on: try await RepositoryHarness.database())
        let employee = UUID()
        let stored = try await rows(5) { index in
            var request = Requests.user(employee: employee)
            request.login = "\(["m", "b", "z", "a", "q"][index])_\(TestSequence.next())"
            request.displayName = [nil, "Bea", "al", nil, "Al"][index]
            request.default = index % 2 == 1
            request.loginCount = Int64([3, 0, 3, Int(Int32.max) + 7, 1][index])
            request.lastLoginAt = index == 4 ? nil : Date(timeIntervalSince1970: 1_600_000_000 + Double([3, 2, 0, 1, 0][index]) * 0.25)
            return try await repository.create(request)
        } touch: { row in
            try await repository.update(id: row.id, UserPatch(expectedVersion: row.version))
        }
        let mine: (User.Columns) -> Condition<User> = { $0.employeeID == employee }
        try await expectOrdered(repository, stored, by: \.createdAt, value: { .date($0.createdAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.updatedAt, value: { .date($0.updatedAt) }, where: mine)
        try await expectOrdered(repository, stored, by: \.login, value: { .text($0.login) }, where: mine)
        try await expectOrdered(repository, stored, by: \.displayName, value: { $0.displayName.map(SortValue.text) }, where: mine)
        try await expectOrdered(repository, stored, by: \.`default`, value: { .bool($0.default) }, where: mine)
        try await expectOrdered(repository, stored, by: \.loginCount, value: { .int($0.loginCount) }, where: mine)
        try await expectOrdered(repository, stored, by: \.lastLoginAt, value: { $0.lastLoginAt.map(SortValue.date) }, where: mine)
    }

    @Test("each condition narrows list and count alike; conditions combine with AND")
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

        let byManager = try await repository.list(where: { $0.accountManagerID == manager }, page: page)
        #expect(Set(byManager.items.map(\.id)) == Set(stored.map(\.id)))
        #expect(try await repository.count(where: { $0.accountManagerID == manager }) == 4)

        let active = try await repository.list(where: { $0.status == .active && $0.accountManagerID == manager }, page: page)
        #expect(Set(active.items.map(\.id)) == Set(stored.prefix(2).map(\.id)))
        #expect(try await repository.count(where: { $0.status == .active && $0.accountManagerID == manager }) == 2)
        #expect(try await repository.count(where: { $0.status == .closed && $0.accountManagerID == manager }) == 1)
        #expect(try await repository.count(where: { $0.status != .active && $0.accountManagerID == manager }) == 2)

        let byEmail = try await repository.list(where: { $0.email == stored[2].email }, page: page)
        #expect(byEmail.items == [stored[2]])
        #expect(try await repository.count(where: { $0.email == stored[2].email && $0.status == .active }) == 0)
        #expect(try await repository.count(where: { $0.email == stored[2].email && $0.status == .suspended }) == 1)
        #expect(try await repository.count(where: { $0.accountManagerID == UUID() }) == 0)
        #expect(try await repository.count(where: { $0.customerID == stored[3].id && $0.name == stored[3].name }) == 1)

        // Every status condition returns only rows of that status (across all rows, not just this test's).
        for status in Customer.Status.allCases {
            let rows = try await repository.list(where: { $0.status == status }, page: page)
            #expect(rows.items.allSatisfy { $0.status == status })
        }
    }

    @Test("conditions on orders, products, tickets and users, each with its count")
    func otherFilters() async throws {
        let database = try await RepositoryHarness.database()
        let page = try firstPage()

        let orders = OrderRepository(on: database)
        let customer = UUID()
        let paid = try await orders.create({ var r = Requests.order(customer: customer); r.status = .paid; return r }())
        let held = try await orders.create({ var r = Requests.order(customer: customer); r.status = .onHold; return r }())
        #expect(try await orders.list(where: { $0.customerID == customer && $0.status == .onHold }, page: page).items == [held])
        #expect(try await orders.list(where: { $0.number == paid.number }, page: page).items == [paid])
        #expect(try await orders.count(where: { $0.customerID == customer }) == 2)
        #expect(try await orders.count(where: { $0.customerID == customer && $0.number == held.number && $0.status == .paid }) == 0)
        #expect(try await orders.count(where: { $0.customerID == customer && $0.number >= paid.number }) == 2)
        #expect(try await orders.count(where: { $0.customerID == customer && $0.number > paid.number }) == 1)

        let products = ProductRepository(on: database)
        let product = try await products.create(Requests.product(order: Requests.uniqueProductOrder()))
        #expect(try await products.list(where: { $0.sku == product.sku }, page: page).items == [product])
        #expect(try await products.count(where: { $0.sku == product.sku && $0.order == product.order }) == 1)
        #expect(try await products.count(where: { $0.sku == product.sku && $0.order == product.order &+ 1 }) == 0)
        #expect(try await products.count(where: { $0.sku == product.sku && $0.visibility == product.visibility }) == 1)

        let tickets = SupportTicketRepository(on: database)
        let assignee = UUID(), reporter = UUID()
        let ticket = try await tickets.create({
            var r = Requests.ticket(customer: customer, assignee: assignee, reporter: reporter); r.priority = .urgent; return r
        }())
        _ = try await tickets.create(Requests.ticket(customer: customer))
        #expect(try await tickets.list(where: { $0.customerID == customer && $0.priority == .urgent }, page: page).items == [ticket])
        #expect(try await tickets.list(where: { $0.publicToken == ticket.publicToken }, page: page).items == [ticket])
        #expect(try await tickets.count(where: { $0.customerID == customer }) == 2)
        #expect(try await tickets.count(where: { $0.assigneeID == assignee && $0.reporterID == reporter }) == 1)
        #expect(try await tickets.count(where: { $0.customerID == customer && $0.openedOn == ticket.openedOn }) == 2)

        let users = UserRepository(on: database)
        let user = try await users.create(Requests.user())
        #expect(try await users.list(where: { $0.login == user.login }, page: page).items == [user])
        #expect(try await users.count(where: { $0.login == user.login }) == 1)
        #expect(try await users.count(where: { $0.login == user.login && $0.default == true }) == 0)
    }

    @Test("soft-deleted rows are left out of list, count, exists, first and keyset pages unless includeDeleted is set")
    func includeDeleted() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        for _ in 0..<4 {
            stored.append(try await repository.create(Requests.customer(manager: manager)))
        }
        let deleted = try await repository.softDelete(id: stored[1].id, expectedVersion: stored[1].version)
        let filter: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let page = try firstPage()

        let active = try await repository.list(where: filter, page: page)
        #expect(Set(active.items.map(\.id)) == Set([stored[0], stored[2], stored[3]].map(\.id)))
        #expect(try await repository.count(where: filter) == 3)

        let all = try await repository.list(where: filter, page: page, includeDeleted: true)
        #expect(all.items.count == 4)
        #expect(all.items.contains(deleted))
        #expect(try await repository.count(where: filter, includeDeleted: true) == 4)

        let keyset = try await repository.list(where: filter, after: KeysetPageRequest(limit: 10))
        #expect(!keyset.items.contains { $0.id == deleted.id })
        let keysetAll = try await repository.list(where: filter, after: KeysetPageRequest(limit: 10), includeDeleted: true)
        #expect(keysetAll.items.contains(deleted))

        #expect(try await repository.exists(where: { $0.customerID == deleted.id }) == false)
        #expect(try await repository.exists(where: { $0.customerID == deleted.id }, includeDeleted: true))
        #expect(try await repository.first(where: { $0.customerID == deleted.id }) == nil)
        #expect(try await repository.first(where: { $0.customerID == deleted.id }, includeDeleted: true) == deleted)
        #expect(try await repository.count(where: { $0.accountManagerID == manager && $0.deletedAt != nil }, includeDeleted: true) == 1)
        #expect(try await repository.find(byEmail: deleted.email) == nil)
    }

    @Test("offset pages report hasMore exactly when another row follows")
    func pageBoundaries() async throws {
        let repository = OrderLineRepository(on: try await RepositoryHarness.database())
        let order = UUID()
        _ = try await repository.create((0..<5).map { _ in Requests.orderLine(order: order) })
        let first = try await repository.list(where: { $0.orderID == order }, page: PageRequest(limit: 5))
        #expect(first.items.count == 5)
        #expect(!first.hasMore)
        let second = try await repository.list(where: { $0.orderID == order }, page: PageRequest(limit: 2, offset: 4))
        #expect(second.items.count == 1)
        #expect(!second.hasMore)
        let middle = try await repository.list(where: { $0.orderID == order }, page: PageRequest(limit: 2, offset: 2))
        #expect(middle.items.count == 2)
        #expect(middle.hasMore)
        let beyond = try await repository.list(where: { $0.orderID == order }, page: PageRequest(limit: 2, offset: 10))
        #expect(beyond.items.isEmpty)
    }
}
