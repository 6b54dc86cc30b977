import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// The hand-written baseline of the repository benchmark: the customer statements the generated
/// `CustomerRepository` runs, with the same SQL text, written directly on PostgresNIO's pooled client the
/// way a careful person would: `PostgresQuery` string interpolation binds every value, rows are decoded
/// as tuples, the sensitive field is sealed and opened with the same cipher. No validation, no error
/// mapping, no logging context: only what the statement needs.
struct HandWrittenCustomers: Sendable {
    /// The pool the generated repository uses too.
    let client: PostgresClient
    /// Seals and opens `tax_number`.
    let cipher: FieldCipher
    /// PostgresNIO's logger for these statements.
    let logger: Logger

    /// The columns of a customer row, in `SELECT` order (as the generated repository reads them).
    typealias Row = HandWrittenQueries.CustomerRow

    /// Raised when a statement that must return a row returned none.
    struct NoRow: Error {}

    /// `INSERT … RETURNING …`, as `CustomerRepository.create(_:)` sends it.
    func create(_ request: CustomerCreate) async throws -> Customer {
        // The key is made here, as the generated repository makes it: the sealed value is bound to it.
        let id = UUID()
        let taxNumber = try request.taxNumber.map { try cipher.seal($0, for: HandWrittenQueries.taxNumber, row: id) }
        let phone = try request.phone.map { try cipher.seal($0, for: HandWrittenQueries.phone, row: id) }
        let phoneLookup = try request.phone.map { try cipher.lookupDigest(of: $0, for: HandWrittenQueries.phone) }
        let rows = try await client.query(
            "INSERT INTO customers (customer_id, name, email, status, credit, tags, website, tax_number, phone, phone_lookup, account_manager_id) VALUES (\(id), \(request.name), \(request.email), \(request.status.rawValue), \(request.credit), \(request.tags), \(request.website), \(taxNumber), \(phone), \(phoneLookup), \(request.accountManagerID)) RETURNING customer_id, name, email, status, credit, tags, website, tax_number, phone, account_manager_id, created_at, updated_at, deleted_at, version",
            logger: logger)
        for try await row in rows.decode(Row.self) {
            return try customer(row)
        }
        throw NoRow()
    }

    /// `SELECT … WHERE customer_id = $1 AND deleted_at IS NULL`, as `CustomerRepository.find(id:)` sends it.
    func get(id: UUID) async throws -> Customer {
        let rows = try await client.query(
            "SELECT customer_id, name, email, status, credit, tags, website, tax_number, phone, account_manager_id, created_at, updated_at, deleted_at, version FROM customers WHERE customer_id = \(id) AND deleted_at IS NULL",
            logger: logger)
        for try await row in rows.decode(Row.self) {
            return try customer(row)
        }
        throw NoRow()
    }

    /// The guarded `UPDATE … RETURNING …` that `CustomerRepository.update(id:_:)` sends for a patch of
    /// `name` and `credit`.
    func update(id: UUID, expectedVersion: Int32, name: String, credit: Decimal?) async throws -> Customer {
        let rows = try await client.query(
            "UPDATE customers SET name = \(name), credit = \(credit), updated_at = now(), version = version + 1 WHERE customer_id = \(id) AND version = \(expectedVersion) AND deleted_at IS NULL RETURNING customer_id, name, email, status, credit, tags, website, tax_number, phone, account_manager_id, created_at, updated_at, deleted_at, version",
            logger: logger)
        for try await row in rows.decode(Row.self) {
            return try customer(row)
        }
        throw NoRow()
    }

    /// Multi-row `INSERT … VALUES ($1, …, $8), ($9, …) RETURNING …`, `batchSize` rows per statement: the
    /// usual hand-written bulk insert (and what the generated repository did before its unnest path).
    func createMany(_ requests: [CustomerCreate], batchSize: Int) async throws -> [Customer] {
        var stored: [Customer] = []
        stored.reserveCapacity(requests.count)
        for start in stride(from: 0, to: requests.count, by: batchSize) {
            let batch = requests[start..<min(start + batchSize, requests.count)]
            var sql = "INSERT INTO customers (customer_id, name, email, status, credit, tags, website, tax_number, account_manager_id) VALUES "
            var bindings = PostgresBindings(capacity: batch.count * 9)
            for (index, request) in batch.enumerated() {
                let first = index * 9
                sql += index == 0 ? "(" : ", ("
                sql += (1...9).map { "$\(first + $0)" }.joined(separator: ", ") + ")"
                let id = UUID()
                bindings.append(id)
                bindings.append(request.name)
                bindings.append(request.email)
                bindings.append(request.status.rawValue)
                try bindings.append(request.credit)
                bindings.append(request.tags)
                bindings.append(request.website)
                bindings.append(try request.taxNumber.map { try cipher.seal($0, for: HandWrittenQueries.taxNumber, row: id) })
                bindings.append(request.accountManagerID)
            }
            sql += " RETURNING customer_id, name, email, status, credit, tags, website, tax_number, phone, account_manager_id, created_at, updated_at, deleted_at, version"
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await row in rows.decode(Row.self) {
                stored.append(try customer(row))
            }
        }
        return stored
    }

    private func customer(_ row: Row) throws -> Customer {
        try HandWrittenQueries.customer(row, cipher: cipher)
    }
}

/// A `DatabaseExecutor` on PostgresNIO's pool with nothing around it: a leased connection per statement
/// (`PostgresClient.withConnection`), errors mapped as Taxiway maps them, no connection-wait timeout and no
/// per-statement logging context. The benchmark runs the generated repository on it too, to tell what the
/// generated code costs from what Taxiway's `Database` executor adds.
struct BarePoolExecutor: DatabaseExecutor {
    /// The pool the other sides use too.
    let client: PostgresClient
    /// PostgresNIO's logger for these statements.
    let logger: Logger

    func query(_ query: PostgresQuery, logger: Logger?) async throws -> PostgresRowSequence {
        try await client.query(query, logger: logger ?? self.logger)
    }

    @discardableResult
    func run(_ query: PostgresQuery, context: QueryContext) async throws -> PostgresQueryResult {
        do {
            return try await client.withConnection { connection in
                try await connection.query(query, logger: logger).get()
            }
        } catch {
            throw DatabaseErrorMapper.map(error, entity: context.entity, uniqueFields: context.uniqueFields)
        }
    }
}
