/// A query a spec declares by name under `queries:`: conditions on the entity's columns (ANDed) and an
/// ordering, with `$parameters` the generated methods take. The checker has proven that every operator fits
/// its column's type as Taxiway's typed `Column` allows, so the planner only spells it out.
public struct NamedQuery: Sendable {
    /// One condition of `where`: a column, an operator and what it compares with.
    public struct Condition: Sendable {
        /// The column's name (a field, `created_at` or `updated_at`).
        public let column: String
        /// The comparison.
        public let comparison: Comparison
        /// What the column is compared with (`.none` for `IS NULL` and `IS NOT NULL`).
        public let operand: Operand
        /// Where the condition is written.
        public let location: SourceLocation

        /// Creates a condition.
        public init(column: String, comparison: Comparison, operand: Operand, location: SourceLocation) {
            self.column = column
            self.comparison = comparison
            self.operand = operand
            self.location = location
        }
    }

    /// The comparisons of a condition: the spec's operators, and `null` / `not_null`.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case eq, ne, lt, lte, gt, gte
        case `in`
        case prefix, contains, overlaps
        /// `field: null`.
        case isNull = "null"
        /// `field: not_null`.
        case isNotNull = "not_null"

        /// The operators a spec writes in a condition's mapping (`{ gte: $since }`).
        public static let operators: [Comparison] = [.eq, .ne, .lt, .lte, .gt, .gte, .in, .prefix, .contains, .overlaps]

        /// Whether the comparison is an ordered one (`lt`, `lte`, `gt`, `gte`).
        public var isRange: Bool { [.lt, .lte, .gt, .gte].contains(self) }
    }

    /// What a condition compares its column with.
    public enum Operand: Sendable {
        /// Nothing (`IS NULL`, `IS NOT NULL`).
        case none
        /// A `$parameter` of the generated methods (its snake_case name, without `$`).
        case parameter(String)
        /// A constant the spec writes.
        case constant(Constant)
    }

    /// A constant of a condition, already checked against its column's type.
    public indirect enum Constant: Sendable, Hashable {
        /// A value of the column's type (text, number, boolean, enum value, date, JSON, array).
        case value(DefaultValue)
        /// A UUID, in its canonical lowercase text.
        case uuid(String)
        /// The values of an `in` list.
        case list([Constant])
    }

    /// One term of `order_by`.
    public struct Ordering: Sendable, Hashable {
        /// The column's name.
        public let column: String
        /// Whether values rise.
        public let ascending: Bool
        /// Whether NULLs come first; nil for the direction's default (last ascending, first descending).
        public let nullsFirst: Bool?
        /// Where the term is written.
        public let location: SourceLocation

        /// Whether a btree index on the column gives this order: its keys rise with NULLs last (PostgreSQL's
        /// default), so a scan forward gives ascending with NULLs last, and backward descending with NULLs
        /// first. `nulls first` ascending or `nulls last` descending needs a sort, whatever the index.
        public var isIndexScanOrder: Bool {
            (nullsFirst ?? !ascending) == !ascending
        }

        /// Creates an ordering term.
        public init(column: String, ascending: Bool, nullsFirst: Bool?, location: SourceLocation) {
            self.column = column
            self.ascending = ascending
            self.nullsFirst = nullsFirst
            self.location = location
        }
    }

    /// A `$parameter` of the generated methods, with the type every use of it agrees on.
    public struct Parameter: Sendable {
        /// The snake_case name, without `$`.
        public let name: String
        /// The Swift argument label and name (`customer_id` → `customerID`).
        public let swiftName: String
        /// The type of the column it is compared with.
        public let type: FieldType
        /// Whether it is a list of the column's values (`in: $statuses`).
        public let isList: Bool

        /// Creates a parameter.
        public init(name: String, swiftName: String, type: FieldType, isList: Bool) {
            self.name = name
            self.swiftName = swiftName
            self.type = type
            self.isList = isList
        }
    }

    /// The snake_case name the spec gives (`open_orders_of_customer`).
    public let name: String
    /// The Swift method name (`openOrdersOfCustomer`).
    public let swiftName: String
    /// The spec's description, if any.
    public let description: String?
    /// The conditions, ANDed, in the order written.
    public let conditions: [Condition]
    /// The ordering, in the order written (the key breaks ties).
    public let ordering: [Ordering]
    /// The parameters, in the order of their first use.
    public let parameters: [Parameter]
    /// Where the query is declared (its name).
    public let location: SourceLocation

    /// Creates a named query.
    public init(name: String, swiftName: String, description: String?, conditions: [Condition], ordering: [Ordering],
                parameters: [Parameter], location: SourceLocation) {
        self.name = name
        self.swiftName = swiftName
        self.description = description
        self.conditions = conditions
        self.ordering = ordering
        self.parameters = parameters
        self.location = location
    }
}
