import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting

/// Valid create requests for the example domain, unique per call (`n` comes from `TestSequence`), with
/// the references a test wants to group rows by. Unique values live in a namespace of their own (`repo…`
/// emails, order numbers from 5·10¹¹), apart from the generated fixtures that share the database and the
/// sequence when every test target runs in one process.
enum Requests {
    /// A customer; `manager` groups customers so a test sees only its own rows.
    static func customer(_ n: Int = TestSequence.next(), manager: UUID? = nil) -> CustomerCreate {
        CustomerCreate(name: "Customer \(n)", email: "repo\(n)@example.com", status: .active, credit: 10,
                       tags: ["t\(n)"], website: TestValues.url(n), taxNumber: "TAX-\(n)",
                       accountManagerID: manager)
    }

    /// An employee reporting to `manager`.
    static func employee(_ n: Int = TestSequence.next(), manager: UUID? = nil) -> EmployeeCreate {
        EmployeeCreate(fullName: "Employee \(n)", email: "repo\(n)@example.com", managerID: manager,
                       hiredOn: CalendarDate(year: 2020, month: 1, day: 1 + n % 28)!, salaryCents: Int64(n))
    }

    /// An order of `customer`.
    static func order(_ n: Int = TestSequence.next(), customer: UUID = UUID()) -> OrderCreate {
        OrderCreate(customerID: customer, number: 500_000_000_000 + Int64(n), total: 1)
    }

    /// A line of `order` for `product`.
    static func orderLine(order: UUID = UUID(), product: UUID = UUID(), quantity: Int32 = 1) -> OrderLineCreate {
        OrderLineCreate(orderID: order, productID: product, quantity: quantity, unitPrice: 1)
    }

    /// A product listed at position `order` (a test picks a unique `order` to see only its own rows).
    static func product(_ n: Int = TestSequence.next(), order: Int32 = 0) -> ProductCreate {
        ProductCreate(sku: "SKU-\(n)", name: "Product \(n)", order: order)
    }

    /// A ticket of `customer`.
    static func ticket(_ n: Int = TestSequence.next(), customer: UUID = UUID(), assignee: UUID? = nil,
                       reporter: UUID? = nil) -> SupportTicketCreate {
        SupportTicketCreate(customerID: customer, assigneeID: assignee, reporterID: reporter,
                            subject: "Ticket \(n)", body: "Body \(n)")
    }

    /// A user of `employee`.
    static func user(_ n: Int = TestSequence.next(), employee: UUID? = nil) -> UserCreate {
        UserCreate(login: "user_\(n)", employeeID: employee)
    }

    /// A position for products no other test uses, so `$0.order == position` isolates a test's products.
    static func uniqueProductOrder() -> Int32 {
        Int32(truncatingIfNeeded: TestSequence.next() % 2_000_000_000)
    }
}
