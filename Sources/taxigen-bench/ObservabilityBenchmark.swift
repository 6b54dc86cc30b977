import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// The observability benchmark: the generated `CustomerRepository.get(id:)` on three databases sharing one
/// pool: the baseline (options never touched), observability explicitly ``Observability/off``, and on
/// (metrics and tracing to the process-wide systems, which are not bootstrapped here, so swift-metrics' no-op
/// factory and swift-distributed-tracing's `NoOpTracer`, plus a slow-statement threshold of one second that no
/// get reaches): what Taxiway's own work costs, not a backend's. The sides take turns every 50 gets, rotating
/// which goes first; each ratio is the median of the per-run ratios.
enum ObservabilityBenchmark {
    /// Gets per side per chunk.
    static let chunk = 50

    static func run(gets: Int, runs: Int) async throws {
        let shared = try await BenchDatabase.open(suite: "observability")
        let cipher = TestCipher.shared
        var onOptions = shared.options
        onOptions.observability = Observability(slowStatementThreshold: .seconds(1))
        var offOptions = shared.options
        offOptions.observability = .off
        let sides: [(name: String, repository: CustomerRepository)] = [
            ("baseline", CustomerRepository(on: shared, cipher: cipher)),
            ("off", CustomerRepository(on: Database(client: shared.client, logger: shared.logger, options: offOptions),
                                       cipher: cipher)),
            ("on", CustomerRepository(on: Database(client: shared.client, logger: shared.logger, options: onOptions),
                                      cipher: cipher)),
        ]
        try await shared.execute("TRUNCATE customers")
        let stored = try await sides[0].repository.create(RepositoryBenchmark.makeRequests(gets), batchSize: 2000)
        let ids = stored.map(\.id)

        // Warm up every side (connections, metric handles, first-use allocations).
        for side in sides {
            for id in ids.prefix(200) { _ = try await side.repository.get(id: id) }
        }
        var samples: [[String: Double]] = []
        for run in 0..<runs {
            var seconds: [String: Double] = [:]
            for (number, start) in stride(from: 0, to: ids.count, by: chunk).enumerated() {
                let chunkIDs = ids[start..<min(start + chunk, ids.count)]
                for offset in sides.indices {
                    let side = sides[(number + offset) % sides.count]
                    seconds[side.name, default: 0] += try await RepositoryBenchmark.time {
                        for id in chunkIDs {
                            let customer = try await side.repository.get(id: id)
                            precondition(customer.id == id)
                        }
                    }
                }
            }
            samples.append(seconds.mapValues { Double(ids.count) / $0 })
            FileHandle.standardError.write(Data("run \(run + 1)/\(runs) done\n".utf8))
        }
        let offCall = try await offMeasureNanoseconds(executor: sides[1].repository.executor)
        try await shared.execute("TRUNCATE customers")
        printTable(samples, gets: ids.count, runs: runs, offCall: offCall)
    }

    /// The nanoseconds one ``DatabaseExecutor/measure(_:entity:isolation:_:)`` adds with observability off
    /// (the branch every repository operation takes), over calling its body directly.
    static func offMeasureNanoseconds(executor: any DatabaseExecutor) async throws -> Double {
        let calls = 2_000_000
        var sink = 0
        @inline(never) func body(_ value: Int) async throws -> Int { value &+ 1 }
        let direct = try await RepositoryBenchmark.time {
            for index in 0..<calls { sink &+= try await body(index) }
        }
        let measured = try await RepositoryBenchmark.time {
            for index in 0..<calls { sink &+= try await executor.measure("get", entity: "Customer") { try await body(index) } }
        }
        precondition(sink != 0)
        return max(0, measured - direct) / Double(calls) * 1e9
    }

    static func printTable(_ samples: [[String: Double]], gets: Int, runs: Int, offCall: Double) {
        func median(_ name: String) -> Double { Measurement.median(samples.compactMap { $0[name] }) }
        func ratio(_ side: String) -> String {
            let ratios = samples.compactMap { sample in sample[side].flatMap { a in sample["baseline"].map { a / $0 } } }.sorted()
            return String(format: "%.3f× (%.3f–%.3f)", Measurement.median(ratios), ratios.first ?? 0, ratios.last ?? 0)
        }
        print("| get by id (`CustomerRepository.get(id:)`) | gets/s | ratio to the baseline: median (min–max) | target |")
        print("|---|---:|---:|---:|")
        print("| baseline: options never touched | \(String(format: "%.0f", median("baseline"))) | 1 | |")
        print("| observability `.off` | \(String(format: "%.0f", median("off"))) | \(ratio("off")) | ≥ 0.98× |")
        print("| observability on: metrics + a span per statement + slow-statement check | "
              + "\(String(format: "%.0f", median("on"))) | \(ratio("on")) | ≥ 0.90× |")
        print("\nThe three sides share one pool and take turns every \(chunk) gets; \(gets) gets per side per run, "
              + "medians of \(runs) runs. Metrics and spans go to the no-op backends (swift-metrics' NOOPMetricsHandler, "
              + "NoOpTracer). `measure` with observability off adds \(String(format: "%.1f", offCall)) ns per "
              + "repository operation over calling its body.")
    }
}
