import Foundation
import GoldenDomain
import Logging
import PostgresNIO
import Taxiway
import TaxiwayTesting
import TenancyDomain

/// What the traits of issue 15 cost, end to end through the generated repositories on a real server:
///
/// - **history**: `RoyaltyPaymentRepository.create` and `update` (the golden fixture, `history: true`) with the
///   recording trigger enabled against the same table with it disabled (`ALTER TABLE … DISABLE TRIGGER`,
///   switched between chunks, outside the timed part);
/// - **tenancy**: `WorkItemRepository.get(id:)` (the tenancy fixture) through an application role, where
///   row-level security applies, against the owner (a superuser, which row-level security does not apply to),
///   both as a caller with one tenant; and through the application role with a different tenant on every get
///   (each lease then sets the session's tenant: one more round trip), per get against the owner's.
///
/// The sides take turns every 50 operations, rotating which goes first; each ratio is the median of the
/// per-run ratios.
enum TraitsBenchmark {
    static let chunk = 50

    static func run(rows: Int, runs: Int) async throws {
        let history = try await historyRatios(rows: rows, runs: runs)
        let tenancy = try await tenancyRatios(gets: rows, runs: runs)
        print("| operation | sides | ratio: median (min–max) | target |")
        print("|---|---|---:|---:|")
        print("| create (`RoyaltyPaymentRepository.create`) | history on / off | \(history.create) | ≤ 1.5× |")
        print("| update (`RoyaltyPaymentRepository.update`) | history on / off | \(history.update) | ≤ 1.5× |")
        print("| get (`WorkItemRepository.get(id:)`), one tenant | application role (RLS) / owner (no RLS) | \(tenancy.same) | ≤ 1.1× |")
        print("| get, the tenant changing on every get | application role (RLS), one more round trip per get / owner (no RLS), one tenant | \(tenancy.switching) | |")
        print("\n\(rows) operations per side per run, medians of \(runs) runs; ratios are time with / time without.")
    }

    static func summary(_ ratios: [Double]) -> String {
        let sorted = ratios.sorted()
        return String(format: "%.3f× (%.3f–%.3f)", Measurement.median(sorted), sorted.first ?? 0, sorted.last ?? 0)
    }

    // MARK: History

    static func historyRatios(rows: Int, runs: Int) async throws -> (create: String, update: String) {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/Golden/SQL/schema.sql").standardizedFileURL.path
        let database = try await TestDatabase.shared(schemaAt: schema)
        let repository = RoyaltyPaymentRepository(on: database, cipher: TestCipher.shared)
        var counter = 0
        func request() -> RoyaltyPaymentCreate {
            counter += 1
            return RoyaltyPaymentCreate(authorID: UUID(), amount: Decimal(counter % 10_000) / 100, memo: "royalty \(counter)",
                                        iban: counter % 2 == 0 ? "DE89370400440532013000" : nil, reference: "REF-\(counter)")
        }
        func setHistory(_ on: Bool) async throws {
            try await database.execute(PostgresQuery(unsafeSQL:
                "ALTER TABLE royalty_payments \(on ? "ENABLE" : "DISABLE") TRIGGER trg_royalty_payments_history"))
        }
        /// Creates then updates `count` rows; returns the seconds each took.
        func measure(_ count: Int) async throws -> (create: Double, update: Double) {
            var created: [RoyaltyPayment] = []
            let create = try await RepositoryBenchmark.time {
                for _ in 0..<count { created.append(try await repository.create(request())) }
            }
            let update = try await RepositoryBenchmark.time {
                for payment in created {
                    _ = try await repository.update(id: payment.id, RoyaltyPaymentPatch(expectedVersion: payment.version).setting(\.status, to: .paid))
                }
            }
            return (create, update)
        }
        // Warm up both sides.
        for on in [true, false] {
            try await setHistory(on)
            _ = try await measure(200)
        }
        var createRatios: [Double] = []
        var updateRatios: [Double] = []
        for run in 0..<runs {
            var seconds: [Bool: (create: Double, update: Double)] = [true: (0, 0), false: (0, 0)]
            for (number, _) in stride(from: 0, to: rows, by: chunk).enumerated() {
                for on in (number + run) % 2 == 0 ? [true, false] : [false, true] {
                    try await setHistory(on)
                    let measured = try await measure(chunk)
                    seconds[on]!.create += measured.create
                    seconds[on]!.update += measured.update
                }
            }
            createRatios.append(seconds[true]!.create / seconds[false]!.create)
            updateRatios.append(seconds[true]!.update / seconds[false]!.update)
            FileHandle.standardError.write(Data("history run \(run + 1)/\(runs) done\n".utf8))
        }
        try await setHistory(true)
        return (summary(createRatios), summary(updateRatios))
    }

    // MARK: Tenancy

    static func tenancyRatios(gets: Int, runs: Int) async throws -> (same: String, switching: String) {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/Tenancy/Generated/SQL/schema.sql")
            .standardizedFileURL.path
        let owner = try await TestDatabase.shared(schemaAt: schema)
        let name = try await owner.fetchOne("SELECT current_database()", context: QueryContext(operation: "bench", table: "-"))!
            .decode(String.self)
        let role = "bench_app_" + name.suffix(8)
        try await owner.execute(PostgresQuery(unsafeSQL: """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                    CREATE ROLE \(role) LOGIN PASSWORD 'bench' NOSUPERUSER NOBYPASSRLS;
                END IF;
            END $$
            """))
        try await owner.execute(PostgresQuery(unsafeSQL: "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)"))
        var url = URLComponents(string: ProcessInfo.processInfo.environment[TestDatabase.environmentVariable]!)!
        url.path = "/" + name
        url.user = role
        url.password = "bench"
        let app = try Database(url: url.string!, logger: Logger(label: "taxigen-bench.traits"))
        Task.detached { await app.run() }

        // Rows of 8 tenants, written by the owner as each tenant.
        let tenants = (0..<8).map { _ in UUID() }
        var rows: [(id: UUID, tenant: UUID)] = []
        for (index, tenant) in tenants.enumerated() {
            // Codes are unique per tenant, so every tenant has TASK-0, TASK-1, …
            let requests = (0..<(gets / tenants.count)).map {
                WorkItemCreate(projectID: UUID(), title: "Item \(index).\($0)", code: "TASK-\($0)")
            }
            let stored = try await Caller.$current.withValue(Caller(tenant: tenant)) {
                try await WorkItemRepository(on: owner).create(requests)
            }
            rows += stored.map { ($0.id, tenant) }
        }
        rows.shuffle()
        let oneTenant = rows.filter { $0.tenant == tenants[0] }.map(\.id)

        func getsOfOneTenant(_ database: Database, _ ids: ArraySlice<UUID>) async throws {
            try await Caller.$current.withValue(Caller(principal: "bench", tenant: tenants[0])) {
                let repository = WorkItemRepository(on: database)
                for id in ids {
                    let item = try await repository.get(id: id)
                    precondition(item.id == id)
                }
            }
        }
        /// Gets every row of `slice` as its own tenant, skipping a row of the same tenant as the one before, so
        /// that every get switches; returns the number of gets.
        func getsSwitching(_ database: Database, _ slice: ArraySlice<(id: UUID, tenant: UUID)>) async throws -> Int {
            let repository = WorkItemRepository(on: database)
            var previous: UUID?
            var count = 0
            for row in slice where row.tenant != previous {
                previous = row.tenant
                count += 1
                try await Caller.$current.withValue(Caller(principal: "bench", tenant: row.tenant)) {
                    let item = try await repository.get(id: row.id)
                    precondition(item.id == row.id)
                }
            }
            return count
        }
        for database in [owner, app] { try await getsOfOneTenant(database, oneTenant.prefix(100)[...]) }
        _ = try await getsSwitching(app, rows.prefix(200)[...])
        var sameRatios: [Double] = []
        var switchingRatios: [Double] = []
        for run in 0..<runs {
            // Seconds per get: the owner with one tenant (no row-level security, the session's tenant already set)
            // is the side without tenancy's costs.
            var perGet: [String: (seconds: Double, gets: Int)] = [:]
            for (number, start) in stride(from: 0, to: oneTenant.count, by: chunk).enumerated() {
                let ids = oneTenant[start..<min(start + chunk, oneTenant.count)]
                let slice = rows[(start * 8) % rows.count..<min((start * 8) % rows.count + chunk, rows.count)]
                for offset in 0..<3 {
                    switch (number + run + offset) % 3 {
                    case 0:
                        perGet["owner", default: (0, 0)].seconds += try await RepositoryBenchmark.time { try await getsOfOneTenant(owner, ids) }
                        perGet["owner"]!.gets += ids.count
                    case 1:
                        perGet["app", default: (0, 0)].seconds += try await RepositoryBenchmark.time { try await getsOfOneTenant(app, ids) }
                        perGet["app"]!.gets += ids.count
                    default:
                        var count = 0
                        perGet["switching", default: (0, 0)].seconds += try await RepositoryBenchmark.time {
                            count = try await getsSwitching(app, slice)
                        }
                        perGet["switching"]!.gets += count
                    }
                }
            }
            func seconds(_ side: String) -> Double { perGet[side]!.seconds / Double(perGet[side]!.gets) }
            sameRatios.append(seconds("app") / seconds("owner"))
            switchingRatios.append(seconds("switching") / seconds("owner"))
            FileHandle.standardError.write(Data("tenancy run \(run + 1)/\(runs) done\n".utf8))
        }
        return (summary(sameRatios), summary(switchingRatios))
    }
}
