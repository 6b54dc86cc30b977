import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// The executor benchmark: what Taxiway's `Database` adds to one statement over PostgresNIO's pool (the
/// connection lease with its wait timeout, logging, error mapping). Every side runs `SELECT $1::uuid, 1` on
/// the same pool, alternating every 50 statements; it prints the median time per statement of each. The
/// third side leases through the public `Database.withConnection`, which hands the connection over to the
/// calling task; `Database.run` leases and runs the statement in one child task.
enum ExecutorBenchmark {
    static func run(statements: Int, runs: Int) async throws {
        let database = try await BenchDatabase.open(suite: "executor")
        let client = database.client
        let logger = database.logger
        let query: PostgresQuery = "SELECT \(UUID())::uuid, 1::int4"
        let context = QueryContext(operation: "get", table: "-")
        var untimedOptions = database.options
        untimedOptions.connectionWaitTimeout = nil
        let untimed = Database(client: client, logger: logger, options: untimedOptions)
        let sides: [(name: String, statement: @Sendable () async throws -> Void)] = [
            ("PostgresClient.withConnection + query", {
                _ = try await client.withConnection { try await $0.query(query, logger: logger).get() }
            }),
            ("Database.run (wait timeout 10 s)", {
                _ = try await database.run(query, context: context)
            }),
            ("Database.run (no wait timeout)", {
                _ = try await untimed.run(query, context: context)
            }),
            ("Database.withConnection + query", {
                _ = try await database.withConnection { try await $0.query(query, logger: logger).get() }
            }),
        ]
        for side in sides {
            for _ in 0..<200 { try await side.statement() }
        }
        var samples: [String: [Double]] = [:]
        for _ in 0..<runs {
            var totals: [String: Duration] = [:]
            for _ in 0..<max(1, statements / 50) {
                for side in sides {
                    let start = ContinuousClock.now
                    for _ in 0..<50 { try await side.statement() }
                    totals[side.name, default: .zero] += ContinuousClock.now - start
                }
            }
            for (name, total) in totals {
                let (seconds, attoseconds) = total.components
                samples[name, default: []].append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(statements))
            }
        }
        print("| side | µs per statement: median (min–max) |")
        print("|---|---:|")
        for side in sides {
            let values = samples[side.name] ?? []
            print("| \(side.name) | \(String(format: "%.1f (%.1f–%.1f)", Measurement.median(values), values.min() ?? 0, values.max() ?? 0)) |")
        }
        print("\nMedians of \(runs) runs of \(statements) statements per side.")
    }
}
