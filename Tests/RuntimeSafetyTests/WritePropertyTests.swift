import ExampleDomain
import Foundation
import PropertyBased
import Taxiway
import TaxiwayTesting
import Testing

/// A generator drawing from `Extreme` (no shrinking: a failure prints the whole input).
func extreme<T>(_ draw: @escaping @Sendable (inout RNG) -> T) -> Generator<T, Shrink.None<T>> {
    Generator(run: { rng in draw(&rng) })
}

/// A short description of a drawn input for failure messages (inputs may hold a megabyte of text).
func summary(_ value: Any) -> String {
    String(String(describing: value).prefix(400))
}

/// Every generated create and patch of the example domain, given random and extreme values on the real
/// database: no trap; a refusal is always `ValidationError` or `IllegalArgument`; a request validation
/// accepts is always stored; and what is stored reads back as it was sent.
@Suite("Random and extreme creates and patches")
struct WritePropertyTests {
    /// Requests per entity and kind: a few hundred in all, a few seconds.
    static let count = 50

    /// Sends `request` with `write`, then reads the row back with `read`; judges the outcome.
    func judge<Request: Validatable, Model>(
        _ request: Request, write: () async throws -> Model, read: (Model) async throws -> Model,
        verify: (Model) -> [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async -> Model? {
        let validates = request.validationIssues().isEmpty
        do {
            let stored = try await write()
            #expect(validates, "stored although validation refuses it: \(summary(request))", sourceLocation: sourceLocation)
            let reread = try await read(stored)
            let wrong = verify(stored) + verify(reread)
            #expect(wrong.isEmpty, "read back differently: \(wrong) of \(summary(request))", sourceLocation: sourceLocation)
            return reread
        } catch {
            expectClientRejection(error, "refusing \(summary(request))", sourceLocation: sourceLocation)
            #expect(!validates, "validation accepts what the database refused (\(error)): \(summary(request))",
                    sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test("customers: random creates and patches")
    func customers() async throws {
        let repository = CustomerRepository(on: try await SafetyHarness.database(), cipher: SafetyHarness.cipher)
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.customer)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.customer($0, request) })
        }
        var current = try await repository.create(CustomerCreate(name: "Base", email: "base\(TestSequence.next())@example.com"))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.customerPatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.customer($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("employees: random creates and patches")
    func employees() async throws {
        let repository = EmployeeRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.employee)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.employee($0, request) })
        }
        var current = try await repository.create(EmployeeCreate(
            fullName: "Base", email: "base\(TestSequence.next())@example.com", hiredOn: CalendarDate(year: 2020, month: 1, day: 1)!,
            salaryCents: 1))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.employeePatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.employee($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("orders: random creates and patches, timestamps and JSON included")
    func orders() async throws {
        let repository = OrderRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.order)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.order($0, request) })
        }
        var current = try await repository.create(OrderCreate(customerID: UUID(), number: 800_000_000_000 + Int64(TestSequence.next())))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.orderPatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.order($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("order lines: random creates and patches, double arrays included")
    func orderLines() async throws {
        let repository = OrderLineRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.orderLine)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.orderLine($0, request) })
        }
        var current = try await repository.create(OrderLineCreate(orderID: UUID(), productID: UUID(), quantity: 1, unitPrice: 1))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.orderLinePatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.orderLine($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("products: random creates and patches, doubles, vectors and JSON included")
    func products() async throws {
        let repository = ProductRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.product)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.product($0, request) })
        }
        var current = try await repository.create(ProductCreate(sku: "BASE-\(TestSequence.next())", name: "Base"))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.productPatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.product($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("support tickets: random creates and patches, int and text arrays included")
    func tickets() async throws {
        let repository = SupportTicketRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.ticket)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.ticket($0, request) })
        }
        var current = try await repository.create(SupportTicketCreate(customerID: UUID(), subject: "Base", body: "Base"))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.ticketPatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.ticket($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("users: random creates and patches, nullable timestamps and JSON included")
    func users() async throws {
        let repository = UserRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.user)) { request in
            _ = await judge(request, write: { try await repository.create(request) },
                            read: { try await repository.get(id: $0.id) }, verify: { Verify.user($0, request) })
        }
        var current = try await repository.create(UserCreate(login: "base_\(TestSequence.next())"))
        await propertyCheck(count: Self.count, input: extreme(RandomRequests.userPatch)) { drawn in
            var patch = drawn
            patch.expectedVersion = current.version
            let old = current
            if let updated = await judge(patch, write: { try await repository.update(id: old.id, patch) },
                                         read: { try await repository.get(id: $0.id) },
                                         verify: { Verify.user($0, patch, old: old) }) {
                current = updated
            }
        }
    }

    @Test("bulk creates of random batches: all stored as sent, or all refused before any SQL")
    func bulkCreates() async throws {
        let repository = OrderRepository(on: try await SafetyHarness.database())
        await propertyCheck(count: 20, input: extreme { rng in (0..<Extreme.int(1...6, &rng)).map { _ in RandomRequests.order(&rng) } }) { batch in
            let validates = batch.allSatisfy { $0.validationIssues().isEmpty }
            do {
                let stored = try await repository.create(batch, batchSize: 3)
                #expect(validates)
                let wrong = zip(stored, batch).flatMap { Verify.order($0, $1) }
                #expect(wrong.isEmpty, "read back differently: \(wrong)")
            } catch {
                expectClientRejection(error, "refusing a batch")
                #expect(!validates, "validation accepts a batch the database refused: \(error)")
            }
        }
    }
}
