import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// The routing benchmark: what a ``Database`` with read replicas adds to a read. The generated
/// `CustomerRepository.get(id:)` through the routing database (primary + replica; the get goes to the replica)
/// against the same get through a plain `Database` on that replica, alternating in chunks of 50; it prints the
/// median time per get of each side and the median of the per-run throughput ratios (routing ÷ direct).
///
/// Needs `TAXIWAY_TEST_DATABASE_URL` and `TAXIWAY_TEST_REPLICA_DATABASE_URL` (a streaming replica of it), as
/// `scripts/with-test-databases` sets them.
enum RoutingBenchmark {
    static func run(gets: Int, runs: Int) async throws {
        guard let replicaServer = ProcessInfo.processInfo.environment["TAXIWAY_TEST_REPLICA_DATABASE_URL"],
              let primaryServer = ProcessInfo.processInfo.environment[TestDatabase.environmentVariable] else {
            FileHandle.standardError.write(Data("""
                taxigen-bench routing: TAXIWAY_TEST_DATABASE_URL and TAXIWAY_TEST_REPLICA_DATABASE_URL must be set; run it as
                  scripts/with-test-databases swift run -c release taxigen-bench routing

                """.utf8))
            exit(2)
        }
        let setup = try await BenchDatabase.open(suite: "routing")
        let name = try await setup.fetchOne("SELECT current_database()", context: QueryContext(operation: "bench", table: "-"))!
            .decode(String.self)
        func url(_ server: String) -> String {
            var components = URLComponents(string: server)!
            components.percentEncodedPath = "/" + name
            return components.string!
        }
        var logger = Logger(label: "taxigen-bench.routing")
        logger.logLevel = .error
        let routing = try Database(primaryURL: url(primaryServer), replicaURLs: [url(replicaServer)], logger: logger)
        let direct = try Database(url: url(replicaServer), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await routing.run() }
            group.addTask { await direct.run() }
            defer { group.cancelAll() }
            try await measure(routing: routing, direct: direct, setup: setup, gets: gets, runs: runs)
        }
    }

    static func measure(routing: Database, direct: Database, setup: Database, gets: Int, runs: Int) async throws {
        let cipher = TestCipher.shared
        let stored = try await CustomerRepository(on: setup, cipher: cipher).create(RepositoryBenchmark.makeRequests(200))
        let ids = stored.map(\.id)
        let sides: [(name: String, repository: CustomerRepository)] = [
            ("routing Database (primary + replica) → replica", CustomerRepository(on: routing, cipher: cipher)),
            ("Database on the replica", CustomerRepository(on: direct, cipher: cipher)),
        ]
        // The replica has replayed the rows once the direct side finds the last one; every get must hit.
        while ((try? await sides[1].repository.find(id: ids[ids.count - 1])) ?? nil) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        let served = try await routing.fetchOne("SELECT pg_is_in_recovery()", context: QueryContext(operation: "bench", table: "-"))!
            .decode(Bool.self)
        guard served else {
            FileHandle.standardError.write(Data("taxigen-bench routing: the routing database's read was not served by the replica\n".utf8))
            exit(1)
        }
        for side in sides {
            for index in 0..<400 { _ = try await side.repository.get(id: ids[index % ids.count]) }
        }
        var perGet: [String: [Double]] = [:]
        var ratios: [Double] = []
        for run in 0..<runs {
            var totals: [String: Duration] = [:]
            for chunk in 0..<max(1, gets / 50) {
                for offset in sides.indices {
                    let side = sides[(chunk + offset) % sides.count]
                    let start = ContinuousClock.now
                    for index in 0..<50 { _ = try await side.repository.get(id: ids[(chunk * 50 + index) % ids.count]) }
                    totals[side.name, default: .zero] += ContinuousClock.now - start
                }
            }
            for (name, total) in totals {
                let (seconds, attoseconds) = total.components
                perGet[name, default: []].append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(max(1, gets / 50) * 50))
            }
            ratios.append(perGet[sides[1].name]![run] / perGet[sides[0].name]![run])
            FileHandle.standardError.write(Data("run \(run + 1)/\(runs) done\n".utf8))
        }
        print("| side | µs per get: median (min–max) |")
        print("|---|---:|")
        for side in sides {
            let values = perGet[side.name] ?? []
            print("| \(side.name) | \(String(format: "%.1f (%.1f–%.1f)", Measurement.median(values), values.min() ?? 0, values.max() ?? 0)) |")
        }
        print(String(format: "\nThroughput ratio routing ÷ direct (median of %d runs of %d gets per side): %.3f×", runs,
                     max(1, gets / 50) * 50, Measurement.median(ratios)))
    }
}
