import Foundation
import PostgresNIO

/// A value a create request writes to a column: one parameter of an insert, or one element of its column's
/// array in a bulk insert (``InsertRow``).
public protocol InsertedValue: InsertableValue {
    /// The type of the array a bulk insert binds the column's values as (`.textArray`, `.uuidArray`, …).
    static var bulkArrayType: PostgresDataType { get }
    /// The type of that array's elements.
    static var bulkElementType: PostgresDataType { get }
    /// Writes the value as one element of the bulk array (its bytes, without the length).
    func writeBulkElement(into buffer: inout ByteBuffer) throws
}

/// A value a create request's field writes to its column: an ``InsertedValue``, or an optional of one (nil is
/// NULL). A field's entry in its fields list (``RequestField``) writes through it.
public protocol InsertableValue: ColumnValue {
    /// Writes the value as the next column of `row`.
    func writeInserted(to row: inout InsertRow) throws
}

extension InsertedValue {
    /// Writes the value as the next column of `row`.
    @inlinable
    public func writeInserted(to row: inout InsertRow) throws {
        try row.write(self)
    }
}

extension Optional: InsertableValue where Wrapped: InsertedValue {
    /// Writes the value, or NULL, as the next column of `row`.
    @inlinable
    public func writeInserted(to row: inout InsertRow) throws {
        try row.write(self)
    }
}

/// Where a generated table writes one create request's values, in the order of its inserted columns: the
/// parameters of one insert, or one more row of a bulk insert's column arrays.
///
/// A table's `write(_:to:)` (from its create request's fields list, or generated for an append-only table) is
/// the only place an entity's values are turned into parameters; the repository core makes a row for
/// ``TableSchema/insert`` or a batch for ``TableSchema/bulkInsert``.
public struct InsertRow {
    /// The parameters written so far: the insert's, or (bulk) none until ``bulkBindings()``.
    @usableFromInline var bindings: PostgresBindings
    /// One array per inserted column in a bulk insert; empty for a single insert.
    @usableFromInline var columns: [BulkArray]
    /// Whether this row is part of a bulk insert.
    @usableFromInline let isBulk: Bool
    /// The column the next value goes to (bulk).
    @usableFromInline var column = 0

    /// The parameters of one insert of `columnCount` columns.
    @inlinable
    public init(insertColumns columnCount: Int) {
        self.bindings = PostgresBindings(capacity: max(1, columnCount))
        self.columns = []
        self.isBulk = false
    }

    /// The column arrays of a bulk insert of `columnCount` columns.
    public init(bulkColumns columnCount: Int) {
        self.bindings = PostgresBindings(capacity: max(1, columnCount))
        self.columns = []
        self.columns.reserveCapacity(columnCount)
        self.isBulk = true
    }

    /// Writes a column's value.
    @inlinable
    public mutating func write<Value: InsertedValue>(_ value: Value) throws {
        if isBulk {
            try appendElement(value)
        } else {
            try value.bind(into: &bindings)
        }
    }

    /// Writes a nullable column's value; nil is NULL.
    @inlinable
    public mutating func write<Value: InsertedValue>(_ value: Value?) throws {
        if let value {
            try write(value)
        } else if isBulk {
            appendNullElement(Value.self)
        } else {
            bindings.appendNull()
        }
    }

    /// Ends a row of a bulk insert: the next value goes to the first column again.
    public mutating func endRow() {
        column = 0
    }

    /// The insert's parameters.
    @inlinable
    public var insertBindings: PostgresBindings { bindings }

    /// The bulk insert's parameters: one array per column, in column order.
    public func bulkBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: max(1, columns.count))
        for column in columns {
            try bindings.append(column)
        }
        return bindings
    }

    @usableFromInline
    mutating func appendElement<Value: InsertedValue>(_ value: Value) throws {
        try withColumn(Value.self) { try $0.append(value) }
    }

    @usableFromInline
    mutating func appendNullElement<Value: InsertedValue>(_ type: Value.Type) {
        withColumn(Value.self) { $0.appendNull() }
    }

    /// Runs `body` on the current column's array (made on the first row) and moves to the next column.
    private mutating func withColumn<Value: InsertedValue, Result>(_ type: Value.Type,
                                                                  _ body: (inout BulkArray) throws -> Result) rethrows -> Result {
        if column == columns.count {
            columns.append(BulkArray(arrayType: Value.bulkArrayType, elementType: Value.bulkElementType))
        }
        defer { column += 1 }
        return try body(&columns[column])
    }
}

/// One column of a bulk insert as PostgreSQL's binary array: one dimension, a NULL flag, the element type,
/// the length, the lower bound 1, then each element as its length (-1 for NULL) and its bytes.
@usableFromInline
struct BulkArray: PostgresThrowingDynamicTypeEncodable {
    @usableFromInline let psqlType: PostgresDataType
    @usableFromInline var psqlFormat: PostgresFormat { .binary }
    let elementType: PostgresDataType
    var count: Int32 = 0
    var hasNull = false
    var elements = ByteBuffer()

    init(arrayType: PostgresDataType, elementType: PostgresDataType) {
        self.psqlType = arrayType
        self.elementType = elementType
    }

    mutating func append(_ value: some InsertedValue) throws {
        guard count < Int32.max else {
            throw IllegalArgument(message: "a bulk column holds at most \(Int32.max) values")
        }
        let lengthIndex = elements.writerIndex
        elements.writeInteger(Int32(0))
        let start = elements.writerIndex
        try value.writeBulkElement(into: &elements)
        guard let length = Int32(exactly: elements.writerIndex - start) else {
            throw IllegalArgument(message: "a bulk column value is larger than PostgreSQL accepts")
        }
        elements.setInteger(length, at: lengthIndex)
        count += 1
    }

    mutating func appendNull() {
        elements.writeInteger(Int32(-1))
        hasNull = true
        count += 1
    }

    @usableFromInline
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer,
                                                  context: PostgresEncodingContext<JSONEncoder>) throws {
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(hasNull ? 1 : 0))
        buffer.writeInteger(elementType.rawValue)
        buffer.writeInteger(count)
        buffer.writeInteger(Int32(1))
        buffer.writeImmutableBuffer(elements)
    }
}
