import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// The repository benchmark: the generated `CustomerRepository` against a hand-written PostgresNIO
/// baseline running the same statements on the same pool (single-row create, get and update), and its
/// bulk insert (`create(_:batchSize:)`) against `COPY … FROM STDIN` and a hand-written multi-row `VALUES`.
///
/// Needs `TAXIWAY_TEST_DATABASE_URL` (run it under `scripts/with-test-databases`); it creates a fresh
/// database there with `Generated/SQL/schema.sql`. Both sides of a comparison run in the same run,
/// interleaved (single-row operations alternate in chunks, bulk inserts alternate which goes first), so a
/// machine whose load changes during the benchmark slows both alike; each ratio is the median of the
/// per-run ratios.
enum RepositoryBenchmark {
    /// The settings of one benchmark invocation.
    struct Options {
        /// Single-row operations of each kind per side per run; the bulk inserts write ten times as many rows.
        var rows = 2000
        /// Runs; the table shows medians.
        var runs = 5
        /// Rows per statement of `create(_:batchSize:)`.
        var batchSize = 2000
    }

    /// What one run measured: operations (or rows) per second, by figure name.
    typealias RunSample = [String: Double]

    /// Single-row operations alternate between the sides in chunks of this many.
    static let chunk = 50

    static func run(_ options: Options) async throws {
        let database = try await BenchDatabase.open(suite: "repository")
        let cipher = TestCipher.shared
        let logger = Logger(label: "taxigen-bench.repository")
        let generated = CustomerRepository(on: database, cipher: cipher)
        let barePool = CustomerRepository(on: BarePoolExecutor(client: database.client, logger: logger), cipher: cipher)
        let baseline = HandWrittenCustomers(client: database.client, cipher: cipher, logger: logger)
        let version = try await serverVersion(database)

        // Warm up every path (connections, caches, first-use allocations) before measuring.
        try await truncate(database)
        _ = try await singleRowOps(count: 200, generated: generated, barePool: barePool, baseline: baseline)
        for side in BulkSide.allCases {
            try await truncate(database)
            _ = try await bulkInsert(side, makeRequests(2000), options: options, database: database,
                                     generated: generated, baseline: baseline)
        }

        // The typed queries read a filled table; they are measured first, on data of their own.
        try await truncate(database)
        let queryData = try await QueryBenchmark.prepare(database: database, customers: generated)
        let queries = HandWrittenQueries(client: database.client, cipher: cipher, logger: logger)
        _ = try await QueryBenchmark.run(queryData, database: database, baseline: queries)
        var querySamples: [RunSample] = []
        for _ in 0..<options.runs {
            querySamples.append(try await QueryBenchmark.run(queryData, database: database, baseline: queries))
        }
        try await database.execute("TRUNCATE products")

        var samples: [RunSample] = []
        for run in 0..<options.runs {
            try await truncate(database)
            var sample = try await singleRowOps(count: options.rows, generated: generated, barePool: barePool,
                                                baseline: baseline)
            let sides = run % 2 == 0 ? BulkSide.allCases : BulkSide.allCases.reversed()
            for side in sides {
                try await truncate(database)
                let requests = makeRequests(options.rows * 10)
                let seconds = try await bulkInsert(side, requests, options: options, database: database,
                                                   generated: generated, baseline: baseline)
                sample["bulk.\(side)"] = Double(requests.count) / seconds
                try await verifyBulk(requests, repository: generated)
            }
            sample.merge(querySamples[run]) { first, _ in first }
            samples.append(sample)
            FileHandle.standardError.write(Data("run \(run + 1)/\(options.runs) done\n".utf8))
        }
        try await truncate(database)
        printTable(samples, options: options, serverVersion: version)
    }

    /// Who runs the single-row statements.
    enum SingleRowSide: String, CaseIterable {
        /// The generated `CustomerRepository` on Taxiway's `Database` (the pooled client behind its
        /// connection-wait timeout): what an application uses.
        case generated
        /// The same generated repository on `BarePoolExecutor` (PostgresNIO's pool, no wait timeout, no
        /// per-statement logging): what the repository code itself costs, without Taxiway's executor.
        case generatedBarePool
        /// The hand-written PostgresNIO baseline.
        case baseline
    }

    /// Creates, then reads, then updates `count` customers one statement at a time on each side, the sides
    /// taking turns every `chunk` operations (in a rotating order); returns operations per second for each
    /// side and kind (`generated.create`, `baseline.get`, …).
    static func singleRowOps(count: Int, generated: CustomerRepository, barePool: CustomerRepository,
                             baseline: HandWrittenCustomers) async throws -> RunSample {
        let sides = SingleRowSide.allCases
        var seconds: [String: Double] = [:]
        var stored: [SingleRowSide: [Customer]] = [:]
        var requests: [SingleRowSide: [CustomerCreate]] = [:]
        for side in sides {
            requests[side] = makeRequests(count)
            stored[side] = []
        }

        /// Runs `body` for chunk after chunk of indexes, each side in turn, rotating which side goes first.
        func interleaved(_ kind: String, _ body: (_ side: SingleRowSide, _ indexes: Range<Int>) async throws -> Void) async throws {
            for (number, start) in stride(from: 0, to: count, by: chunk).enumerated() {
                let indexes = start..<min(start + chunk, count)
                for offset in sides.indices {
                    let side = sides[(number + offset) % sides.count]
                    let elapsed = try await time { try await body(side, indexes) }
                    seconds["\(side.rawValue).\(kind)", default: 0] += elapsed
                }
            }
        }

        try await interleaved("create") { side, indexes in
            for index in indexes {
                let request = requests[side]![index]
                let customer = switch side {
                case .generated: try await generated.create(request)
                case .generatedBarePool: try await barePool.create(request)
                case .baseline: try await baseline.create(request)
                }
                stored[side]!.append(customer)
            }
        }
        try await interleaved("get") { side, indexes in
            for index in indexes {
                let id = stored[side]![index].id
                let customer = switch side {
                case .generated: try await generated.get(id: id)
                case .generatedBarePool: try await barePool.get(id: id)
                case .baseline: try await baseline.get(id: id)
                }
                precondition(customer.version == 1)
            }
        }
        try await interleaved("update") { side, indexes in
            for index in indexes {
                let customer = stored[side]![index]
                let name = customer.name + " (renamed)"
                let credit = Decimal(index % 500) + Decimal(sign: .plus, exponent: -2, significand: 25)
                let patch = CustomerPatch(expectedVersion: customer.version).setting(\.name, to: name).setting(\.credit, to: credit)
                let updated = switch side {
                case .generated: try await generated.update(id: customer.id, patch)
                case .generatedBarePool: try await barePool.update(id: customer.id, patch)
                case .baseline: try await baseline.update(id: customer.id, expectedVersion: customer.version, name: name, credit: credit)
                }
                precondition(updated.version == customer.version + 1 && updated.credit == credit)
            }
        }
        return seconds.mapValues { Double(count) / $0 }
    }

    /// The ways of inserting many rows that the benchmark compares.
    enum BulkSide: String, CaseIterable, CustomStringConvertible {
        /// The generated `create(_:batchSize:)`: `INSERT … SELECT … FROM unnest($1::text[], …) RETURNING …`.
        case repository
        /// `COPY customers (…) FROM STDIN` in text format through PostgresNIO's `copyFrom`.
        case copy
        /// A hand-written multi-row `INSERT … VALUES (…), (…) RETURNING …`, 500 rows per statement (what the
        /// generated repository did before the unnest path).
        case values

        var description: String { rawValue }
    }

    /// Inserts `requests` one way and returns the seconds it took.
    static func bulkInsert(_ side: BulkSide, _ requests: [CustomerCreate], options: Options, database: Database,
                           generated: CustomerRepository, baseline: HandWrittenCustomers) async throws -> Double {
        switch side {
        case .repository:
            return try await time { _ = try await generated.create(requests, batchSize: options.batchSize) }
        case .copy:
            return try await time {
                try await CustomerCopy.copy(requests, client: database.client, cipher: baseline.cipher, logger: baseline.logger)
            }
        case .values:
            return try await time { _ = try await baseline.createMany(requests, batchSize: 500) }
        }
    }

    /// Customers with a realistic mix of values: text, a unique email, an enum, a decimal, a small text
    /// array, a URL, a sensitive tax number, and a reference shared by a few rows.
    static func makeRequests(_ count: Int) -> [CustomerCreate] {
        let managers = (0..<16).map { _ in UUID() }
        let statuses = Customer.Status.allCases
        return (0..<count).map { index in
            let n = TestSequence.next()
            return CustomerCreate(
                name: "Customer \(n) Ltd.", email: "customer\(n)@example.com", status: statuses[index % statuses.count],
                credit: index % 5 == 0 ? nil : Decimal(n % 100_000) / 100, tags: index % 3 == 0 ? [] : ["vip", "eu-west"],
                website: index % 4 == 0 ? nil : "https://example.com/customers/\(n)",
                taxNumber: index % 2 == 0 ? "GB\(100_000_000 + n)" : nil,
                accountManagerID: managers[index % managers.count])
        }
    }

    /// Checks, outside the timing, that a bulk insert stored every request as given.
    static func verifyBulk(_ requests: [CustomerCreate], repository: CustomerRepository) async throws {
        let stored = try await repository.count()
        precondition(stored == requests.count, "the bulk insert stored \(stored) of \(requests.count) rows")
        for request in [requests[0], requests[requests.count / 2], requests[requests.count - 1]] {
            guard let row = try await repository.find(byEmail: request.email) else { preconditionFailure("row missing") }
            precondition(row.name == request.name && row.status == request.status && row.credit == request.credit
                         && row.tags == request.tags && row.website == request.website && row.taxNumber == request.taxNumber
                         && row.accountManagerID == request.accountManagerID, "the bulk insert changed a row")
        }
    }

    /// The seconds `body` took.
    static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func truncate(_ database: Database) async throws {
        try await database.execute("TRUNCATE customers")
    }

    static func serverVersion(_ database: Database) async throws -> String {
        let rows = try await database.fetchAll("SHOW server_version", context: QueryContext(operation: "bench", table: "-"))
        return try rows.first?.decode(String.self) ?? "?"
    }

    static func printTable(_ samples: [RunSample], options: Options, serverVersion: String) {
        func median(_ name: String) -> Double { Measurement.median(samples.compactMap { $0[name] }) }
        func ratio(_ ours: String, _ theirs: String) -> String {
            let ratios = samples.compactMap { sample in sample[ours].flatMap { a in sample[theirs].map { a / $0 } } }
            let sorted = ratios.sorted()
            return String(format: "%.2f× (%.2f–%.2f)", Measurement.median(ratios), sorted.first ?? 0, sorted.last ?? 0)
        }
        func rate(_ value: Double) -> String { String(format: "%.0f", value) }
        print("| operation | generated repository | compared with | its rate | ratio: median (min–max) | target |")
        print("|---|---:|---|---:|---:|---:|")
        for operation in ["create", "get", "update"] {
            print("| \(operation), one row per statement (ops/s) | \(rate(median("generated." + operation))) | hand-written PostgresNIO | "
                  + "\(rate(median("baseline." + operation))) | \(ratio("generated." + operation, "baseline." + operation)) | ≥ 0.90× |")
        }
        for operation in ["create", "get", "update"] {
            print("| \(operation) by the generated repository on a bare pool executor (ops/s) | "
                  + "\(rate(median("generatedBarePool." + operation))) | hand-written PostgresNIO | "
                  + "\(rate(median("baseline." + operation))) | \(ratio("generatedBarePool." + operation, "baseline." + operation)) | |")
        }
        let queries = [("page", "a filtered keyset page (20 of a manager's active customers, newest first)"),
                       ("batchGet", "a batch get of 100 keys (`find(ids:)`)"),
                       ("nearest", "10 nearest products by cosine distance with a condition")]
        for (operation, title) in queries {
            print("| \(title) (ops/s) | \(rate(median("generated." + operation))) | hand-written PostgresNIO, same SQL | "
                  + "\(rate(median("baseline." + operation))) | \(ratio("generated." + operation, "baseline." + operation)) | ≥ 0.90× |")
        }
        let bulk = "bulk insert `create(_:batchSize: \(options.batchSize))` (rows/s)"
        print("| \(bulk) | \(rate(median("bulk.repository"))) | COPY FROM STDIN (`copyFrom`, text format) | "
              + "\(rate(median("bulk.copy"))) | \(ratio("bulk.repository", "bulk.copy")) | ≥ 0.50× |")
        print("| \(bulk) | \(rate(median("bulk.repository"))) | hand-written multi-row VALUES, 500 rows per statement | "
              + "\(rate(median("bulk.values"))) | \(ratio("bulk.repository", "bulk.values")) | |")
        print("| multi-row VALUES, 500 rows per statement (rows/s) | \(rate(median("bulk.values"))) | COPY FROM STDIN | "
              + "\(rate(median("bulk.copy"))) | \(ratio("bulk.values", "bulk.copy")) | |")
        print("\nCustomer rows (8 written columns: varchar, email, enum, numeric, varchar[], url, sealed bytea, uuid; "
              + "13 read back); \(options.rows) single-row operations of each kind and \(options.rows * 10) bulk rows "
              + "per side per run; medians of \(options.runs) runs; PostgreSQL \(serverVersion).")
    }
}
