import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Hostile values — quotes, `'; DROP TABLE`, placeholders, backslashes, unicode of every kind — are bound,
/// never spliced into SQL: they are stored and read back byte for byte, they match as filter values only
/// themselves, and every table is still there afterwards.
@Suite("Hostile values")
struct HostileValueTests {
    @Test("hostile text in every kind of text column is stored and read back verbatim", arguments: RepositoryHarness.hostileStrings)
    func storedVerbatim(_ text: String) async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.name = text.isEmpty ? "x" : text
        let short = String(text.prefix(16))   // tags hold at most 32 characters each
        request.tags = [short, short + short]
        request.taxNumber = String(text.prefix(64))
        let customer = try await customers.create(request)
        let read = try await customers.get(id: customer.id)
        #expect(sameBytes(read.name, request.name))
        #expect(read.tags.count == 2 && sameBytes(read.tags[0], short) && sameBytes(read.tags[1], short + short))
        #expect(sameBytes(read.taxNumber, request.taxNumber))

        let patched = try await customers.update(id: customer.id, CustomerPatch(expectedVersion: customer.version).setting(\.name, to: "n" + text).setting(\.taxNumber, to: String(("t" + text).prefix(64))))
        #expect(sameBytes(patched.name, "n" + text))
        #expect(sameBytes(try await customers.get(id: customer.id).taxNumber, String(("t" + text).prefix(64))))

        let products = ProductRepository(on: database)
        var product = Requests.product()
        product.details = text
        product.attributes = [text: .string(text)]
        let storedProduct = try await products.create(product)
        let readProduct = try await products.get(id: storedProduct.id)
        #expect(sameBytes(readProduct.details, text))
        #expect(sameBytes(readProduct.attributes[text]?.stringValue, text))

        let tickets = SupportTicketRepository(on: database)
        var ticket = Requests.ticket()
        ticket.body = text
        ticket.subject = "Re: " + text
        ticket.labels = [text]
        let storedTicket = try await tickets.create(ticket)
        let readTicket = try await tickets.get(id: storedTicket.id)
        #expect(sameBytes(readTicket.body, text) && sameBytes(readTicket.subject, "Re: " + text))
        #expect(readTicket.labels.count == 1 && sameBytes(readTicket.labels[0], text))

        let users = UserRepository(on: database)
        var user = Requests.user()
        user.displayName = String(text.prefix(50))
        user.roles = [text]
        let storedUser = try await users.create(user)
        let readUser = try await users.get(id: storedUser.id)
        #expect(sameBytes(readUser.displayName, user.displayName))
        #expect(readUser.roles.count == 1 && sameBytes(readUser.roles[0], text))

        let orders = OrderRepository(on: database)
        var order = Requests.order()
        order.notes = text
        let storedOrder = try await orders.create(order)
        #expect(sameBytes(try await orders.get(id: storedOrder.id).notes, text))
    }

    @Test("hostile filter and finder values match nothing but themselves, and every table survives")
    func hostileFilters() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let products = ProductRepository(on: database)
        let users = UserRepository(on: database)
        let before = try await customers.count(includeDeleted: true)
        for text in RepositoryHarness.hostileStrings + ["' OR '1'='1", "%", "_", "*"] {
            #expect(try await customers.find(byEmail: text) == nil)
            #expect(try await customers.list(where: { $0.email == text }, page: firstPage()).items.isEmpty)
            #expect(try await customers.count(where: { $0.email == text || $0.email.hasPrefix(text) }) == 0)
            #expect(try await customers.exists(where: { $0.email.in([text, text + text]) }) == false)
            #expect(try await products.find(bySku: text) == nil)
            #expect(try await users.find(byLogin: text) == nil)
            #expect(try await users.count(where: { $0.login == text }) == 0)
            #expect(try await users.count(where: { $0.login.hasPrefix(text) }) == 0)
        }
        #expect(try await customers.count(includeDeleted: true) >= before)
        let tables = try await database.fetchAll(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('customers', 'employees', 'orders', 'order_lines', 'products', 'support_tickets', 'user')",
            context: QueryContext(operation: "check", table: "pg_tables"))
        #expect(try tables.first?.decode(Int64.self) == 7)
    }

    @Test("a website URL carrying SQL is stored verbatim")
    func urlWithSQL() async throws {
        let customers = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.website = "https://example.com/?q=';DROP%20TABLE%20customers;--&x=\"y\"&z=$1"
        let stored = try await customers.create(request)
        #expect(sameBytes(try await customers.get(id: stored.id).website, request.website))
    }

    @Test("text is limited in characters as PostgreSQL counts them: a name of 255 two-code-point characters is refused before any SQL")
    func lengthCountsCodePoints() async throws {
        let database = try await RepositoryHarness.database()
        let counting = CountingExecutor(database)
        let customers = CustomerRepository(on: counting, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        // 255 user-perceived characters (what Swift's `count` sees), 510 code points (what varchar(255) counts).
        request.name = String(repeating: "e\u{301}", count: 255)
        await #expect(throws: ValidationError.self) { try await customers.create(request) }
        #expect(counting.statements == 0)
        #expect(try await customers.find(byEmail: request.email) == nil)
    }

    @Test("a NUL character, which PostgreSQL text cannot hold, is refused by validation before any statement")
    func nulCharacter() async throws {
        let counting = CountingExecutor(try await RepositoryHarness.database())
        let customers = CustomerRepository(on: counting, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.name = "before\u{0}after"
        request.tags = ["fine", "in\u{0}side"]
        let error = await #expect(throws: ValidationError.self) { try await customers.create(request) }
        #expect(error?.issues.map { "\($0.field) \($0.rule)" } == ["name null_character", "tags[1] null_character"])
        #expect(counting.statements == 0)
    }

    @Test("a decimal PostgreSQL would round (1.005 into numeric(12,2)) or overflow is refused by validation")
    func decimalScaleAndPrecision() async throws {
        let counting = CountingExecutor(try await RepositoryHarness.database())
        let customers = CustomerRepository(on: counting, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.credit = Decimal(string: "1.005")!
        let rounded = await #expect(throws: ValidationError.self) { try await customers.create(request) }
        #expect(rounded?.issues.map { "\($0.field) \($0.rule)" } == ["credit scale"])
        request.credit = Decimal(string: "10000000000")!
        let overflowing = await #expect(throws: ValidationError.self) { try await customers.create(request) }
        #expect(overflowing?.issues.map { "\($0.field) \($0.rule)" } == ["credit precision"])
        #expect(counting.statements == 0)
        request.credit = Decimal(string: "9999999999.99")!
        let stored = try await customers.create(request)
        #expect(stored.credit == Decimal(string: "9999999999.99")!)
    }

    @Test("the sealed column holds no plaintext, and the repository opens it")
    func sealedColumn() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.taxNumber = "GB-'; DROP TABLE customers; -- 123"
        let customer = try await customers.create(request)
        let rows = try await database.fetchAll(
            "SELECT tax_number FROM customers WHERE customer_id = \(customer.id)",
            context: QueryContext(operation: "check", table: "customers"))
        let raw = try #require(try rows.first?.decode(Bytea?.self)).bytes
        #expect(!raw.isEmpty)
        #expect(String(decoding: raw, as: UTF8.self).range(of: "DROP TABLE") == nil)
        #expect(customer.taxNumber == request.taxNumber)
    }
}
