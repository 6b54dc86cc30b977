import ExampleDomain
import Foundation
import Taxiway
import Testing

/// Optimistic locking under contention: K tasks each increment the same rows' `stock` M times through
/// `update(id:_:)` with the version they read, retrying on `OptimisticLockError` (re-read, re-apply).
/// No update may be lost, and the only error anyone sees is `OptimisticLockError`.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    static let tasks = 8
    static let incrementsPerTask = 25

    /// What one writer saw.
    struct WriterReport: Sendable {
        var conflicts = 0
        var unexpected: [String] = []
    }

    /// Adds one to the row's stock, re-reading and retrying until an update with the current version wins.
    static func increment(_ repository: ProductRepository, id: UUID, report: inout WriterReport) async throws {
        while true {
            let current = try await repository.get(id: id)
            do {
                _ = try await repository.update(id: id, ProductPatch(expectedVersion: current.version).setting(\.stock, to: current.stock + 1))
                return
            } catch is OptimisticLockError {
                report.conflicts += 1
            }
        }
    }

    @Test("K concurrent writers × M increments on the same rows: no lost update, only OptimisticLockErrors")
    func noLostUpdate() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        let starts: [Int32] = [0, 10, 500]
        var rows: [Product] = []
        for start in starts {
            var request = Requests.product()
            request.stock = start
            rows.append(try await repository.create(request))
        }
        let ids = rows.map(\.id)
        let began = ContinuousClock.now
        let reports = await withTaskGroup(of: WriterReport.self) { group in
            for writer in 0..<Self.tasks {
                group.addTask {
                    var report = WriterReport()
                    for round in 0..<Self.incrementsPerTask {
                        // Writers visit the rows in different orders, so they collide on every row.
                        for offset in ids.indices {
                            let id = ids[(writer + round + offset) % ids.count]
                            do {
                                try await Self.increment(repository, id: id, report: &report)
                            } catch {
                                report.unexpected.append(String(describing: error))
                            }
                        }
                    }
                    return report
                }
            }
            var all: [WriterReport] = []
            for await report in group { all.append(report) }
            return all
        }
        let elapsed = ContinuousClock.now - began
        let conflicts = reports.reduce(0) { $0 + $1.conflicts }
        let unexpected = reports.flatMap(\.unexpected)
        let writes = Self.tasks * Self.incrementsPerTask
        print("concurrent writers: \(Self.tasks) tasks × \(Self.incrementsPerTask) increments × \(ids.count) rows, "
              + "\(conflicts) OptimisticLockErrors retried, \(unexpected.count) other errors, in \(elapsed)")
        #expect(unexpected.isEmpty, "\(unexpected.prefix(5))")
        for (id, start) in zip(ids, starts) {
            let row = try await repository.get(id: id)
            #expect(row.stock == start + Int32(writes))
            #expect(row.version == 1 + Int32(writes))
        }
    }

    @Test("two writers holding the same version: exactly one wins, the other gets OptimisticLockError with both versions")
    func oneWinnerPerVersion() async throws {
        let repository = ProductRepository(on: try await RepositoryHarness.database())
        for _ in 0..<20 {
            let product = try await repository.create(Requests.product())
            let outcomes = await withTaskGroup(of: Result<Product, any Error>.self) { group in
                for name in ["left", "right"] {
                    group.addTask {
                        do {
                            return .success(try await repository.update(id: product.id, ProductPatch(expectedVersion: product.version).setting(\.name, to: name)))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<Product, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let winners = outcomes.compactMap { try? $0.get() }
            let losers = outcomes.compactMap { outcome -> (any Error)? in
                if case .failure(let error) = outcome { error } else { nil }
            }
            #expect(winners.count == 1)
            #expect(losers.count == 1)
            if let lock = losers.first as? OptimisticLockError {
                #expect(lock.expectedVersion == product.version)
                #expect(lock.actualVersion == product.version + 1)
            } else {
                Issue.record("the loser saw \(String(describing: losers.first))")
            }
            #expect(try await repository.get(id: product.id) == winners.first)
        }
    }
}
