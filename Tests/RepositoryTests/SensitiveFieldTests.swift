import Crypto
import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import Testing

/// Sensitive fields of the example domain's `Customer` (`tax_number`, and `phone` with a unique keyed
/// lookup) on PostgreSQL: values bound to their row, lookups through digests, redaction when printed,
/// resealing after a key rotation and erasure. Every test runs in a database of its own (`isolation`), since
/// resealing walks the whole table.
@Suite("Sensitive fields")
struct SensitiveFieldTests {
    /// The encryption and lookup keys of these tests (never the shared test cipher's: a test rotates them).
    static let k1 = SymmetricKey(size: .bits256)
    static let k2 = SymmetricKey(size: .bits256)
    static let l1 = SymmetricKey(size: .bits256)
    static let l2 = SymmetricKey(size: .bits256)

    /// A cipher over the given keys (`k1`, `k2`, `l1`, `l2` by name).
    static func cipher(_ keys: [String], current: String, lookup: [String] = ["l1"], currentLookup: String = "l1") throws -> FieldCipher {
        let all = ["k1": k1, "k2": k2, "l1": l1, "l2": l2]
        return try FieldCipher(keys: Dictionary(uniqueKeysWithValues: keys.map { ($0, all[$0]!) }), currentKeyID: current,
                               lookupKeys: Dictionary(uniqueKeysWithValues: lookup.map { ($0, all[$0]!) }),
                               currentLookupKeyID: currentLookup)
    }

    /// The database of one test, with the example schema.
    static func database(_ test: String) async throws -> Database {
        try await TestDatabase.shared(schemaAt: RepositoryHarness.schemaPath, isolation: "sensitive-\(test)")
    }

    /// A customer with a phone number unique to `n`.
    static func request(_ n: Int = TestSequence.next()) -> CustomerCreate {
        var request = Requests.customer(n)
        request.phone = "+1 555 \(n)"
        return request
    }

    /// The raw bytes of a column of a customer row.
    static func raw(_ column: String, of id: UUID, in database: Database) async throws -> Bytea? {
        let row = try #require(await database.fetchOne(
            PostgresQuery(unsafeSQL: "SELECT \(column) FROM customers WHERE customer_id = $1", binds: bindings(id)),
            context: QueryContext(operation: "test", table: "customers")))
        return try row.decode(Bytea?.self)
    }

    static func bindings(_ id: UUID) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    @Test("bytes copied from one row into another do not open: an UnreadableSealedValue, never the first row's value")
    func copiedCiphertextIsRefused() async throws {
        let database = try await Self.database("copy")
        let repository = CustomerRepository(on: database, cipher: try Self.cipher(["k1"], current: "k1"))
        let victim = try await repository.create(Self.request())
        var attacker = try await repository.create(Self.request())
        for column in ["tax_number", "phone"] {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(attacker.id)
            bindings.append(victim.id)
            try await database.execute(PostgresQuery(unsafeSQL: """
                UPDATE customers SET \(column) = (SELECT \(column) FROM customers WHERE customer_id = $2) WHERE customer_id = $1
                """, binds: bindings), context: QueryContext(operation: "test", table: "customers"))
            do {
                let read = try await repository.get(id: attacker.id)
                Issue.record("the copied \(column) was read back: \(read.taxNumber == victim.taxNumber || read.phone == victim.phone ? "the victim's value" : "a value")")
            } catch let error as UnreadableSealedValue {
                #expect(error.column == column && error.id == attacker.id && error.reason == .authenticationFailed)
                #expect(!error.description.contains(victim.taxNumber!) && !error.description.contains(victim.phone!))
            }
            // Put the attacker's row right again for the next column.
            try await database.execute(PostgresQuery(unsafeSQL: "DELETE FROM customers WHERE customer_id = $1", binds: Self.bindings(attacker.id)),
                                       context: QueryContext(operation: "test", table: "customers"))
            attacker = try await repository.create(Self.request())
        }
        // The victim's own row still reads.
        #expect(try await repository.get(id: victim.id).taxNumber == victim.taxNumber)
    }

    @Test("find(byPhone:) finds through the keyed digest; the lookup column holds no plaintext; unique among active rows")
    func lookupByPhone() async throws {
        let database = try await Self.database("lookup")
        let repository = CustomerRepository(on: database, cipher: try Self.cipher(["k1"], current: "k1"))
        let created = try await repository.create(Self.request())
        let phone = try #require(created.phone)
        #expect(try await repository.find(byPhone: phone)?.id == created.id)
        #expect(try await repository.find(byPhone: phone + "0") == nil)
        let digest = try #require(try await Self.raw("phone_lookup", of: created.id, in: database))
        #expect(digest.bytes.count == 36)
        #expect(!String(decoding: digest.bytes, as: UTF8.self).contains("555"))

        // A second active row with the same phone is a DuplicateEntity naming the field.
        var twin = Self.request()
        twin.phone = phone
        await #expect { try await repository.create(twin) } throws: { ($0 as? DuplicateEntity)?.field == "phone" }
        await #expect { try await repository.create([twin]) } throws: { ($0 as? DuplicateEntity)?.field == "phone" }
        // A soft-deleted row blocks nothing.
        _ = try await repository.softDelete(id: created.id, expectedVersion: created.version)
        #expect(try await repository.find(byPhone: phone) == nil)
        let replacement = try await repository.create(twin)
        #expect(try await repository.find(byPhone: phone)?.id == replacement.id)

        // An update moves the digest with the value; nil removes it.
        let moved = try await repository.update(id: replacement.id, CustomerPatch(expectedVersion: replacement.version).setting(\.phone, to: "+1 556 \(TestSequence.next())"))
        #expect(try await repository.find(byPhone: phone) == nil)
        #expect(try await repository.find(byPhone: moved.phone!)?.id == moved.id)
        let cleared = try await repository.update(id: moved.id, CustomerPatch(expectedVersion: moved.version).setting(\.phone, to: nil))
        #expect(cleared.phone == nil)
        #expect(try await Self.raw("phone_lookup", of: moved.id, in: database) == nil)

        // Bulk create writes digests too.
        let batch = [Self.request(), Self.request()]
        let stored = try await repository.create(batch)
        for (request, row) in zip(batch, stored) {
            #expect(try await repository.find(byPhone: request.phone!)?.id == row.id)
        }
    }

    @Test("printing, interpolating, reflecting or dumping a model, create request or patch never shows a sensitive value")
    func redactedWhenPrinted() throws {
        let secretTax = "TAX-SECRET-4711"
        let secretPhone = "+1 555 0199"
        // Every other value is fixed, so that no random key, clock reading or sequence number can contain the
        // secret's digits ("0199") and fail the test by chance (a dumped `Date` once did).
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        let customer = Customer(
            fieldValues: CustomerCreate(name: "Ann", email: "ann@example.com", taxNumber: secretTax, phone: secretPhone),
            rowMetadata: StoredRowMetadata(id: UUID(uuidString: "00000000-0000-7000-8000-000000000001")!, createdAt: fixed,
                                           updatedAt: fixed, deletedAt: nil, version: 1))
        var create = Requests.customer(1)
        create.taxNumber = secretTax
        create.phone = secretPhone
        let patch = CustomerPatch(expectedVersion: 1).setting(\.name, to: "Ann B").setting(\.taxNumber, to: secretTax).setting(\.phone, to: secretPhone)
        let values: [Any] = [customer, create, patch]
        for value in values {
            var dumped = ""
            dump(value, to: &dumped)
            for text in [String(describing: value), String(reflecting: value), "\(value)", dumped] {
                #expect(!text.contains(secretTax) && !text.contains("0199"), "\(type(of: value)) shows a secret: \(text)")
                #expect(text.contains("<redacted>"), "\(type(of: value)): \(text)")
            }
        }
        // The other fields still print, so a log line stays useful.
        #expect(String(describing: customer).contains("Ann") && String(describing: customer).contains("ann@example.com"))
        #expect(String(describing: patch).contains("Ann B"))
        #expect(String(describing: customer).hasPrefix("Customer(customerID: "))
        // nil and unchanged stay visible: redaction hides values, not their absence.
        let empty = CustomerPatch(expectedVersion: 1).setting(\.phone, to: nil)
        #expect(!String(describing: empty).contains("<redacted>"))
        // The response type leaves sensitive fields out altogether: not kept, not encoded.
        let response = CustomerResponse(customer)
        #expect(!String(describing: response).contains(secretTax))
        #expect(response.taxNumber == nil && response.phone == nil && response.name == customer.name)
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        #expect(!json.contains("tax_number") && !json.contains("\"phone\"") && !json.contains(secretTax), "\(json)")
        #expect(json.contains("\"customer_id\"") && json.contains("\"email\""), "\(json)")
        #expect(try JSONDecoder().decode(CustomerResponse.self, from: Data(json.utf8)) == response)
    }

    @Test("after a key rotation resealSensitiveFields moves every row to the new keys in resumable batches, versions kept")
    func resealAfterRotation() async throws {
        let database = try await Self.database("reseal")
        let before = CustomerRepository(on: database, cipher: try Self.cipher(["k1"], current: "k1"))
        var created: [Customer] = []
        for _ in 0..<5 { created.append(try await before.create(Self.request())) }
        created.append(try await before.create(Requests.customer()))   // no phone
        let softDeleted = try await before.softDelete(id: created[0].id, expectedVersion: created[0].version)

        // Rotate both keys: k2 seals, l2 makes digests; the old ones stay in the keyrings until the reseal ends.
        let during = CustomerRepository(on: database, cipher: try Self.cipher(["k1", "k2"], current: "k2", lookup: ["l1", "l2"], currentLookup: "l2"))
        #expect(try await during.find(byPhone: created[1].phone!)?.id == created[1].id, "old digests still match")
        var progress = try await during.resealSensitiveFields(batchSize: 2, maxBatches: 1)
        #expect(progress.examined == 2 && !progress.isComplete)
        let resumed = try await during.resealSensitiveFields(batchSize: 2, after: progress.resumeAfter)
        progress.examined += resumed.examined
        progress.resealed += resumed.resealed
        #expect(resumed.isComplete && resumed.unreadable.isEmpty)
        #expect(progress.examined == 6 && progress.resealed == 6)

        // The old keys can go: every row, the soft-deleted one included, reads and is found with the new ones.
        let after = CustomerRepository(on: database, cipher: try Self.cipher(["k2"], current: "k2", lookup: ["l2"], currentLookup: "l2"))
        for customer in created {
            let read = try await after.get(id: customer.id, includeDeleted: true)
            #expect(read.taxNumber == customer.taxNumber && read.phone == customer.phone)
            // Not a business change: clients holding the row keep their version.
            let expected = customer.id == softDeleted.id ? softDeleted : customer
            #expect(read.version == expected.version && read.updatedAt == expected.updatedAt)
        }
        #expect(try await after.find(byPhone: created[2].phone!)?.id == created[2].id)
        let again = try await after.resealSensitiveFields()
        #expect(again.resealed == 0 && again.isComplete)
    }

    @Test("eraseSensitiveFields destroys a row's sensitive values and lookup digest, deleted or not; other fields stay")
    func erasure() async throws {
        let database = try await Self.database("erase")
        let repository = CustomerRepository(on: database, cipher: try Self.cipher(["k1"], current: "k1"))
        let created = try await repository.create(Self.request())
        let deleted = try await repository.softDelete(id: created.id, expectedVersion: created.version)
        let erased = try await repository.eraseSensitiveFields(id: created.id)
        #expect(erased.taxNumber == nil && erased.phone == nil)
        #expect(erased.name == created.name && erased.email == created.email && erased.isDeleted)
        #expect(erased.version == deleted.version + 1)
        for column in ["tax_number", "phone", "phone_lookup"] {
            #expect(try await Self.raw(column, of: created.id, in: database) == nil, "\(column)")
        }
        _ = try await repository.restore(id: erased.id, expectedVersion: erased.version)
        #expect(try await repository.find(byPhone: created.phone!) == nil)
        await #expect(throws: EntityNotFound.self) { try await repository.eraseSensitiveFields(id: UUID()) }
    }
}
