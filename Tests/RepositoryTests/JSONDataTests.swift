import ExampleDomain
import Foundation
import Taxiway
import Testing

/// The json_data helpers of `Order` (the guidelines' JsonBase): `setData(_:forKey:id:expectedVersion:)`
/// changes one key in the database under the optimistic lock, `list(where: { $0.data.contains(fragment) })`
/// finds rows by JSON containment (`@>`); and json columns round-trip.
@Suite("JSON data")
struct JSONDataTests {
    /// A typed value stored under a data key.
    struct Gift: Codable, Equatable, Sendable {
        var message: String
        var wrapped: Bool
        var colors: [String]
    }

    @Test("setData stores a typed value under one key, keeps the others, and bumps the version")
    func setDataKeepsOtherKeys() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        var request = Requests.order()
        try request.setData("web", forKey: "channel")
        try request.setData(3, forKey: "attempts")
        let created = try await repository.create(request)
        #expect(try created.value(forDataKey: "channel", as: String.self) == "web")

        let gift = Gift(message: "Happy birthday, O'Brien 🎂", wrapped: true, colors: ["red", "gold"])
        let updated = try await repository.setData(gift, forKey: "gift", id: created.id, expectedVersion: created.version)
        #expect(updated.version == created.version + 1)
        #expect(updated.updatedAt > created.updatedAt)
        #expect(try updated.value(forDataKey: "gift", as: Gift.self) == gift)
        #expect(try updated.value(forDataKey: "channel", as: String.self) == "web")
        #expect(try updated.value(forDataKey: "attempts", as: Int.self) == 3)
        #expect(try await repository.get(id: created.id) == updated)

        // Replacing a key, and storing null.
        let replaced = try await repository.setData(4, forKey: "attempts", id: created.id, expectedVersion: updated.version)
        #expect(try replaced.value(forDataKey: "attempts", as: Int.self) == 4)
        let cleared = try await repository.setData(String?.none, forKey: "channel", id: created.id,
                                                   expectedVersion: replaced.version)
        #expect(cleared.data["channel"] == .null)
        #expect(try cleared.value(forDataKey: "gift", as: Gift.self) == gift)
    }

    @Test("setData with a stale version is an OptimisticLockError; on a deleted or unknown row EntityNotFound")
    func setDataGuards() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let created = try await repository.create(Requests.order())
        let updated = try await repository.setData(true, forKey: "flag", id: created.id, expectedVersion: created.version)
        await #expect(throws: OptimisticLockError.self) {
            try await repository.setData(false, forKey: "flag", id: created.id, expectedVersion: created.version)
        }
        #expect(try await repository.get(id: created.id) == updated)

        let deleted = try await repository.softDelete(id: created.id, expectedVersion: updated.version)
        await #expect(throws: EntityNotFound.self) {
            try await repository.setData(false, forKey: "flag", id: created.id, expectedVersion: deleted.version)
        }
        await #expect(throws: EntityNotFound.self) {
            try await repository.setData(false, forKey: "flag", id: UUID(), expectedVersion: 1)
        }
    }

    @Test("setData keys and values are bound: quotes, dots, brackets and SQL in them are stored as given")
    func setDataHostileKeys() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        var order = try await repository.create(Requests.order())
        let keys = ["'; DROP TABLE orders; --", "a.b", "{x,y}", "[0]", "$1", "ключ", ""]
        for (index, key) in keys.enumerated() {
            let value = RepositoryHarness.hostileStrings[index % RepositoryHarness.hostileStrings.count]
            order = try await repository.setData(value, forKey: key, id: order.id, expectedVersion: order.version)
            #expect(sameBytes(try order.value(forDataKey: key, as: String.self), value), "key \(key)")
        }
        let stored = try await repository.get(id: order.id)
        guard case .object(let members) = stored.data else {
            Issue.record("data is not an object")
            return
        }
        #expect(Set(members.keys) == Set(keys))
    }

    @Test("setData on a row whose data is not an object makes it one, as the in-memory helper does")
    func setDataOnNonObject() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        var request = Requests.order()
        request.data = ["not", "an", "object"]
        let created = try await repository.create(request)
        let updated = try await repository.setData("v", forKey: "k", id: created.id, expectedVersion: created.version)
        var local = created
        try local.setData("v", forKey: "k")
        #expect(updated.data == local.data)
    }

    @Test("data.contains(fragment) returns the rows whose data contains the fragment, oldest first, and combines with other conditions")
    func dataContains() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let tag = UUID().uuidString
        var matching: [Order] = []
        var all: [Order] = []
        for wrapped in [true, false, true] {
            var request = Requests.order()
            try request.setData(tag, forKey: "campaign")
            try request.setData(Gift(message: "m", wrapped: wrapped, colors: ["red", "blue"]), forKey: "gift")
            let order = try await repository.create(request)
            all.append(order)
            if wrapped { matching.append(order) }
        }
        let fragment: JSONValue = ["campaign": .string(tag), "gift": ["wrapped": true, "colors": ["blue"]]]
        let page = try await repository.list(where: { $0.data.contains(fragment) }, page: firstPage())
        #expect(page.items.map(\.id) == matching.map(\.id))
        #expect(try await repository.list(where: { $0.data.contains(["campaign": .string(tag)]) }, page: firstPage()).items.count == 3)
        #expect(try await repository.list(where: { $0.data.contains(["campaign": .string(tag + "x")]) }, page: firstPage()).items.isEmpty)
        // Containment is structural: a partial string or an array item missing from the row's array does not match.
        #expect(try await repository.count(where: { $0.data.contains(["campaign": .string(String(tag.dropLast()))]) }) == 0)
        #expect(try await repository.count(where: {
            $0.data.contains(["campaign": .string(tag), "gift": ["colors": ["green"]]])
        }) == 0)
        // With other conditions, and negated.
        #expect(try await repository.list(where: { $0.data.contains(fragment) && $0.number == matching[1].number },
                                          page: firstPage()).items.map(\.id) == [matching[1].id])
        #expect(try await repository.list(where: { $0.data.contains(["campaign": .string(tag)]) && !$0.data.contains(fragment) },
                                          page: firstPage()).items.map(\.id) == [all[1].id])

        let deleted = try await repository.softDelete(id: matching[0].id, expectedVersion: matching[0].version)
        #expect(try await repository.list(where: { $0.data.contains(fragment) }, page: firstPage()).items.map(\.id) == [matching[1].id])
        let withDeleted = try await repository.list(where: { $0.data.contains(fragment) }, page: firstPage(), includeDeleted: true)
        #expect(withDeleted.items.map(\.id) == [deleted.id, matching[1].id])
    }

    @Test("containment on other json columns: Product.attributes, and the nullable User.profile (a NULL never matches)")
    func otherJSONColumnsContain() async throws {
        let database = try await RepositoryHarness.database()
        let products = ProductRepository(on: database)
        let marker = UUID().uuidString
        var request = Requests.product()
        request.attributes = ["marker": .string(marker), "sizes": ["S", "M"], "color": .null]
        let product = try await products.create(request)
        #expect(try await products.list(where: { $0.attributes.contains(["marker": .string(marker), "sizes": ["M"]]) },
                                        page: firstPage()).items == [product])
        #expect(try await products.count(where: { $0.attributes.contains(["marker": .string(marker), "color": .null]) }) == 1)
        #expect(try await products.count(where: { $0.attributes.contains(["marker": .string(marker), "color": "red"]) }) == 0)

        let users = UserRepository(on: database)
        let employee = UUID()
        var withProfile = Requests.user(employee: employee)
        withProfile.profile = ["theme": "dark", "beta": true]
        let dark = try await users.create(withProfile)
        _ = try await users.create(Requests.user(employee: employee))
        #expect(try await users.list(where: { $0.employeeID == employee && $0.profile.contains(["theme": "dark"]) },
                                     page: firstPage()).items == [dark])
        #expect(try await users.count(where: { $0.employeeID == employee && !$0.profile.contains(["theme": "dark"]) }) == 0)
        #expect(try await users.count(where: { $0.employeeID == employee && $0.profile == nil }) == 1)
    }

    @Test("json columns round-trip: nested objects, arrays, numbers, booleans, null, and a nullable column")
    func jsonColumns() async throws {
        let database = try await RepositoryHarness.database()
        let products = ProductRepository(on: database)
        var request = Requests.product()
        let attributes: JSONValue = [
            "color": .null, "sizes": ["S", "M", "XL"], "weight": 1.25, "count": 3, "flags": [true, false],
            "nested": ["deep": ["deeper": ["text": "'; DROP TABLE products; --"]]], "empty": [:], "none": [],
        ]
        request.attributes = attributes
        let product = try await products.create(request)
        #expect(product.attributes == attributes)
        #expect(try await products.get(id: product.id).attributes == attributes)

        let users = UserRepository(on: database)
        let withoutProfile = try await users.create(Requests.user())
        #expect(withoutProfile.profile == nil)
        let updated = try await users.update(id: withoutProfile.id, UserPatch(expectedVersion: withoutProfile.version).setting(\.profile, to: ["theme": "dark", "beta": true]))
        #expect(updated.profile == ["theme": "dark", "beta": true])
        let cleared = try await users.update(id: updated.id, UserPatch(expectedVersion: updated.version).setting(\.profile, to: nil))
        #expect(cleared.profile == nil)
        // A JSON null is a value, not SQL NULL.
        let jsonNull = try await users.update(id: cleared.id, UserPatch(expectedVersion: cleared.version).setting(\.profile, to: .null))
        #expect(try await users.get(id: jsonNull.id).profile == jsonNull.profile)
    }
}
