import Foundation
import Taxiway

/// The shop's own business rules, added to the rules the specs generate without editing generated code.
public enum OrderRules {
    /// An order's total must be the product's price times the quantity.
    public static func totalMatches(price: Decimal) -> ValidationRule<OrderCreate> {
        ValidationRule(field: Order.columns.total.name, rule: "matches_price") { order in
            order.total == price * Decimal(Int(order.quantity)) ? nil : "must be \(price) × \(order.quantity)"
        }
    }
}
