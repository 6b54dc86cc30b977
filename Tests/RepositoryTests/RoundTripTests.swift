import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Values through the generated repositories and back: vectors, enums, decimals, arrays, dates,
/// timestamps, and the reserved words used as a table (`user`) and as columns (`order`, `default`,
/// `class`).
@Suite("Round trips")
struct RoundTripTests {
    @Test("Product.embedding: a vector is stored and read back exactly, updated, and set to NULL")
    func vectorRoundTrip() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        let embedding: [Float] = [0.1, -0.25, 1e-7, 3.4028235e38, -1.1754944e-38, 123456.79, 0, 1]
        var request = Requests.product()
        request.embedding = embedding
        let created = try await repository.create(request)
        #expect(created.embedding == embedding)
        #expect(try await repository.get(id: created.id).embedding == embedding)

        let other: [Float] = (0..<8).map { Float($0) / 3 }
        let updated = try await repository.update(id: created.id, ProductPatch(expectedVersion: created.version).setting(\.embedding, to: other))
        #expect(updated.embedding == other)
        let cleared = try await repository.update(id: created.id, ProductPatch(expectedVersion: updated.version).setting(\.embedding, to: nil))
        #expect(cleared.embedding == nil)
        #expect(try await repository.get(id: created.id).embedding == nil)

        // Bulk inserts cast each vector placeholder too.
        let many = try await repository.create((0..<3).map { index in
            var request = Requests.product()
            request.embedding = index == 1 ? nil : (0..<8).map { Float($0 * index) + 0.5 }
            return request
        })
        let first: [Float] = (0..<8).map { Float($0 * 0) + 0.5 }
        let third: [Float] = (0..<8).map { Float($0 * 2) + 0.5 }
        let expected: [[Float]?] = [first, nil, third]
        #expect(many.map(\.embedding) == expected)
    }

    @Test("a vector of the wrong dimension is a ValidationError, not a database error")
    func vectorDimensions() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        var request = Requests.product()
        request.embedding = [1, 2, 3]
        await #expect(throws: ValidationError.self) { try await repository.create(request) }
    }

    @Test("every enum value of every enum field round-trips, on create and on update")
    func enumRoundTrip() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        for status in Customer.Status.allCases {
            var request = Requests.customer()
            request.status = status
            let created = try await customers.create(request)
            #expect(try await customers.get(id: created.id).status == status)
        }
        let orders = OrderRepository(on: database)
        var order = try await orders.create(Requests.order())
        for status in Order.Status.allCases {
            order = try await orders.update(id: order.id, OrderPatch(expectedVersion: order.version).setting(\.status, to: status))
            #expect(try await orders.get(id: order.id).status == status)
        }
        let products = ProductRepository(on: database)
        for visibility in Product.Visibility.allCases {
            var request = Requests.product()
            request.visibility = visibility
            #expect(try await products.create(request).visibility == visibility)
        }
        let tickets = SupportTicketRepository(on: database)
        for priority in SupportTicket.Priority.allCases {
            var request = Requests.ticket()
            request.priority = priority
            let ticket = try await tickets.create(request)
            #expect(try await tickets.list(where: { $0.customerID == ticket.customerID && $0.priority == priority },
                                           page: firstPage()).items == [ticket])
        }
    }

    @Test("a stored enum value the Swift type does not know is an error when read, not a crash")
    func unknownEnumValue() async throws {
        let database = try await RepositoryHarness.database()
        let repository = OrderRepository(on: database)
        let order = try await repository.create(Requests.order())
        // The CHECK constraint refuses unknown values; a migration in progress might not have it yet.
        do {
            try await database.transaction { tx in
                try await tx.execute("ALTER TABLE orders DROP CONSTRAINT ck_orders_status_values")
                try await tx.execute("UPDATE orders SET status = 'lost' WHERE order_id = \(order.id)")
                await #expect(throws: IllegalArgument.self) {
                    try await OrderRepository(on: tx).get(id: order.id)
                }
                throw RollBack()
            }
        } catch is RollBack {}
        #expect(try await repository.get(id: order.id) == order)
    }

    @Test("decimals are exact: every value within precision and scale reads back equal, digit for digit")
    func decimalsExact() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let credits = ["0", "0.01", "0.1", "0.10", "1", "1.5", "12.34", "100", "1000000", "9999999999.99",
                       "1234567890.12", "0.07", "10.01", "5000000000.5", "3.14", "99.99"]
        for text in credits {
            let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            var request = Requests.customer()
            request.credit = value
            let created = try await customers.create(request)
            #expect(created.credit == value, "\(text)")
            #expect(try await customers.get(id: created.id).credit == value, "\(text)")
            // The database holds the same number, compared in SQL.
            let rows = try await database.fetchAll(
                "SELECT credit = \(text)::numeric FROM customers WHERE customer_id = \(created.id)",
                context: QueryContext(operation: "check", table: "customers"))
            #expect(try rows.first?.decode(Bool.self) == true, "\(text)")
        }
        let lines = OrderLineRepository(on: database)
        let line = try await lines.create(Requests.orderLine())
        let price = try #require(Decimal(string: "99999999.99", locale: Locale(identifier: "en_US_POSIX")))
        let updated = try await lines.update(id: line.id, OrderLinePatch(expectedVersion: line.version).setting(\.unitPrice, to: price))
        #expect(updated.unitPrice == price)

        // Sums of exact decimals stay exact (no binary floating point on the way).
        let orders = OrderRepository(on: database)
        var request = Requests.order()
        request.total = Decimal(string: "0.1")! + Decimal(string: "0.2")!
        #expect(try await orders.create(request).total == Decimal(string: "0.3")!)
    }

    @Test("arrays round-trip: empty, with empty strings, NULL-looking text, quotes and commas; doubles; ints")
    func arrays() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let tagSets: [[String]] = [[], [""], ["NULL", "null"], ["a,b", "{c}", "\"d\"", "e'f", "g\\h"], ["ü", "🚀", " x "],
                                   Array(repeating: "x", count: 20)]
        for tags in tagSets {
            var request = Requests.customer()
            request.tags = tags
            let created = try await customers.create(request)
            #expect(created.tags == tags)
            #expect(try await customers.get(id: created.id).tags == tags)
        }

        let lines = OrderLineRepository(on: database)
        let discounts: [Double] = [0, 0.1, 0.333333333333333, 1]
        var lineRequest = Requests.orderLine()
        lineRequest.discounts = discounts
        let line = try await lines.create(lineRequest)
        #expect(line.discounts == discounts)
        let emptied = try await lines.update(id: line.id, OrderLinePatch(expectedVersion: line.version).setting(\.discounts, to: []))
        #expect(emptied.discounts == [])

        let tickets = SupportTicketRepository(on: database)
        var ticketRequest = Requests.ticket()
        ticketRequest.scores = [0, 10, 5]
        ticketRequest.labels = ["billing", "🔥 urgent", "'; DROP TABLE support_tickets; --"]
        let ticket = try await tickets.create(ticketRequest)
        #expect(ticket.scores == [0, 10, 5])
        #expect(ticket.labels == ticketRequest.labels)

        let users = UserRepository(on: database)
        let user = try await users.create(Requests.user())
        #expect(user.roles == ["member"])
    }

    @Test("dates and timestamps round-trip to the microsecond; NULL stays NULL")
    func datesAndTimestamps() async throws {
        let database = try await RepositoryHarness.database()
        let orders = OrderRepository(on: database)
        var request = Requests.order()
        request.placedAt = Date(timeIntervalSince1970: 1_700_000_000.123456)
        request.deliveryDate = CalendarDate(year: 2024, month: 2, day: 29)
        request.trackingID = UUID()
        let order = try await orders.create(request)
        #expect(abs(order.placedAt.timeIntervalSince(request.placedAt)) < 1e-6)
        #expect(order.deliveryDate == request.deliveryDate)
        #expect(order.trackingID == request.trackingID)
        let cleared = try await orders.update(id: order.id, OrderPatch(expectedVersion: order.version).setting(\.trackingID, to: nil).setting(\.deliveryDate, to: nil))
        #expect(cleared.deliveryDate == nil && cleared.trackingID == nil)

        let employees = EmployeeRepository(on: database)
        var employeeRequest = Requests.employee()
        employeeRequest.hiredOn = CalendarDate(year: 1, month: 1, day: 1)!
        #expect(try await employees.create(employeeRequest).hiredOn == CalendarDate(year: 1, month: 1, day: 1)!)
        employeeRequest = Requests.employee()
        employeeRequest.hiredOn = CalendarDate(year: 9999, month: 12, day: 31)!
        #expect(try await employees.create(employeeRequest).hiredOn == CalendarDate(year: 9999, month: 12, day: 31)!)

        let users = UserRepository(on: database)
        let user = try await users.create(Requests.user())
        let login = Date(timeIntervalSince1970: 1_234_567_890.654321)
        let logged = try await users.update(id: user.id, UserPatch(expectedVersion: user.version).setting(\.lastLoginAt, to: login))
        #expect(abs(try #require(logged.lastLoginAt).timeIntervalSince(login)) < 1e-6)
    }

    @Test("the reserved-word table \"user\" and its column \"default\": every repository method")
    func reservedWordTable() async throws {
        let repository = UserRepository(on: try await RepositoryHarness.database())
        let employee = UUID()
        var request = Requests.user(employee: employee)
        request.default = true
        request.loginCount = Int64.max
        let user = try await repository.create(request)
        #expect(user.default)
        #expect(user.loginCount == Int64.max)
        let bulk = try await repository.create([Requests.user(employee: employee), Requests.user(employee: employee)])
        #expect(bulk.allSatisfy { !$0.default })
        let updated = try await repository.update(id: user.id, UserPatch(expectedVersion: user.version).setting(\.default, to: false))
        #expect(!updated.default)
        #expect(try await repository.find(byLogin: user.login) == updated)
        #expect(try await repository.count(where: { $0.employeeID == employee }) == 3)
        #expect(try await repository.count(where: { $0.employeeID == employee && $0.default == false }) == 3)
        let deleted = try await repository.softDelete(id: user.id, expectedVersion: updated.version)
        let restored = try await repository.restore(id: user.id, expectedVersion: deleted.version)
        #expect(restored.version == 4)
        let keyset = try await repository.list(where: { $0.employeeID == employee }, after: KeysetPageRequest(limit: 10))
        #expect(keyset.items.count == 3)
        let byDefault = try await repository.list(where: { $0.employeeID == employee }, orderBy: { [$0.default.descending()] },
                                                  after: KeysetPageRequest(limit: 10))
        #expect(Set(byDefault.items.map(\.id)) == Set(keyset.items.map(\.id)))
    }

    @Test("the reserved-word columns \"order\" (products) and class (employees) are written, patched and filtered")
    func reservedWordColumns() async throws {
        let database = try await RepositoryHarness.database()
        let products = ProductRepository(on: database)
        let position = Requests.uniqueProductOrder()
        let product = try await products.create(Requests.product(order: position))
        #expect(product.order == position)
        let moved = try await products.update(id: product.id, ProductPatch(expectedVersion: product.version).setting(\.order, to: position &+ 1))
        #expect(moved.order == position &+ 1)
        #expect(try await products.list(where: { $0.order == position &+ 1 }, page: firstPage()).items == [moved])
        #expect(try await products.count(where: { $0.order == position }) == 0)
        #expect(try await products.list(where: { $0.order.in([position, position &+ 1]) }, orderBy: { [$0.order.descending()] },
                                        page: firstPage()).items == [moved])

        let employees = EmployeeRepository(on: database)
        var request = Requests.employee()
        request.class = .contractor
        let employee = try await employees.create(request)
        #expect(employee.class == .contractor)
        let intern = try await employees.update(id: employee.id, EmployeePatch(expectedVersion: employee.version).setting(\.class, to: .intern))
        #expect(try await employees.get(id: intern.id).class == .intern)
        #expect(try await employees.count(where: { $0.employeeID == intern.id && $0.class == .intern }) == 1)
        #expect(try await employees.count(where: { $0.employeeID == intern.id && $0.class.in([.staff, .contractor]) }) == 0)
    }
}

/// Thrown to roll a test's transaction back.
struct RollBack: Error {}
