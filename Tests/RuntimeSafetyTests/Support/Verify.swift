import ExampleDomain
import Foundation
import Taxiway

/// Which fields of a stored row do not hold what the accepted request or patch sent: text byte for byte,
/// instants to PostgreSQL's microsecond, everything else exactly.
enum Verify {
    /// Collects the names of mismatched fields.
    struct Mismatches {
        private(set) var names: [String] = []

        mutating func check<T>(_ name: String, _ stored: T, _ sent: T, _ same: (T, T) -> Bool) {
            if !same(stored, sent) { names.append(name) }
        }

        mutating func check<T: Equatable>(_ name: String, _ stored: T, _ sent: T) {
            check(name, stored, sent, ==)
        }

        /// A patched field: the set value, or the old one when unchanged.
        mutating func check<T>(_ name: String, _ stored: T, _ update: FieldUpdate<T>, old: T, _ same: (T, T) -> Bool) {
            check(name, stored, update.newValue ?? old, same)
        }

        mutating func check<T: Equatable>(_ name: String, _ stored: T, _ update: FieldUpdate<T>, old: T) {
            check(name, stored, update, old: old, ==)
        }
    }

    static func customer(_ s: Customer, _ r: CustomerCreate) -> [String] {
        var m = Mismatches()
        m.check("name", s.name, r.name, sameBytes)
        m.check("email", s.email, r.email, sameBytes)
        m.check("status", s.status, r.status)
        m.check("credit", s.credit, r.credit)
        m.check("tags", s.tags, r.tags, sameBytes)
        m.check("website", s.website, r.website, sameBytes)
        m.check("tax_number", s.taxNumber, r.taxNumber, sameBytes)
        m.check("account_manager_id", s.accountManagerID, r.accountManagerID)
        return m.names
    }

    static func customer(_ s: Customer, _ p: CustomerPatch, old o: Customer) -> [String] {
        var m = Mismatches()
        m.check("name", s.name, p[\.name], old: o.name, sameBytes)
        m.check("email", s.email, p[\.email], old: o.email, sameBytes)
        m.check("status", s.status, p[\.status], old: o.status)
        m.check("credit", s.credit, p[\.credit], old: o.credit)
        m.check("tags", s.tags, p[\.tags], old: o.tags, sameBytes)
        m.check("website", s.website, p[\.website], old: o.website, sameBytes)
        m.check("tax_number", s.taxNumber, p[\.taxNumber], old: o.taxNumber, sameBytes)
        m.check("account_manager_id", s.accountManagerID, p[\.accountManagerID], old: o.accountManagerID)
        return m.names
    }

    static func employee(_ s: Employee, _ r: EmployeeCreate) -> [String] {
        var m = Mismatches()
        m.check("full_name", s.fullName, r.fullName, sameBytes)
        m.check("email", s.email, r.email, sameBytes)
        m.check("manager_id", s.managerID, r.managerID)
        m.check("hired_on", s.hiredOn, r.hiredOn)
        m.check("salary_cents", s.salaryCents, r.salaryCents)
        m.check("active", s.active, r.active)
        m.check("class", s.class, r.class)
        return m.names
    }

    static func employee(_ s: Employee, _ p: EmployeePatch, old o: Employee) -> [String] {
        var m = Mismatches()
        m.check("full_name", s.fullName, p[\.fullName], old: o.fullName, sameBytes)
        m.check("email", s.email, p[\.email], old: o.email, sameBytes)
        m.check("manager_id", s.managerID, p[\.managerID], old: o.managerID)
        m.check("hired_on", s.hiredOn, o.hiredOn)
        m.check("salary_cents", s.salaryCents, p[\.salaryCents], old: o.salaryCents)
        m.check("active", s.active, p[\.active], old: o.active)
        m.check("class", s.class, p[\.class], old: o.class)
        return m.names
    }

    static func order(_ s: Order, _ r: OrderCreate) -> [String] {
        var m = Mismatches()
        m.check("customer_id", s.customerID, r.customerID)
        m.check("number", s.number, r.number)
        m.check("placed_at", s.placedAt, r.placedAt, sameInstant)
        m.check("status", s.status, r.status)
        m.check("total", s.total, r.total)
        m.check("notes", s.notes, r.notes, sameBytes)
        m.check("tracking_id", s.trackingID, r.trackingID)
        m.check("delivery_date", s.deliveryDate, r.deliveryDate)
        m.check("data", s.data, r.data)
        return m.names
    }

    static func order(_ s: Order, _ p: OrderPatch, old o: Order) -> [String] {
        var m = Mismatches()
        m.check("placed_at", s.placedAt, p[\.placedAt], old: o.placedAt, sameInstant)
        m.check("status", s.status, p[\.status], old: o.status)
        m.check("total", s.total, p[\.total], old: o.total)
        m.check("notes", s.notes, p[\.notes], old: o.notes, sameBytes)
        m.check("tracking_id", s.trackingID, p[\.trackingID], old: o.trackingID)
        m.check("delivery_date", s.deliveryDate, p[\.deliveryDate], old: o.deliveryDate)
        m.check("data", s.data, p[\.data], old: o.data)
        return m.names
    }

    static func orderLine(_ s: OrderLine, _ r: OrderLineCreate) -> [String] {
        var m = Mismatches()
        m.check("order_id", s.orderID, r.orderID)
        m.check("product_id", s.productID, r.productID)
        m.check("quantity", s.quantity, r.quantity)
        m.check("unit_price", s.unitPrice, r.unitPrice)
        m.check("discounts", s.discounts, r.discounts)
        return m.names
    }

    static func orderLine(_ s: OrderLine, _ p: OrderLinePatch, old o: OrderLine) -> [String] {
        var m = Mismatches()
        m.check("product_id", s.productID, p[\.productID], old: o.productID)
        m.check("quantity", s.quantity, p[\.quantity], old: o.quantity)
        m.check("unit_price", s.unitPrice, p[\.unitPrice], old: o.unitPrice)
        m.check("discounts", s.discounts, p[\.discounts], old: o.discounts)
        return m.names
    }

    static func product(_ s: Product, _ r: ProductCreate) -> [String] {
        var m = Mismatches()
        m.check("sku", s.sku, r.sku, sameBytes)
        m.check("name", s.name, r.name, sameBytes)
        m.check("details", s.details, r.details, sameBytes)
        m.check("price", s.price, r.price)
        m.check("stock", s.stock, r.stock)
        m.check("weight_kg", s.weightKg, r.weightKg)
        m.check("order", s.order, r.order)
        m.check("visibility", s.visibility, r.visibility)
        m.check("attributes", s.attributes, r.attributes)
        m.check("embedding", s.embedding, r.embedding)
        return m.names
    }

    static func product(_ s: Product, _ p: ProductPatch, old o: Product) -> [String] {
        var m = Mismatches()
        m.check("name", s.name, p[\.name], old: o.name, sameBytes)
        m.check("details", s.details, p[\.details], old: o.details, sameBytes)
        m.check("price", s.price, p[\.price], old: o.price)
        m.check("stock", s.stock, p[\.stock], old: o.stock)
        m.check("weight_kg", s.weightKg, p[\.weightKg], old: o.weightKg)
        m.check("order", s.order, p[\.order], old: o.order)
        m.check("visibility", s.visibility, p[\.visibility], old: o.visibility)
        m.check("attributes", s.attributes, p[\.attributes], old: o.attributes)
        m.check("embedding", s.embedding, p[\.embedding], old: o.embedding)
        return m.names
    }

    static func ticket(_ s: SupportTicket, _ r: SupportTicketCreate) -> [String] {
        var m = Mismatches()
        m.check("customer_id", s.customerID, r.customerID)
        m.check("assignee_id", s.assigneeID, r.assigneeID)
        m.check("reporter_id", s.reporterID, r.reporterID)
        m.check("subject", s.subject, r.subject, sameBytes)
        m.check("body", s.body, r.body, sameBytes)
        m.check("priority", s.priority, r.priority)
        m.check("opened_on", s.openedOn, r.openedOn)
        m.check("public_token", s.publicToken, r.publicToken)
        m.check("scores", s.scores, r.scores)
        m.check("labels", s.labels, r.labels, sameBytes)
        return m.names
    }

    static func ticket(_ s: SupportTicket, _ p: SupportTicketPatch, old o: SupportTicket) -> [String] {
        var m = Mismatches()
        m.check("customer_id", s.customerID, p[\.customerID], old: o.customerID)
        m.check("assignee_id", s.assigneeID, p[\.assigneeID], old: o.assigneeID)
        m.check("reporter_id", s.reporterID, p[\.reporterID], old: o.reporterID)
        m.check("subject", s.subject, p[\.subject], old: o.subject, sameBytes)
        m.check("body", s.body, p[\.body], old: o.body, sameBytes)
        m.check("priority", s.priority, p[\.priority], old: o.priority)
        m.check("scores", s.scores, p[\.scores], old: o.scores)
        m.check("labels", s.labels, p[\.labels], old: o.labels, sameBytes)
        return m.names
    }

    static func user(_ s: User, _ r: UserCreate) -> [String] {
        var m = Mismatches()
        m.check("login", s.login, r.login, sameBytes)
        m.check("display_name", s.displayName, r.displayName, sameBytes)
        m.check("default", s.default, r.default)
        m.check("login_count", s.loginCount, r.loginCount)
        m.check("last_login_at", s.lastLoginAt, r.lastLoginAt, sameInstant)
        m.check("roles", s.roles, r.roles, sameBytes)
        m.check("profile", s.profile, r.profile)
        m.check("employee_id", s.employeeID, r.employeeID)
        return m.names
    }

    static func user(_ s: User, _ p: UserPatch, old o: User) -> [String] {
        var m = Mismatches()
        m.check("login", s.login, p[\.login], old: o.login, sameBytes)
        m.check("display_name", s.displayName, p[\.displayName], old: o.displayName, sameBytes)
        m.check("default", s.default, p[\.`default`], old: o.default)
        m.check("login_count", s.loginCount, p[\.loginCount], old: o.loginCount)
        m.check("last_login_at", s.lastLoginAt, p[\.lastLoginAt], old: o.lastLoginAt, sameInstant)
        m.check("roles", s.roles, p[\.roles], old: o.roles, sameBytes)
        m.check("profile", s.profile, p[\.profile], old: o.profile)
        m.check("employee_id", s.employeeID, p[\.employeeID], old: o.employeeID)
        return m.names
    }
}
