import ExampleDomain
import Foundation
import Taxiway
import Testing

/// Validation happens before any SQL: an invalid create, bulk create or update throws `ValidationError`
/// listing every violated rule (the spec's, then the business rules given to the repository) and sends
/// no statement at all.
@Suite("Validation before SQL")
struct ValidationTests {
    @Test("an invalid create lists every violation and sends nothing")
    func invalidCreate() async throws {
        let counting = CountingExecutor(try await RepositoryHarness.database())
        let repository = CustomerRepository(on: counting, cipher: RepositoryHarness.cipher)
        var request = Requests.customer()
        request.name = ""
        request.email = "not an email"
        request.credit = -1
        request.tags = Array(repeating: String(repeating: "x", count: 33), count: 21)
        request.website = "ftp://example.com"
        do {
            _ = try await repository.create(request)
            Issue.record("an invalid request was accepted")
        } catch let error as ValidationError {
            let fields = Set(error.issues.map(\.field))
            #expect(fields.isSuperset(of: ["name", "email", "credit", "tags", "website"]))
            #expect(error.issues.contains { $0.field == "tags" && $0.rule == "max_items" })
        }
        #expect(counting.statements == 0)
    }

    @Test("an invalid patch is refused before the update is sent; the row is unchanged")
    func invalidUpdate() async throws {
        let database = try await RepositoryHarness.database()
        let created = try await ProductRepository(on: database).create(Requests.product())
        let counting = CountingExecutor(database)
        let repository = ProductRepository(on: counting)
        let patch = ProductPatch(expectedVersion: created.version).setting(\.name, to: "").setting(\.stock, to: -1).setting(\.weightKg, to: 1000.6).setting(\.embedding, to: [1])
        do {
            _ = try await repository.update(id: created.id, patch)
            Issue.record("an invalid patch was accepted")
        } catch let error as ValidationError {
            #expect(error.issues.map(\.field) == ["name", "stock", "weight_kg", "embedding"])
        }
        #expect(counting.statements == 0)
        #expect(try await repository.get(id: created.id) == created)
    }

    @Test("business rules given to the repository run after the spec's, on create and update, before SQL")
    func businessRules() async throws {
        let database = try await RepositoryHarness.database()
        let counting = CountingExecutor(database)
        let noFreeLunch = ValidationRule<OrderLineCreate>(field: "unit_price", rule: "positive") { line in
            line.unitPrice > 0 ? nil : "must be more than zero"
        }
        let noBulkDiscount = ValidationRule<OrderLinePatch>(field: "discounts", rule: "single") { patch in
            (patch[\.discounts].newValue?.count ?? 0) > 1 ? "at most one discount per line" : nil
        }
        let repository = OrderLineRepository(on: counting, createRules: [noFreeLunch], updateRules: [noBulkDiscount])
        var request = Requests.orderLine()
        request.unitPrice = 0
        request.quantity = 0
        do {
            _ = try await repository.create(request)
            Issue.record("the rule was not applied")
        } catch let error as ValidationError {
            #expect(error.issues.map(\.rule) == ["minimum", "positive"])
        }
        #expect(counting.statements == 0)

        let line = try await repository.create(Requests.orderLine())
        let sent = counting.statements
        await #expect(throws: ValidationError.self) {
            try await repository.update(id: line.id, OrderLinePatch(expectedVersion: line.version).setting(\.discounts, to: [0.1, 0.2]))
        }
        #expect(counting.statements == sent)
    }

    @Test("bulk create with one invalid request inserts nothing and reports [i].field")
    func bulkCreateOneInvalid() async throws {
        let database = try await RepositoryHarness.database()
        let counting = CountingExecutor(database)
        let repository = CustomerRepository(on: counting, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var requests = (0..<7).map { _ in Requests.customer(manager: manager) }
        requests[4].email = "broken"
        requests[4].credit = -5
        do {
            _ = try await repository.create(requests, batchSize: 2)
            Issue.record("an invalid batch was accepted")
        } catch let error as ValidationError {
            #expect(error.issues.map(\.field) == ["[4].email", "[4].credit"])
            #expect(error.issues.map(\.rule) == ["format", "minimum"])
        }
        #expect(counting.statements == 0)
        #expect(try await repository.count(where: { $0.accountManagerID == manager }, includeDeleted: true) == 0)
    }

    @Test("bulk create reports violations of several requests at once, in request order")
    func bulkCreateSeveralInvalid() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        var requests = (0..<4).map { _ in Requests.product() }
        requests[3].sku = "lower case"
        requests[1].name = ""
        requests[1].price = -1
        do {
            _ = try await repository.create(requests)
            Issue.record("an invalid batch was accepted")
        } catch let error as ValidationError {
            #expect(error.issues.map(\.field) == ["[1].name", "[1].price", "[3].sku"])
        }
        for request in requests {
            #expect(try await repository.find(bySku: request.sku) == nil)
        }
    }
}
