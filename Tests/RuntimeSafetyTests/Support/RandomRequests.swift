import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting

/// Create requests and patches of the example domain filled with `Extreme` values, field by field.
///
/// A unique field gets a value unique to the call (so an accepted request never collides with another) or
/// that unique value made invalid (a NUL, a space, a megabyte), never a shared extreme: a `DuplicateEntity`
/// would be a defect of the test, and is reported as one.
enum RandomRequests {
    /// A unique value, or it spoiled so that no validation accepts it.
    static func unique(_ valid: String, _ rng: inout RNG) -> String {
        switch Extreme.int(0...5, &rng) {
        case 0: valid + "\0"
        case 1: valid + " \u{301}"
        case 2: valid + Extreme.megabyte
        default: valid
        }
    }

    /// Maybe nil (one time in four).
    static func optional<T>(_ rng: inout RNG, _ value: (inout RNG) -> T) -> T? {
        Extreme.chance(0.25, &rng) ? nil : value(&rng)
    }

    /// Unchanged half of the time, otherwise set to a drawn value.
    static func update<T>(_ rng: inout RNG, _ value: (inout RNG) -> T) -> FieldUpdate<T> {
        Extreme.chance(0.5, &rng) ? .unchanged : .set(value(&rng))
    }

    // MARK: Creates

    static func customer(_ rng: inout RNG) -> CustomerCreate {
        let n = TestSequence.next()
        return CustomerCreate(
            name: Extreme.string(&rng), email: unique("safe\(n)@example.com", &rng),
            status: Extreme.pick(Customer.Status.allCases, &rng), credit: optional(&rng, Extreme.decimal),
            tags: Extreme.strings(&rng), website: optional(&rng) { Extreme.chance(0.5, &$0) ? "https://example.com/\(n)" : Extreme.string(&$0) },
            taxNumber: optional(&rng) { Extreme.string(&$0) }, accountManagerID: optional(&rng, Extreme.uuid))
    }

    static func employee(_ rng: inout RNG) -> EmployeeCreate {
        let n = TestSequence.next()
        return EmployeeCreate(
            fullName: Extreme.string(&rng), email: unique("safe\(n)@example.com", &rng), managerID: optional(&rng, Extreme.uuid),
            hiredOn: Extreme.calendarDate(&rng), salaryCents: Extreme.int64(&rng), active: Extreme.chance(0.5, &rng),
            class: Extreme.pick(Employee.Class.allCases, &rng))
    }

    static func order(_ rng: inout RNG) -> OrderCreate {
        let number = Extreme.chance(0.85, &rng) ? 900_000_000_000 + Int64(TestSequence.next()) : Extreme.pick([0, -1, .min], &rng)
        return OrderCreate(
            customerID: Extreme.uuid(&rng), number: number, placedAt: Extreme.date(&rng),
            status: Extreme.pick(Order.Status.allCases, &rng), total: Extreme.decimal(&rng),
            notes: optional(&rng) { Extreme.string(&$0) }, trackingID: optional(&rng, Extreme.uuid),
            deliveryDate: optional(&rng, Extreme.calendarDate), data: Extreme.json(&rng))
    }

    static func orderLine(_ rng: inout RNG) -> OrderLineCreate {
        OrderLineCreate(orderID: UUID(), productID: UUID(), quantity: Extreme.int32(&rng), unitPrice: Extreme.decimal(&rng),
                        discounts: Extreme.doubles(&rng))
    }

    static func product(_ rng: inout RNG) -> ProductCreate {
        ProductCreate(
            sku: unique("SAFE-\(TestSequence.next())", &rng), name: Extreme.string(&rng),
            details: optional(&rng) { Extreme.string(&$0) }, price: Extreme.decimal(&rng), stock: Extreme.int32(&rng),
            weightKg: optional(&rng, Extreme.double), order: Extreme.int32(&rng),
            visibility: Extreme.pick(Product.Visibility.allCases, &rng), attributes: Extreme.json(&rng),
            embedding: optional(&rng, Extreme.vector))
    }

    static func ticket(_ rng: inout RNG) -> SupportTicketCreate {
        SupportTicketCreate(
            customerID: Extreme.uuid(&rng), assigneeID: optional(&rng, Extreme.uuid), reporterID: optional(&rng, Extreme.uuid),
            subject: Extreme.string(&rng), body: Extreme.string(&rng), priority: Extreme.pick(SupportTicket.Priority.allCases, &rng),
            openedOn: Extreme.calendarDate(&rng), publicToken: UUID(), scores: Extreme.int32s(&rng), labels: Extreme.strings(&rng))
    }

    static func user(_ rng: inout RNG) -> UserCreate {
        UserCreate(
            login: unique("safe_\(TestSequence.next())", &rng), displayName: optional(&rng) { Extreme.string(&$0) },
            default: Extreme.chance(0.5, &rng), loginCount: Extreme.int64(&rng), lastLoginAt: optional(&rng, Extreme.date),
            roles: Extreme.strings(&rng), profile: optional(&rng) { Extreme.json(&$0) }, employeeID: optional(&rng, Extreme.uuid))
    }

    // MARK: Patches (the version is set by the test)

    static func customerPatch(_ rng: inout RNG) -> CustomerPatch {
        CustomerPatch(expectedVersion: 0) {
            $0[\.name] = update(&rng) { Extreme.string(&$0) }
            $0[\.email] = update(&rng) { unique("safe\(TestSequence.next())@example.com", &$0) }
            $0[\.status] = update(&rng) { Extreme.pick(Customer.Status.allCases, &$0) }
            $0[\.credit] = update(&rng) { optional(&$0, Extreme.decimal) }
            $0[\.tags] = update(&rng, Extreme.strings)
            $0[\.website] = update(&rng) { optional(&$0) { Extreme.string(&$0) } }
            $0[\.taxNumber] = update(&rng) { optional(&$0) { Extreme.string(&$0) } }
            $0[\.accountManagerID] = update(&rng) { optional(&$0, Extreme.uuid) }
        }
    }

    static func employeePatch(_ rng: inout RNG) -> EmployeePatch {
        EmployeePatch(expectedVersion: 0) {
            $0[\.fullName] = update(&rng) { Extreme.string(&$0) }
            $0[\.email] = update(&rng) { unique("safe\(TestSequence.next())@example.com", &$0) }
            $0[\.managerID] = update(&rng) { optional(&$0, Extreme.uuid) }
            $0[\.salaryCents] = update(&rng, Extreme.int64)
            $0[\.active] = update(&rng) { Extreme.chance(0.5, &$0) }
            $0[\.class] = update(&rng) { Extreme.pick(Employee.Class.allCases, &$0) }
        }
    }

    static func orderPatch(_ rng: inout RNG) -> OrderPatch {
        OrderPatch(expectedVersion: 0) {
            $0[\.placedAt] = update(&rng, Extreme.date)
            $0[\.status] = update(&rng) { Extreme.pick(Order.Status.allCases, &$0) }
            $0[\.total] = update(&rng, Extreme.decimal)
            $0[\.notes] = update(&rng) { optional(&$0) { Extreme.string(&$0) } }
            $0[\.trackingID] = update(&rng) { optional(&$0, Extreme.uuid) }
            $0[\.deliveryDate] = update(&rng) { optional(&$0, Extreme.calendarDate) }
            $0[\.data] = update(&rng) { Extreme.json(&$0) }
        }
    }

    static func orderLinePatch(_ rng: inout RNG) -> OrderLinePatch {
        OrderLinePatch(expectedVersion: 0) {
            $0[\.productID] = update(&rng) { _ in UUID() }
            $0[\.quantity] = update(&rng, Extreme.int32)
            $0[\.unitPrice] = update(&rng, Extreme.decimal)
            $0[\.discounts] = update(&rng, Extreme.doubles)
        }
    }

    static func productPatch(_ rng: inout RNG) -> ProductPatch {
        ProductPatch(expectedVersion: 0) {
            $0[\.name] = update(&rng) { Extreme.string(&$0) }
            $0[\.details] = update(&rng) { optional(&$0) { Extreme.string(&$0) } }
            $0[\.price] = update(&rng, Extreme.decimal)
            $0[\.stock] = update(&rng, Extreme.int32)
            $0[\.weightKg] = update(&rng) { optional(&$0, Extreme.double) }
            $0[\.order] = update(&rng, Extreme.int32)
            $0[\.visibility] = update(&rng) { Extreme.pick(Product.Visibility.allCases, &$0) }
            $0[\.attributes] = update(&rng) { Extreme.json(&$0) }
            $0[\.embedding] = update(&rng) { optional(&$0, Extreme.vector) }
        }
    }

    static func ticketPatch(_ rng: inout RNG) -> SupportTicketPatch {
        SupportTicketPatch(expectedVersion: 0) {
            $0[\.customerID] = update(&rng, Extreme.uuid)
            $0[\.assigneeID] = update(&rng) { optional(&$0, Extreme.uuid) }
            $0[\.reporterID] = update(&rng) { optional(&$0, Extreme.uuid) }
            $0[\.subject] = update(&rng) { Extreme.string(&$0) }
            $0[\.body] = update(&rng) { Extreme.string(&$0) }
            $0[\.priority] = update(&rng) { Extreme.pick(SupportTicket.Priority.allCases, &$0) }
            $0[\.scores] = update(&rng, Extreme.int32s)
            $0[\.labels] = update(&rng, Extreme.strings)
        }
    }

    static func userPatch(_ rng: inout RNG) -> UserPatch {
        UserPatch(expectedVersion: 0) {
            $0[\.login] = update(&rng) { unique("safe_\(TestSequence.next())", &$0) }
            $0[\.displayName] = update(&rng) { optional(&$0) { Extreme.string(&$0) } }
            $0[\.`default`] = update(&rng) { Extreme.chance(0.5, &$0) }
            $0[\.loginCount] = update(&rng, Extreme.int64)
            $0[\.lastLoginAt] = update(&rng) { optional(&$0, Extreme.date) }
            $0[\.roles] = update(&rng, Extreme.strings)
            $0[\.profile] = update(&rng) { optional(&$0) { Extreme.json(&$0) } }
            $0[\.employeeID] = update(&rng) { optional(&$0, Extreme.uuid) }
        }
    }
}
