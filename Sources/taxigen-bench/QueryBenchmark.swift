import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// The typed-query part of the repository benchmark: the generated repository's filtered keyset page,
/// batch get of 100 keys and nearest-neighbour search with a condition, against hand-written PostgresNIO
/// sending the same SQL text on the same pool and decoding the same rows.
enum QueryBenchmark {
    /// Operations of each kind per side per run.
    static let operations = 500

    /// What the queries read: customers spread over 16 account managers, and products with embeddings.
    struct Data {
        let managers: [UUID]
        let customers: [UUID]
        let vectors: [[Float]]
    }

    /// Fills the tables once (outside the timing).
    static func prepare(database: Database, customers: CustomerRepository) async throws -> Data {
        let stored = try await customers.create(RepositoryBenchmark.makeRequests(20_000), batchSize: 2000)
        let managers = Array(Set(stored.compactMap(\.accountManagerID))).sorted { $0.uuidString < $1.uuidString }
        let products = ProductRepository(on: database)
        var generator = SystemRandomNumberGenerator()
        let vectors = (0..<5000).map { _ in (0..<8).map { _ in Float.random(in: -1...1, using: &generator) } }
        _ = try await products.create(vectors.enumerated().map { index, vector in
            ProductCreate(sku: "BENCH-\(index)-\(UUID().uuidString.prefix(8))", name: "Product \(index)",
                          visibility: Product.Visibility.allCases[index % 3], embedding: vector)
        }, batchSize: 2000)
        try await database.execute("ANALYZE customers")
        try await database.execute("ANALYZE products")
        return Data(managers: managers, customers: stored.map(\.id), vectors: vectors)
    }

    /// Runs every query kind on both sides, alternating in chunks; returns operations per second by
    /// `generated.page`, `baseline.page`, … .
    static func run(_ data: Data, database: Database, baseline: HandWrittenQueries) async throws -> RepositoryBenchmark.RunSample {
        let customers = CustomerRepository(on: database, cipher: baseline.cipher)
        let products = ProductRepository(on: database)
        var seconds: [String: Double] = [:]
        func timed(_ name: String, _ body: () async throws -> Void) async throws {
            seconds[name, default: 0] += try await RepositoryBenchmark.time(body)
        }
        let chunk = 50
        for start in stride(from: 0, to: operations, by: chunk) {
            let indexes = start..<min(start + chunk, operations)
            let generatedFirst = (start / chunk) % 2 == 0
            for generated in generatedFirst ? [true, false] : [false, true] {
                let side = generated ? "generated" : "baseline"
                try await timed("\(side).page") {
                    for index in indexes {
                        let manager = data.managers[index % data.managers.count]
                        let count = if generated {
                            try await customers.list(where: { $0.accountManagerID == manager && $0.status == .active },
                                                     orderBy: { [$0.createdAt.descending()] },
                                                     after: KeysetPageRequest(limit: 20)).items.count
                        } else {
                            try await baseline.page(manager: manager, status: "active", limit: 20).count
                        }
                        precondition(count == 20)
                    }
                }
                try await timed("\(side).batchGet") {
                    for index in indexes {
                        let start = (index * 100) % (data.customers.count - 100)
                        let ids = Array(data.customers[start..<start + 100])
                        let count = generated ? try await customers.find(ids: ids).count
                            : try await baseline.batchGet(ids).count
                        precondition(count == 100)
                    }
                }
                try await timed("\(side).nearest") {
                    for index in indexes {
                        let target = data.vectors[(index * 7) % data.vectors.count]
                        let count = if generated {
                            try await products.nearest(to: target, on: { $0.embedding }, limit: 10,
                                                       where: { $0.visibility == .public }).count
                        } else {
                            try await baseline.nearest(target, visibility: "public", limit: 10).count
                        }
                        precondition(count > 0)
                    }
                }
            }
        }
        return seconds.mapValues { Double(operations) / $0 }
    }
}

/// The hand-written side of the query benchmark: the statements the generated repository sends, with the
/// same SQL text, on PostgresNIO's pool; customers decoded as the baseline decodes them, products as tuples.
struct HandWrittenQueries: Sendable {
    let client: PostgresClient
    let cipher: FieldCipher
    let logger: Logger

    /// `tax_number` as the generated repository seals it (bound to the table, column and row).
    static let taxNumber = SealedField(table: "customers", column: "tax_number", formerColumns: ["tax_id", "tax_code"],
                                       isNullable: true)
    /// `phone` as the generated repository seals it.
    static let phone = SealedField(table: "customers", column: "phone", lookup: .exact, isNullable: true)

    /// The columns of a customer row, in `SELECT` order.
    typealias CustomerRow = (UUID, String, String, String, Decimal?, [String], String?, Bytea?, Bytea?, UUID?, Date, Date,
                             Date?, Int32)

    /// Decodes customer rows as tuples and opens their sealed values.
    func decodeCustomers(_ rows: PostgresRowSequence) async throws -> [Customer] {
        var customers: [Customer] = []
        for try await row in rows.decode(CustomerRow.self) {
            customers.append(try Self.customer(row, cipher: cipher))
        }
        return customers
    }

    /// One decoded customer row, its sealed values opened.
    static func customer(_ row: CustomerRow, cipher: FieldCipher) throws -> Customer {
        guard let status = Customer.Status(rawValue: row.3) else { throw HandWrittenCustomers.NoRow() }
        let fields = CustomerCreate(
            name: row.1, email: row.2, status: status, credit: row.4, tags: row.5, website: row.6,
            taxNumber: try row.7.map { try cipher.open($0, for: taxNumber, row: row.0) },
            phone: try row.8.map { try cipher.open($0, for: phone, row: row.0) },
            accountManagerID: row.9)
        return Customer(fieldValues: fields, rowMetadata: StoredRowMetadata(
            id: row.0, createdAt: row.10, updatedAt: row.11, deletedAt: row.12, version: row.13))
    }

    /// The select list of products (as `ProductTable.schema.select`).
    static let productSelect = "SELECT product_id, sku, name, details, price, stock, weight_kg, \"order\", visibility, attributes, embedding::real[], created_at, updated_at, deleted_at, version FROM products"

    /// The select list of customers (as `CustomerTable.schema.select`).
    static let customerSelect = "SELECT customer_id, name, email, status, credit, tags, website, tax_number, phone, account_manager_id, created_at, updated_at, deleted_at, version FROM customers"

    /// A manager's customers of one status, newest first: a keyset page's first page.
    func page(manager: UUID, status: String, limit: Int64) async throws -> [Customer] {
        let rows = try await client.query(PostgresQuery(
            unsafeSQL: Self.customerSelect + " WHERE deleted_at IS NULL AND (account_manager_id = $1 AND status = $2) ORDER BY created_at DESC NULLS FIRST, customer_id DESC LIMIT $3",
            binds: try bindings { $0.append(manager); $0.append(status); $0.append(limit + 1) }), logger: logger)
        return Array(try await decodeCustomers(rows).prefix(Int(limit)))
    }

    /// Customers by key, in the order asked.
    func batchGet(_ ids: [UUID]) async throws -> [Customer] {
        let rows = try await client.query(PostgresQuery(
            unsafeSQL: Self.customerSelect + " WHERE customer_id = ANY($1) AND deleted_at IS NULL",
            binds: try bindings { $0.append(ids) }), logger: logger)
        let found = Dictionary(try await decodeCustomers(rows).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { found[$0] }
    }

    /// The products nearest to `vector` by cosine distance among those of one visibility, decoded whole.
    func nearest(_ vector: [Float], visibility: String, limit: Int64) async throws -> [Product] {
        let rows = try await client.query(PostgresQuery(
            unsafeSQL: Self.productSelect + " WHERE deleted_at IS NULL AND visibility = $1 AND embedding IS NOT NULL ORDER BY embedding <=> $2::vector LIMIT $3",
            binds: try bindings { $0.append(visibility); $0.append(PGVector(vector)); $0.append(limit) }), logger: logger)
        var products: [Product] = []
        typealias Row = (UUID, String, String, String?, Decimal, Int32, Double?, Int32, String, JSONValue, [Float]?, Date,
                         Date, Date?, Int32)
        for try await row in rows.decode(Row.self) {
            guard let visibility = Product.Visibility(rawValue: row.8) else { throw HandWrittenCustomers.NoRow() }
            let fields = ProductCreate(
                sku: row.1, name: row.2, details: row.3, price: row.4, stock: row.5, weightKg: row.6,
                order: row.7, visibility: visibility, attributes: row.9, embedding: row.10)
            products.append(Product(fieldValues: fields, rowMetadata: StoredRowMetadata(
                id: row.0, createdAt: row.11, updatedAt: row.12, deletedAt: row.13, version: row.14)))
        }
        return products
    }

    private func bindings(_ fill: (inout PostgresBindings) throws -> Void) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        try fill(&bindings)
        return bindings
    }
}
