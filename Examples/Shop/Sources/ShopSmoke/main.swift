import Foundation
import PostgresNIO
import Shop
import Taxiway
import TaxiwayTesting

// shop-smoke: creates, reads and updates rows through the repositories the build plugin generated, on a
// fresh database of the server TAXIWAY_TEST_DATABASE_URL names, with SQL/schema.sql applied.
// Prints each check; exits 1 on the first failure.

/// The committed DDL, found from this file so the smoke test runs from any directory.
let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../SQL/schema.sql").standardizedFileURL.path

/// A failed expectation.
struct SmokeFailure: Error, CustomStringConvertible {
    let description: String
}

/// Passes when `condition` holds; throws otherwise.
func expect(_ condition: Bool, _ what: String) throws {
    guard condition else { throw SmokeFailure(description: "expected: \(what)") }
    print("  ok  \(what)")
}

/// Passes when `body` throws an `E`.
func expectThrows<E: Error>(_ type: E.Type, _ what: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch is E {
        print("  ok  \(what)")
        return
    }
    throw SmokeFailure(description: "expected \(E.self): \(what)")
}

/// The smoke test's steps, in order.
func smoke() async throws {
    let database = try await TestDatabase.shared(schemaAt: schemaPath)
    let cipher = TestCipher.shared
    let customers = CustomerRepository(on: database, cipher: cipher)
    let products = ProductRepository(on: database)

    print("customers")
    let ada = try await customers.create(CustomerCreate(name: "Ada Lovelace", email: "ada@example.com", taxNumber: "GB-123"))
    try await expect(customers.get(id: ada.id) == ada, "a created customer reads back equal")
    try await expect(customers.find(byEmail: "ada@example.com")?.id == ada.id, "find(byEmail:) uses the unique column")
    try expect(ada.taxNumber == "GB-123" && ada.version == 1, "the sensitive tax number round-trips; version starts at 1")
    let raw = try await database.fetchOne(
        PostgresQuery(unsafeSQL: "SELECT \(Customer.columns.taxNumber) FROM \(Customer.tableName) WHERE \(Customer.columns.customerID) = $1",
                      binds: { var b = PostgresBindings(); b.append(ada.id); return b }()),
        context: QueryContext(operation: "smoke", table: Customer.tableName))
    let stored = try raw.map { try $0.decode(ByteBuffer.self) }
    try expect(stored.map { !String(buffer: $0).contains("GB-123") } ?? false, "the database holds no plaintext tax number")
    try await expectThrows(ValidationError.self, "an invalid email is refused before the database") {
        _ = try await customers.create(CustomerCreate(name: "Bad", email: "not-an-email"))
    }

    print("products")
    let lamp = try await products.create(ProductCreate(sku: "LAMP-1", name: "Desk lamp", price: Decimal(string: "24.50")!, tags: ["light"]))
    try await expect(products.get(id: lamp.id).tags == ["light"], "an array column round-trips")

    print("orders (refs to customer and product)")
    let orders = OrderRepository(on: database, createRules: [OrderRules.totalMatches(price: lamp.price)])
    let order = try await orders.create(OrderCreate(customerID: ada.id, productID: lamp.id, quantity: 2, total: Decimal(string: "49.00")!))
    try expect(order.status == .pending && order.customerID == ada.id, "an order refers to its customer, status defaults to pending")
    try await expectThrows(ValidationError.self, "a hand-written business rule refuses a wrong total") {
        _ = try await orders.create(OrderCreate(customerID: ada.id, productID: lamp.id, quantity: 3, total: Decimal(string: "1.00")!))
    }
    let paid = try await orders.update(id: order.id, OrderPatch(expectedVersion: order.version).setting(\.status, to: .paid))
    try expect(paid.status == .paid && paid.version == order.version + 1, "an update with the current version applies and bumps it")
    try await expectThrows(OptimisticLockError.self, "an update with a stale version is refused") {
        _ = try await orders.update(id: order.id, OrderPatch(expectedVersion: order.version).setting(\.status, to: .shipped))
    }
    let page = try await orders.list(where: { $0.customerID == ada.id }, page: PageRequest(limit: 10))
    try expect(page.items.map { $0.id } == [order.id], "a typed query pages through the ref's index")

    print("a unit of work")
    let second = try await database.transaction { transaction in
        let repository = OrderRepository(on: transaction)
        return try await repository.create(OrderCreate(customerID: ada.id, productID: lamp.id, total: lamp.price))
    }
    try await expect(orders.get(id: second.id) == second, "an order created in a transaction is committed")
    let deleted = try await orders.softDelete(id: second.id, expectedVersion: second.version)
    let hidden = try await orders.find(id: second.id) == nil
    try expect(deleted.isDeleted && hidden, "a soft-deleted order is hidden")
}

do {
    try await smoke()
    print("shop-smoke: every check passed")
} catch {
    FileHandle.standardError.write(Data("shop-smoke: FAILED: \(error)\n".utf8))
    exit(1)
}
