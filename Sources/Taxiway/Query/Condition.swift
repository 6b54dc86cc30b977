import Foundation
import PostgresNIO

/// A condition on the rows of one entity, built from its typed columns and combined with `&&`, `||` and
/// `!`. Every value is bound as a parameter; every identifier comes from a generated ``Column``.
///
/// ```swift
/// let unassigned: Condition<Trip> = Trip.columns.driverID == nil && Trip.columns.requestedAt >= start
/// ```
public struct Condition<Row>: Sendable {
    indirect enum Node: Sendable {
        case always(Bool)
        case compare(column: String, operator: String, cast: String, value: any ColumnValue)
        case null(column: String, isNull: Bool)
        case list(column: String, cast: String, values: BoundValues)
        case prefix(column: String, prefix: String)
        case and([Node])
        case or([Node])
        case not(Node)
    }

    let node: Node

    init(_ node: Node) {
        self.node = node
    }

    /// Every row.
    public static var all: Condition { Condition(.always(true)) }

    /// No row.
    public static var none: Condition { Condition(.always(false)) }

    /// Both conditions.
    public static func && (lhs: Condition, rhs: Condition) -> Condition {
        switch (lhs.node, rhs.node) {
        case (.always(true), _): rhs
        case (_, .always(true)): lhs
        case (.and(let left), .and(let right)): Condition(.and(left + right))
        case (.and(let left), let right): Condition(.and(left + [right]))
        default: Condition(.and([lhs.node, rhs.node]))
        }
    }

    /// Either condition.
    public static func || (lhs: Condition, rhs: Condition) -> Condition {
        switch (lhs.node, rhs.node) {
        case (.always(false), _): rhs
        case (_, .always(false)): lhs
        case (.or(let left), .or(let right)): Condition(.or(left + right))
        case (.or(let left), let right): Condition(.or(left + [right]))
        default: Condition(.or([lhs.node, rhs.node]))
        }
    }

    /// The opposite condition (SQL's `NOT`: a comparison with NULL is neither true nor its opposite).
    public static prefix func ! (predicate: Condition) -> Condition {
        Condition(.not(predicate.node))
    }

    /// Every one of `predicates` (every row when empty). Linear in their number, however many a caller maps
    /// from a list (folding them with `&&` would copy the growing list at every step).
    public static func allOf(_ predicates: [Condition]) -> Condition {
        joined(predicates, neutral: true, join: Node.and) { if case .and(let children) = $0 { children } else { nil } }
    }

    /// Any one of `predicates` (no row when empty). Linear in their number, as `allOf` is.
    public static func anyOf(_ predicates: [Condition]) -> Condition {
        joined(predicates, neutral: false, join: Node.or) { if case .or(let children) = $0 { children } else { nil } }
    }

    /// `predicates` joined by `join` in one pass: the `neutral` constant left out, nested joins of the same
    /// kind (`children`) flattened.
    private static func joined(_ predicates: [Condition], neutral: Bool, join: ([Node]) -> Node,
                               children: (Node) -> [Node]?) -> Condition {
        var nodes: [Node] = []
        nodes.reserveCapacity(predicates.count)
        for predicate in predicates {
            if case .always(neutral) = predicate.node { continue }
            if let nested = children(predicate.node) { nodes += nested } else { nodes.append(predicate.node) }
        }
        switch nodes.count {
        case 0: return Condition(.always(neutral))
        case 1: return Condition(nodes[0])
        default: return Condition(join(nodes))
        }
    }
}

/// A list of values bound as one array parameter, kept with a text for cursor fingerprints.
struct BoundValues: Sendable {
    let bind: @Sendable (inout PostgresBindings) throws -> Void
    let fingerprint: String
}

// MARK: - Comparisons

extension Column where Value: ColumnValue {
    fileprivate func compare(_ sqlOperator: String, _ value: Value) -> Condition<Row> {
        Condition(.compare(column: name, operator: sqlOperator, cast: cast, value: value))
    }

    /// `column = value`; with a nil value, `column IS NULL`.
    public static func == (column: Column, value: Value) -> Condition<Row> {
        value.isNull ? Condition(.null(column: column.name, isNull: true)) : column.compare("=", value)
    }

    /// `column = value`, as `==` says: a named method, which the compiler resolves without weighing every `==`
    /// in scope (generated finders use it).
    public func equals(_ value: Value) -> Condition<Row> {
        self == value
    }

    /// `column <> value`; with a nil value, `column IS NOT NULL`.
    public static func != (column: Column, value: Value) -> Condition<Row> {
        value.isNull ? Condition(.null(column: column.name, isNull: false)) : column.compare("<>", value)
    }

    /// `column IS NULL`.
    public var isNull: Condition<Row> { Condition(.null(column: name, isNull: true)) }

    /// `column IS NOT NULL`.
    public var isNotNull: Condition<Row> { Condition(.null(column: name, isNull: false)) }
}

extension Column where Value: ListableValue {
    /// `column = ANY($n)`: the column equals one of `values` (no row when `values` is empty).
    public func `in`(_ values: [Value]) -> Condition<Row> {
        guard !values.isEmpty else { return .none }
        return Condition(.list(column: name, cast: "", values: BoundValues(
            bind: { try Value.bindList(values, into: &$0) },
            fingerprint: values.map { Condition<Row>.framed($0.fingerprint) }.joined())))
    }
}

extension Column {
    /// `column = ANY($n)` on a nullable column: the column equals one of `values` (never NULL).
    public func `in`<Wrapped: ListableValue>(_ values: [Wrapped]) -> Condition<Row> where Value == Wrapped? {
        guard !values.isEmpty else { return .none }
        return Condition(.list(column: name, cast: "", values: BoundValues(
            bind: { try Wrapped.bindList(values, into: &$0) },
            fingerprint: values.map { Condition<Row>.framed($0.fingerprint) }.joined())))
    }
}

extension Column where Value: OrderedValue {
    /// `column < value`.
    public static func < (column: Column, value: Value) -> Condition<Row> { column.compare("<", value) }
    /// `column <= value`.
    public static func <= (column: Column, value: Value) -> Condition<Row> { column.compare("<=", value) }
    /// `column > value`.
    public static func > (column: Column, value: Value) -> Condition<Row> { column.compare(">", value) }
    /// `column >= value`.
    public static func >= (column: Column, value: Value) -> Condition<Row> { column.compare(">=", value) }
}

extension Column {
    private func compareWrapped<Wrapped: OrderedValue>(_ sqlOperator: String, _ value: Wrapped) -> Condition<Row> {
        Condition(.compare(column: name, operator: sqlOperator, cast: cast, value: value))
    }

    /// `column < value` on a nullable column (a NULL never matches).
    public static func < <Wrapped: OrderedValue>(column: Column, value: Wrapped) -> Condition<Row> where Value == Wrapped? {
        column.compareWrapped("<", value)
    }
    /// `column <= value` on a nullable column (a NULL never matches).
    public static func <= <Wrapped: OrderedValue>(column: Column, value: Wrapped) -> Condition<Row> where Value == Wrapped? {
        column.compareWrapped("<=", value)
    }
    /// `column > value` on a nullable column (a NULL never matches).
    public static func > <Wrapped: OrderedValue>(column: Column, value: Wrapped) -> Condition<Row> where Value == Wrapped? {
        column.compareWrapped(">", value)
    }
    /// `column >= value` on a nullable column (a NULL never matches).
    public static func >= <Wrapped: OrderedValue>(column: Column, value: Wrapped) -> Condition<Row> where Value == Wrapped? {
        column.compareWrapped(">=", value)
    }

    /// `lower <= column AND column < upper`: a half-open range (pass nil for an open end).
    public func within<Wrapped: OrderedValue>(from lower: Wrapped?, upTo upper: Wrapped?) -> Condition<Row>
    where Value == Wrapped? {
        (lower.map { self >= $0 } ?? .all) && (upper.map { self < $0 } ?? .all)
    }
}

extension Column where Value: OrderedValue {
    /// `lower <= column AND column < upper`: a half-open range (pass nil for an open end).
    public func within(from lower: Value?, upTo upper: Value?) -> Condition<Row> {
        (lower.map { self >= $0 } ?? .all) && (upper.map { self < $0 } ?? .all)
    }
}

// MARK: - Text, arrays and JSON

extension Column where Value == String {
    /// The text starts with `prefix` (`LIKE 'prefix%'`, with `%`, `_` and `\` in `prefix` matched literally).
    public func hasPrefix(_ prefix: String) -> Condition<Row> {
        Condition(.prefix(column: name, prefix: prefix))
    }
}

extension Column where Value == String? {
    /// The text starts with `prefix` (`LIKE 'prefix%'`, with `%`, `_` and `\` in `prefix` matched literally).
    public func hasPrefix(_ prefix: String) -> Condition<Row> {
        Condition(.prefix(column: name, prefix: prefix))
    }
}

extension Column {
    /// The array holds every one of `items` (`@>`, served by a GIN index).
    public func contains<Element: ArrayElementValue>(_ items: [Element]) -> Condition<Row>
    where Value == [Element] {
        Condition(.compare(column: name, operator: "@>", cast: cast, value: items))
    }

    /// The array shares at least one item with `items` (`&&`, served by a GIN index).
    public func overlaps<Element: ArrayElementValue>(_ items: [Element]) -> Condition<Row>
    where Value == [Element] {
        Condition(.compare(column: name, operator: "&&", cast: cast, value: items))
    }

    /// The array (when not NULL) holds every one of `items` (`@>`, served by a GIN index).
    public func contains<Element: ArrayElementValue>(_ items: [Element]) -> Condition<Row>
    where Value == [Element]? {
        Condition(.compare(column: name, operator: "@>", cast: cast, value: items))
    }

    /// The array (when not NULL) shares at least one item with `items` (`&&`, served by a GIN index).
    public func overlaps<Element: ArrayElementValue>(_ items: [Element]) -> Condition<Row>
    where Value == [Element]? {
        Condition(.compare(column: name, operator: "&&", cast: cast, value: items))
    }
}

extension Column where Value == JSONValue {
    /// The JSON document contains `fragment` (`@>`, served by a GIN index).
    public func contains(_ fragment: JSONValue) -> Condition<Row> {
        Condition(.compare(column: name, operator: "@>", cast: cast, value: fragment))
    }
}

extension Column where Value == JSONValue? {
    /// The JSON document (when not NULL) contains `fragment` (`@>`, served by a GIN index).
    public func contains(_ fragment: JSONValue) -> Condition<Row> {
        Condition(.compare(column: name, operator: "@>", cast: cast, value: fragment))
    }
}

extension Column where Value == OpaqueValue {
    /// The column (a sensitive field's lookup digest) equals one of `digests` (`= ANY($n::bytea[])`); the
    /// cipher gives a value's digests under every lookup key it knows.
    public func matches(_ digests: [Bytea]) -> Condition<Row> {
        guard !digests.isEmpty else { return .none }
        return Condition(.list(column: name, cast: "::bytea[]", values: BoundValues(
            bind: { try $0.append(BulkColumn(digests)) },
            fingerprint: digests.map { Condition<Row>.framed($0.bytes.map { String(format: "%02x", $0) }.joined()) }.joined())))
    }
}
