import Foundation

/// A column of an entity's table, typed by the entity (`Row`) and the Swift type of its values (`Value`).
///
/// Generated code declares one per column (`Order.columns.placedAt`); predicates and orderings are built
/// from them, so a predicate on another entity's column, or with a value of the wrong type, does not
/// compile. ``name`` is the column's SQL identifier, already quoted where it must be, for hand-written SQL.
public struct Column<Row, Value>: Sendable, CustomStringConvertible {
    /// The SQL identifier of the column (quoted when it needs to be).
    public let name: String
    /// A cast every placeholder compared with this column carries (`::vector`), or empty.
    public let cast: String
    /// The distance operator of a vector column's index (`<=>`, `<->`, `<#>`), nil for other columns.
    public let distanceOperator: String?
    /// Reads the column's value from a model (for keyset cursors); nil for columns a model does not hold.
    public let value: (@Sendable (Row) -> Value)?

    /// A column named `name` whose value a model holds at `value`.
    public init(_ name: String, cast: String = "", distanceOperator: String? = nil,
                _ value: (@Sendable (Row) -> Value)? = nil) {
        self.name = name
        self.cast = cast
        self.distanceOperator = distanceOperator
        self.value = value
    }

    /// The SQL identifier, so `"\(Order.columns.status)"` writes the column's name.
    public var description: String { name }
}

/// The type of a column no predicate may compare: a sealed (encrypted) value or a lookup digest.
public enum OpaqueValue: Sendable {}

/// Which end of the order SQL NULLs take.
public enum NullsPlacement: String, Sendable, Hashable {
    /// NULLs before every value.
    case first = "NULLS FIRST"
    /// NULLs after every value.
    case last = "NULLS LAST"
}

/// One term of an ordering: a column, a direction and where NULLs go. Lists are always tie-broken by the
/// entity's key, so pages never overlap or skip rows.
public struct SortTerm<Row>: Sendable {
    /// The column's SQL identifier.
    public let column: String
    /// Whether values rise.
    public let ascending: Bool
    /// Where NULLs go.
    public let nulls: NullsPlacement
    /// Whether the column's values can be NULL.
    let isNullable: Bool
    /// The cursor key of a model's value.
    let key: @Sendable (Row) -> KeysetCursor.Key
    /// Whether a client's cursor key fits the column.
    let accepts: @Sendable (KeysetCursor.Key) -> Bool

    /// The term's SQL: `column ASC NULLS LAST`.
    public var sql: String {
        column + (ascending ? " ASC " : " DESC ") + nulls.rawValue
    }
}

extension Column where Value: SortableValue {
    /// Ascending order; NULLs last unless asked otherwise (PostgreSQL's default for ascending order).
    public func ascending(nulls: NullsPlacement = .last) -> SortTerm<Row> {
        term(ascending: true, nulls: nulls)
    }

    /// Descending order; NULLs first unless asked otherwise (PostgreSQL's default for descending order).
    public func descending(nulls: NullsPlacement = .first) -> SortTerm<Row> {
        term(ascending: false, nulls: nulls)
    }

    private func term(ascending: Bool, nulls: NullsPlacement) -> SortTerm<Row> {
        let read = value
        return SortTerm(column: name, ascending: ascending, nulls: nulls,
                        isNullable: Value.accepts(.null),
                        key: { row in read.map { $0(row).sortKey } ?? .null },
                        accepts: { Value.accepts($0) })
    }
}
