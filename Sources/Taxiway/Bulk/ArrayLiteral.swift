import Foundation

/// PostgreSQL's text form of an array (`{"a","b \"c\""}`, `{1,2.5}`): how an array field's value travels
/// inside the one array parameter of its column in a bulk insert (an array of arrays of varying lengths
/// cannot be a PostgreSQL array, so each row's array is sent as text and cast back by the statement).
public enum ArrayLiteral {
    /// The literal of an array of text; every item is quoted, `"` and `\` are escaped.
    public static func text(_ items: [String]) -> String {
        var literal = "{"
        for (index, item) in items.enumerated() {
            literal += index == 0 ? "\"" : ",\""
            for scalar in item.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { literal += "\\" }
                literal.unicodeScalars.append(scalar)
            }
            literal += "\""
        }
        return literal + "}"
    }

    /// The literal of an array of numbers or booleans.
    public static func plain<Item: LosslessStringConvertible>(_ items: [Item]) -> String {
        "{" + items.map { $0.description }.joined(separator: ",") + "}"
    }

    /// The literal of an array of UUIDs.
    public static func uuids(_ items: [UUID]) -> String {
        "{" + items.map { $0.uuidString }.joined(separator: ",") + "}"
    }
}
