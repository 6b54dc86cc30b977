import Foundation
import PostgresNIO

/// A Swift value a typed ``Column`` holds, which a ``Condition`` binds as a parameter.
///
/// Every value is bound (never spliced into SQL) through the safe bindings of this library, so a NaN
/// `Decimal` or an out-of-range `Date` fails the statement instead of trapping.
public protocol ColumnValue: Sendable {
    /// Appends the value as the next `$n` parameter.
    func bind(into bindings: inout PostgresBindings) throws
    /// Whether the value is SQL NULL (an optional's `nil`); `==` then means `IS NULL`.
    var isNull: Bool { get }
    /// A stable text of the value for a keyset cursor's query fingerprint.
    var fingerprint: String { get }
}

extension ColumnValue {
    /// Values are not NULL unless they are an empty optional.
    public var isNull: Bool { false }
    /// The value's debug description.
    public var fingerprint: String { String(reflecting: self) }
}

/// A value that `IN` lists and batch gets bind as one array parameter.
public protocol ListableValue: ColumnValue {
    /// Appends `values` as one array parameter (`= ANY($n)`).
    static func bindList(_ values: [Self], into bindings: inout PostgresBindings) throws
}

/// A value a list can be ordered by, and that a keyset cursor carries.
public protocol SortableValue: ColumnValue {
    /// The value as a keyset cursor key.
    var sortKey: KeysetCursor.Key { get }
    /// Whether a cursor key is of this type (a client's cursor is refused otherwise).
    static func accepts(_ key: KeysetCursor.Key) -> Bool
}

/// A value with an order: `<`, `<=`, `>`, `>=` compare it (numbers, text, timestamps, dates, UUIDs).
public protocol OrderedValue: SortableValue, ListableValue {}

/// A generated enum, stored as its raw text; compared with `=`, `IN`, and sortable by its text.
public protocol StoredEnum: RawRepresentable, SortableValue, ListableValue, InsertedValue where RawValue == String {}

extension StoredEnum {
    /// Binds the raw value as `text`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(rawValue) }
    /// Binds the raw values as `text[]`.
    public static func bindList(_ values: [Self], into bindings: inout PostgresBindings) throws {
        bindings.append(values.map { $0.rawValue })
    }
    /// The raw text.
    public var sortKey: KeysetCursor.Key { .string(rawValue) }
    /// Text keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .string = key { true } else { false }
    }
    /// The raw text.
    public var fingerprint: String { rawValue }
}

extension String: OrderedValue {
    /// Binds as `text`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `text[]`.
    public static func bindList(_ values: [String], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// A text key.
    public var sortKey: KeysetCursor.Key { .string(self) }
    /// Text keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .string = key { true } else { false }
    }
}

extension Int32: OrderedValue {
    /// Binds as `integer`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `integer[]`.
    public static func bindList(_ values: [Int32], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// An integer key.
    public var sortKey: KeysetCursor.Key { .int(Int64(self)) }
    /// Integer keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .int = key { true } else { false }
    }
}

extension Int64: OrderedValue {
    /// Binds as `bigint`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `bigint[]`.
    public static func bindList(_ values: [Int64], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// An integer key.
    public var sortKey: KeysetCursor.Key { .int(self) }
    /// Integer keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .int = key { true } else { false }
    }
}

extension Double: OrderedValue {
    /// Binds as `double precision`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `double precision[]`.
    public static func bindList(_ values: [Double], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// A double key.
    public var sortKey: KeysetCursor.Key { .double(self) }
    /// Double keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .double = key { true } else { false }
    }
}

extension Bool: SortableValue, ListableValue {
    /// Binds as `boolean`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `boolean[]`.
    public static func bindList(_ values: [Bool], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// A boolean key.
    public var sortKey: KeysetCursor.Key { .bool(self) }
    /// Boolean keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .bool = key { true } else { false }
    }
}

extension UUID: OrderedValue {
    /// Binds as `uuid`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `uuid[]`.
    public static func bindList(_ values: [UUID], into bindings: inout PostgresBindings) throws { bindings.append(values) }
    /// A UUID key.
    public var sortKey: KeysetCursor.Key { .uuid(self) }
    /// UUID keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .uuid = key { true } else { false }
    }
    /// The UUID's text.
    public var fingerprint: String { uuidString }
}

extension Date: OrderedValue {
    /// Binds as `timestamptz` through ``TimestampBinding`` (never traps).
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `timestamptz[]` (a date PostgreSQL cannot store throws ``IllegalArgument``).
    public static func bindList(_ values: [Date], into bindings: inout PostgresBindings) throws {
        try bindings.append(BulkColumn(values))
    }
    /// A timestamp key, exact to the microsecond.
    public var sortKey: KeysetCursor.Key { .timestamp(self) }
    /// Timestamp keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .timestamp = key { true } else { false }
    }
    /// The microseconds since 2000 (what the database compares).
    public var fingerprint: String { "\(KeysetCursor.Key.timestamp(self))" }
}

extension Decimal: OrderedValue {
    /// Binds as `numeric` through ``DecimalBinding`` (NaN throws ``IllegalArgument``).
    public func bind(into bindings: inout PostgresBindings) throws { try bindings.append(self) }
    /// Binds as `numeric[]`.
    public static func bindList(_ values: [Decimal], into bindings: inout PostgresBindings) throws {
        try bindings.append(BulkColumn(values))
    }
    /// A numeric key.
    public var sortKey: KeysetCursor.Key { .decimal(self) }
    /// Numeric keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .decimal = key { true } else { false }
    }
    /// The number's text.
    public var fingerprint: String { description }
}

extension CalendarDate: OrderedValue {
    /// Binds as `date`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// Binds as `date[]`.
    public static func bindList(_ values: [CalendarDate], into bindings: inout PostgresBindings) throws {
        try bindings.append(BulkColumn(values))
    }
    /// A date key.
    public var sortKey: KeysetCursor.Key { .date(self) }
    /// Date keys.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .date = key { true } else { false }
    }
}

extension JSONValue: ColumnValue {
    /// Binds as `jsonb`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
}

/// An element type of an array field (`text[]`, `integer[]`, …), or `Float` for a `vector` field.
public protocol ArrayElementValue: Sendable {
    /// Appends `values` as one array parameter (a vector for `Float`).
    static func bindArray(_ values: [Self], into bindings: inout PostgresBindings) throws
    /// PostgreSQL's text form of `values` (`{"a","b"}`, `{1,2}`): how an array travels in a bulk insert.
    static func arrayLiteral(_ values: [Self]) -> String
}

extension String: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [String]) -> String { ArrayLiteral.text(values) }
    /// Binds as `text[]`.
    public static func bindArray(_ values: [String], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension Int32: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [Int32]) -> String { ArrayLiteral.plain(values) }
    /// Binds as `integer[]`.
    public static func bindArray(_ values: [Int32], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension Int64: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [Int64]) -> String { ArrayLiteral.plain(values) }
    /// Binds as `bigint[]`.
    public static func bindArray(_ values: [Int64], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension Double: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [Double]) -> String { ArrayLiteral.plain(values) }
    /// Binds as `double precision[]`.
    public static func bindArray(_ values: [Double], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension Bool: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [Bool]) -> String { ArrayLiteral.plain(values) }
    /// Binds as `boolean[]`.
    public static func bindArray(_ values: [Bool], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension UUID: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [UUID]) -> String { ArrayLiteral.uuids(values) }
    /// Binds as `uuid[]`.
    public static func bindArray(_ values: [UUID], into bindings: inout PostgresBindings) throws { bindings.append(values) }
}

extension Float: ArrayElementValue {
    /// The array's text form.
    public static func arrayLiteral(_ values: [Float]) -> String { ArrayLiteral.plain(values) }
    /// Binds as a pgvector value (the column's placeholders are cast `::vector`).
    public static func bindArray(_ values: [Float], into bindings: inout PostgresBindings) throws {
        bindings.append(PGVector(values))
    }
}

extension Array: ColumnValue where Element: ArrayElementValue {
    /// Binds the whole array as one parameter.
    public func bind(into bindings: inout PostgresBindings) throws { try Element.bindArray(self, into: &bindings) }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    /// Binds the value, or NULL.
    public func bind(into bindings: inout PostgresBindings) throws {
        if let value = self {
            try value.bind(into: &bindings)
        } else {
            bindings.appendNull()
        }
    }
    /// Whether this is nil.
    public var isNull: Bool { self == nil }
    /// The wrapped value's fingerprint, or `NULL`.
    public var fingerprint: String { self?.fingerprint ?? "NULL" }
}

extension Optional: SortableValue where Wrapped: SortableValue {
    /// The wrapped value's key, or ``KeysetCursor/Key/null``.
    public var sortKey: KeysetCursor.Key { self?.sortKey ?? .null }
    /// The wrapped type's keys and ``KeysetCursor/Key/null``.
    public static func accepts(_ key: KeysetCursor.Key) -> Bool {
        if case .null = key { return true }
        return Wrapped.accepts(key)
    }
}
