import ExampleDomain
import Foundation
import Taxiway

/// `taxigen-bench json [--rows 10000] [--runs 7]`: request bodies decoded into the generated `CustomerCreate` and
/// stored customers encoded as responses, whose `Codable` is spelled out with `Fieldwise`, against twins of the
/// same fields and JSON keys with Swift's derived `Codable`. The sides take turns every run, rotating which goes
/// first; each figure is the median of the runs.
enum JSONBenchmark {
    /// `CustomerCreate`'s fields and keys, with derived `Codable`.
    struct DerivedCreate: Codable, Equatable {
        var name: String
        var email: String
        var status: Customer.Status
        var credit: Decimal?
        var tags: [String]
        var website: String?
        var taxNumber: String?
        var phone: String?
        var accountManagerID: UUID?

        enum CodingKeys: String, CodingKey {
            case name, email, status, credit, tags, website
            case taxNumber = "tax_number", phone, accountManagerID = "account_manager_id"
        }
    }

    /// `Customer`'s fields and keys, with derived `Codable`.
    struct DerivedCustomer: Codable {
        var customerID: UUID
        var name: String
        var email: String
        var status: Customer.Status
        var credit: Decimal?
        var tags: [String]
        var website: String?
        var taxNumber: String?
        var phone: String?
        var accountManagerID: UUID?
        var createdAt: Date
        var updatedAt: Date
        var deletedAt: Date?
        var version: Int32

        enum CodingKeys: String, CodingKey {
            case customerID = "customer_id", name, email, status, credit, tags, website, taxNumber = "tax_number", phone
            case accountManagerID = "account_manager_id", createdAt = "created_at", updatedAt = "updated_at"
            case deletedAt = "deleted_at", version
        }

        init(_ model: Customer) {
            (customerID, name, email, status, credit, tags, website) =
                (model.customerID, model.name, model.email, model.status, model.credit, model.tags, model.website)
            (taxNumber, phone, accountManagerID, createdAt, updatedAt, deletedAt, version) =
                (model.taxNumber, model.phone, model.accountManagerID, model.createdAt, model.updatedAt, model.deletedAt, model.version)
        }
    }

    static func run(count: Int, runs: Int) throws {
        let requests = RepositoryBenchmark.makeRequests(count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let decoder = JSONDecoder()
        let bodies = try requests.map { try encoder.encode($0) }
        let now = Date()
        let models = requests.enumerated().map { index, request in
            Customer(fieldValues: request,
                     rowMetadata: StoredRowMetadata(id: UUID(), createdAt: now, updatedAt: now,
                                                    deletedAt: index % 7 == 0 ? now : nil, version: Int32(index % 9 + 1)))
        }
        let twins = models.map(DerivedCustomer.init)
        // The two sides read and write the same JSON.
        for (index, body) in bodies.enumerated().prefix(100) {
            let generated = try decoder.decode(CustomerCreate.self, from: body)
            let derived = try decoder.decode(DerivedCreate.self, from: body)
            precondition(generated == requests[index] && derived.email == generated.email && derived.credit == generated.credit)
            let (generatedJSON, derivedJSON) = (try encoder.encode(models[index]), try encoder.encode(twins[index]))
            precondition(generatedJSON == derivedJSON, "the encoders disagree")
        }
        let sides: [(name: String, work: () throws -> Void)] = [
            ("decode CustomerCreate, generated (Fieldwise)", { for body in bodies { _ = try decoder.decode(CustomerCreate.self, from: body) } }),
            ("decode CustomerCreate, derived", { for body in bodies { _ = try decoder.decode(DerivedCreate.self, from: body) } }),
            ("encode Customer, generated (Fieldwise)", { for model in models { _ = try encoder.encode(model) } }),
            ("encode Customer, derived", { for twin in twins { _ = try encoder.encode(twin) } }),
        ]
        for side in sides { try side.work() }   // warm-up
        var samples: [String: [Double]] = [:]
        for run in 0..<runs {
            for offset in sides.indices {
                let side = sides[(run + offset) % sides.count]
                let start = ContinuousClock.now
                try side.work()
                let (seconds, attoseconds) = (ContinuousClock.now - start).components
                samples[side.name, default: []].append((Double(seconds) + Double(attoseconds) / 1e18) * 1e9 / Double(count))
            }
        }
        print("| work | ns per body: median (min–max) |")
        print("|---|---:|")
        for side in sides {
            let values = samples[side.name]!
            print("| \(side.name) | " + String(format: "%.0f (%.0f–%.0f) |", Measurement.median(values), values.min()!, values.max()!))
        }
        let ratio = { (a: String, b: String) in Measurement.median(samples[a]!) / Measurement.median(samples[b]!) }
        print(String(format: "\ngenerated / derived time: decode %.2f×, encode %.2f×; %d bodies per side per run, %d runs",
                     ratio(sides[0].name, sides[1].name), ratio(sides[2].name, sides[3].name), count, runs))
    }
}
