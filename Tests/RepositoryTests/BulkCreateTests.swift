import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting
import Testing

/// Bulk create binds each column of a batch as one array and inserts with `unnest`: every column type,
/// NULL next to a value in the same column, array fields with hostile items, and rows in request order
/// must come back exactly as a single-row create would store them.
@Suite("Bulk create")
struct BulkCreateTests {
    /// Every row equals its request in every field the request sets, in request order, at version 1.
    private func expectStored<Request, Row: Sendable>(
        _ rows: [Row], _ requests: [Request], sourceLocation: SourceLocation = #_sourceLocation,
        _ same: (Row, Request) -> Bool
    ) {
        #expect(rows.count == requests.count, sourceLocation: sourceLocation)
        for (index, (row, request)) in zip(rows, requests).enumerated() {
            #expect(same(row, request), "row \(index)", sourceLocation: sourceLocation)
        }
    }

    private func close(_ lhs: Date?, _ rhs: Date?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case let (lhs?, rhs?): abs(lhs.timeIntervalSince(rhs)) < 1e-6
        default: false
        }
    }

    @Test("customers: NULL and values in each nullable column, hostile tags, sealed tax numbers")
    func customers() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let hostile = RepositoryHarness.hostileStrings.map { String($0.prefix(16)) }
        let requests = (0..<9).map { index in
            var request = Requests.customer(manager: index % 3 == 0 ? nil : UUID())
            request.credit = index % 2 == 0 ? nil : Decimal(string: "\(index).0\(index)", locale: Locale(identifier: "en_US_POSIX"))
            request.website = index % 4 == 1 ? nil : request.website
            request.taxNumber = index % 3 == 2 ? nil : RepositoryHarness.hostileStrings[index]
            request.tags = index == 0 ? [] : Array(hostile[(index - 1)..<min(index + 3, hostile.count)])
            request.status = Customer.Status.allCases[index % 3]
            request.name = "Customer \(RepositoryHarness.hostileStrings[index + 3])"
            return request
        }
        let stored = try await repository.create(requests, batchSize: 4)
        expectStored(stored, requests) { row, request in
            sameBytes(row.name, request.name) && row.email == request.email && row.status == request.status
                && row.credit == request.credit && row.tags.count == request.tags.count
                && zip(row.tags, request.tags).allSatisfy { sameBytes($0, $1) } && row.website == request.website
                && sameBytes(row.taxNumber, request.taxNumber) && row.accountManagerID == request.accountManagerID
                && row.version == 1 && row.deletedAt == nil
        }
        for row in stored {
            #expect(try await repository.get(id: row.id) == row)
        }
    }

    @Test("tags holding quotes, backslashes, braces, commas, NULL, empty text and unicode survive the array text form")
    func arrayItemsThatNeedQuoting() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let awkward: [[String]] = [
            ["\"", "\\", "\\\"", "\"\\"], ["{", "}", "{}", "{a,b}"], [",", " , ", "a,b"], ["NULL", "null", "Null"],
            ["", " ", "  "], ["'", "''", "'; DROP TABLE customers; --"], ["\n", "\t", "\r\n"], ["é", "e\u{301}", "🏳️‍🌈", "\u{202E}"],
        ]
        let requests = awkward.map { tags -> CustomerCreate in
            var request = Requests.customer()
            request.tags = tags
            return request
        }
        let stored = try await repository.create(requests)
        expectStored(stored, requests) { row, request in
            row.tags.count == request.tags.count && zip(row.tags, request.tags).allSatisfy { sameBytes($0, $1) }
        }
    }

    @Test("products: text, numeric, int, double, the reserved-word column, enum, json and vector, with NULLs")
    func products() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        let requests = (0..<6).map { index in
            var request = Requests.product(order: Int32(index) - 3)
            request.details = index % 2 == 0 ? nil : RepositoryHarness.hostileStrings[index]
            request.price = Decimal(string: "\(index * 100).\(index)5", locale: Locale(identifier: "en_US_POSIX"))!
            request.stock = Int32(index * 7)
            request.weightKg = index % 3 == 0 ? nil : Double(index) / 3
            request.visibility = Product.Visibility.allCases[index % 3]
            request.attributes = index == 5 ? .null : ["index": .number(Double(index)), "text": .string(RepositoryHarness.hostileStrings[index])]
            request.embedding = index % 2 == 1 ? nil : (0..<8).map { Float(index * 8 + $0) / 7 }
            return request
        }
        let stored = try await repository.create(requests)
        expectStored(stored, requests) { row, request in
            row.sku == request.sku && row.name == request.name && sameBytes(row.details, request.details)
                && row.price == request.price && row.stock == request.stock && row.weightKg == request.weightKg
                && row.order == request.order && row.visibility == request.visibility && row.attributes == request.attributes
                && row.embedding == request.embedding
        }
    }

    @Test("orders: timestamps, dates, uuids, text, json data and an enum with an underscore, with NULLs")
    func orders() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let requests = (0..<5).map { index in
            var request = Requests.order(customer: customer)
            request.placedAt = Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 86_400.123456)
            request.status = Order.Status.allCases[index]
            request.total = Decimal(index) / 4
            request.notes = index % 2 == 0 ? nil : RepositoryHarness.hostileStrings[index]
            request.trackingID = index % 2 == 1 ? nil : UUID()
            request.deliveryDate = index == 3 ? nil : CalendarDate(year: 2025, month: 12, day: 27 + index)
            request.data = ["index": .number(Double(index)), "nested": ["list": [1, "two", nil, true]]]
            return request
        }
        let stored = try await repository.create(requests, batchSize: 2)
        expectStored(stored, requests) { row, request in
            row.customerID == request.customerID && row.number == request.number && close(row.placedAt, request.placedAt)
                && row.status == request.status && row.total == request.total && sameBytes(row.notes, request.notes)
                && row.trackingID == request.trackingID && row.deliveryDate == request.deliveryDate && row.data == request.data
        }
    }

    @Test("order lines, tickets, users and employees: arrays of doubles, ints and text, booleans, bigints, dates, json NULL")
    func otherEntities() async throws {
        let database = try await RepositoryHarness.database()

        let lines = OrderLineRepository(on: database)
        let lineRequests = [[], [0.1], [0, 1, 1.0 / 3, .leastNonzeroMagnitude, .leastNormalMagnitude], [0.5, 0.25]].map { discounts in
            var request = Requests.orderLine()
            request.discounts = discounts
            request.unitPrice = Decimal(string: "12345678.91", locale: Locale(identifier: "en_US_POSIX"))!
            return request
        }
        expectStored(try await lines.create(lineRequests), lineRequests) { row, request in
            row.discounts == request.discounts && row.unitPrice == request.unitPrice && row.orderID == request.orderID
        }

        let tickets = SupportTicketRepository(on: database)
        let ticketRequests = (0..<4).map { index in
            var request = Requests.ticket(assignee: index % 2 == 0 ? nil : UUID(), reporter: index == 1 ? nil : UUID())
            request.scores = Array([0, 10, 5].prefix(index))
            request.labels = Array(RepositoryHarness.hostileStrings.prefix(index * 2))
            request.priority = SupportTicket.Priority.allCases[index]
            request.body = RepositoryHarness.hostileStrings[index + 5]
            return request
        }
        expectStored(try await tickets.create(ticketRequests), ticketRequests) { row, request in
            row.scores == request.scores && row.labels.count == request.labels.count
                && zip(row.labels, request.labels).allSatisfy { sameBytes($0, $1) } && row.priority == request.priority
                && row.assigneeID == request.assigneeID && row.reporterID == request.reporterID
                && row.openedOn == request.openedOn && row.publicToken == request.publicToken && sameBytes(row.body, request.body)
        }

        let users = UserRepository(on: database)
        let userRequests = (0..<4).map { index in
            var request = Requests.user(employee: index == 0 ? nil : UUID())
            request.default = index % 2 == 0
            request.loginCount = index == 3 ? Int64.max : Int64(index)
            request.lastLoginAt = index == 1 ? nil : Date(timeIntervalSince1970: 1_700_000_000.5 + Double(index))
            request.roles = Array(["admin", "member", "a \"quoted\" role", "back\\slash"].prefix(index + 1))
            request.profile = [nil, .null, ["theme": "dark"], [1, 2]][index]
            request.displayName = index == 2 ? nil : "User \(index)"
            return request
        }
        expectStored(try await users.create(userRequests), userRequests) { row, request in
            row.default == request.default && row.loginCount == request.loginCount && close(row.lastLoginAt, request.lastLoginAt)
                && row.roles == request.roles && row.displayName == request.displayName && row.employeeID == request.employeeID
                && (row.profile ?? .null) == (request.profile ?? .null)
        }

        let employees = EmployeeRepository(on: database)
        let employeeRequests = (0..<3).map { index in
            var request = Requests.employee(manager: index == 0 ? nil : UUID())
            request.active = index != 1
            request.class = Employee.Class.allCases[index]
            request.salaryCents = Int64(index) * 1_000_000_007
            request.hiredOn = CalendarDate(year: 1999 + index, month: 2, day: 28)!
            return request
        }
        expectStored(try await employees.create(employeeRequests), employeeRequests) { row, request in
            row.active == request.active && row.class == request.class && row.salaryCents == request.salaryCents
                && row.hiredOn == request.hiredOn && row.managerID == request.managerID && row.email == request.email
        }
    }

    @Test("two requests of one batch with the same unique value are a DuplicateEntity, and nothing of the batch remains")
    func duplicateInsideOneBatch() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var requests = (0..<4).map { _ in Requests.customer(manager: manager) }
        requests[3].email = requests[1].email
        do {
            _ = try await repository.create(requests)
            Issue.record("a duplicate email inside one batch was accepted")
        } catch let error as DuplicateEntity {
            #expect(error.field == "email")
        }
        #expect(try await repository.count(where: { $0.accountManagerID == manager }, includeDeleted: true) == 0)
    }
}
