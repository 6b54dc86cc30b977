import ExampleDomain
import Foundation
import PropertyBased
import Synchronization
import Taxiway
import Testing

/// What a client sends as JSON to the patch and response types: valid patches with keys dropped, nulled,
/// replaced by any JSON or added, and any JSON at all. Decoding either succeeds or throws, never traps; what
/// decodes validates without trapping and survives a round trip through JSON unchanged.
@Suite("Client JSON into patches and responses")
struct ClientJSONPropertyTests {
    static let count = 200

    /// A JSON object like the one `valid` encodes to, with random changes: keys dropped, set to null, to any
    /// JSON value, or junk keys added; sometimes any JSON value instead.
    static func mutated(_ valid: some Encodable, keys: [String], change: Double = 0.3, _ rng: inout RNG) -> Data {
        if Extreme.chance(0.1, &rng) {
            return (try? JSONEncoder().encode(Extreme.json(&rng))) ?? Data("{".utf8)
        }
        guard let encoded = try? JSONEncoder().encode(valid),
              case .object(var members)? = try? JSONDecoder().decode(JSONValue.self, from: encoded) else {
            return Data("{}".utf8)
        }
        for key in keys + ["expected_version", "zz_unknown"] where Extreme.chance(change, &rng) {
            switch Extreme.int(0...3, &rng) {
            case 0: members[key] = nil
            case 1: members[key] = .null
            case 2: members[key] = Extreme.json(&rng)
            default: members[key] = .string(Extreme.string(&rng, allowHuge: false))
            }
        }
        return (try? JSONEncoder().encode(JSONValue.object(members))) ?? Data("[]".utf8)
    }

    /// Decodes `data` as `Value`; when it decodes, `use` runs on it and a JSON round trip gives it back.
    /// Returns whether it decoded.
    @discardableResult
    static func judge<Value: Codable & Equatable>(_ type: Value.Type, _ data: Data, use: (Value) -> Void = { _ in }) -> Bool {
        guard let value = try? JSONDecoder().decode(Value.self, from: data) else { return false }
        use(value)
        do {
            let again = try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
            #expect(again == value, "\(Value.self) changed in a round trip: \(String(decoding: data, as: UTF8.self).prefix(300))")
        } catch {
            Issue.record("\(Value.self) did not survive a round trip (\(error)): \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        return true
    }

    @Test("patches: any client JSON decodes or is refused; what decodes validates and round-trips")
    func patches() async {
        let decoded = Mutex(0)
        await propertyCheck(count: Self.count, input: extreme { rng in
            Self.mutated(RandomRequests.customerPatch(&rng), keys: Customer.PatchFields.all.map(\.key), &rng)
        }) { data in
            if Self.judge(CustomerPatch.self, data, use: { _ = $0.validationIssues() }) {
                decoded.withLock { $0 += 1 }
            }
        }
        // Not vacuous: most mutated patches still decode (a changed key is often only dropped or nulled).
        #expect(decoded.withLock { $0 } >= Self.count / 10, "only \(decoded.withLock { $0 }) customer patches decoded")
        await propertyCheck(count: Self.count, input: extreme { rng in
            Self.mutated(RandomRequests.orderPatch(&rng), keys: Order.PatchFields.all.map(\.key), &rng)
        }) { data in
            Self.judge(OrderPatch.self, data) { _ = $0.validationIssues() }
        }
        await propertyCheck(count: Self.count, input: extreme { rng in
            Self.mutated(RandomRequests.productPatch(&rng), keys: Product.PatchFields.all.map(\.key), &rng)
        }) { data in
            Self.judge(ProductPatch.self, data) { _ = $0.validationIssues() }
        }
        await propertyCheck(count: Self.count, input: extreme { rng in
            Self.mutated(RandomRequests.userPatch(&rng), keys: User.PatchFields.all.map(\.key), &rng)
        }) { data in
            Self.judge(UserPatch.self, data) { _ = $0.validationIssues() }
        }
    }

    @Test("responses: any client JSON decodes or is refused; sensitive keys never come back out")
    func responses() async {
        let stored = Customer(
            fieldValues: CustomerCreate(name: "Ann", email: "ann@example.com", status: .active, credit: 5, tags: ["a"],
                                        taxNumber: "secret-tax", phone: "555-0199"),
            rowMetadata: StoredRowMetadata(id: UUID(), createdAt: Date(timeIntervalSince1970: 0),
                                           updatedAt: Date(timeIntervalSince1970: 1), deletedAt: nil, version: 1))
        let keys = ["customer_id", "name", "email", "status", "credit", "tags", "website", "tax_number", "phone",
                    "account_manager_id", "created_at", "updated_at", "deleted_at", "version"]
        let decoded = Mutex(0)
        await propertyCheck(count: Self.count, input: extreme { rng in
            // The model's own JSON (secrets included) mutated: a client may send anything.
            Self.mutated(stored, keys: keys, change: 0.04, &rng)
        }) { data in
            let didDecode = Self.judge(CustomerResponse.self, data) { response in
                #expect(response.taxNumber == nil && response.phone == nil)
                let text = String(decoding: (try? JSONEncoder().encode(response)) ?? Data(), as: UTF8.self)
                #expect(!text.contains("tax_number") && !text.contains("\"phone\""), "\(text.prefix(300))")
            }
            if didDecode { decoded.withLock { $0 += 1 } }
        }
        #expect(decoded.withLock { $0 } >= Self.count / 10, "only \(decoded.withLock { $0 }) responses decoded")
    }
}
