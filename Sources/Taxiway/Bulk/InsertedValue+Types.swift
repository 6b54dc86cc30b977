import Foundation
import PostgresNIO

extension InsertedValue where Self: PostgresNonThrowingEncodable {
    /// The value's own PostgreSQL type.
    public static var bulkElementType: PostgresDataType { psqlType }

    /// Writes the value as PostgresNIO encodes it.
    public func writeBulkElement(into buffer: inout ByteBuffer) throws {
        encode(into: &buffer, context: .default)
    }
}

extension String: InsertedValue {
    /// `text[]`.
    public static var bulkArrayType: PostgresDataType { .textArray }
}

extension Int32: InsertedValue {
    /// `integer[]`.
    public static var bulkArrayType: PostgresDataType { .int4Array }
}

extension Int64: InsertedValue {
    /// `bigint[]`.
    public static var bulkArrayType: PostgresDataType { .int8Array }
}

extension Double: InsertedValue {
    /// `double precision[]`.
    public static var bulkArrayType: PostgresDataType { .float8Array }
}

extension Bool: InsertedValue {
    /// `boolean[]`.
    public static var bulkArrayType: PostgresDataType { .boolArray }
}

extension UUID: InsertedValue {
    /// `uuid[]`.
    public static var bulkArrayType: PostgresDataType { .uuidArray }
}

extension CalendarDate: InsertedValue {
    /// `date[]`.
    public static var bulkArrayType: PostgresDataType { .dateArray }
}

extension JSONValue: InsertedValue {
    /// `jsonb[]`.
    public static var bulkArrayType: PostgresDataType { .jsonbArray }
}

extension Date: InsertedValue {
    /// `timestamptz[]`.
    public static var bulkArrayType: PostgresDataType { .timestamptzArray }
    /// `timestamptz`.
    public static var bulkElementType: PostgresDataType { .timestamptz }

    /// Writes the microseconds since 2000 without PostgresNIO's encoder, which traps on a NaN or
    /// out-of-range `Date`.
    /// - Throws: ``IllegalArgument`` for a date PostgreSQL cannot store.
    public func writeBulkElement(into buffer: inout ByteBuffer) throws {
        guard let microseconds = PostgresRange.timestampMicroseconds(self) else {
            throw IllegalArgument(message: "a timestamp must be \(PostgresRange.timestampRangeDescription)")
        }
        buffer.writeInteger(microseconds)
    }
}

extension Decimal: InsertedValue {
    /// `numeric[]`.
    public static var bulkArrayType: PostgresDataType { .numericArray }
    /// `numeric`.
    public static var bulkElementType: PostgresDataType { .numeric }

    /// Writes the number through ``DecimalBinding``.
    /// - Throws: ``IllegalArgument`` when it is NaN.
    public func writeBulkElement(into buffer: inout ByteBuffer) throws {
        try DecimalBinding(self).encode(into: &buffer, context: .default)
    }
}

extension PGVector: InsertedValue {
    /// Binds pgvector's text form (the column's placeholder is cast `::vector`).
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// `text[]`: each element is a vector's text form, cast back by the bulk statement.
    public static var bulkArrayType: PostgresDataType { .textArray }
}

extension Bytea: InsertedValue {
    /// Binds as `bytea`.
    public func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
    /// `bytea[]`.
    public static var bulkArrayType: PostgresDataType { .byteaArray }
}

extension StoredEnum {
    /// `text[]` of the raw values.
    public static var bulkArrayType: PostgresDataType { .textArray }
    /// `text`.
    public static var bulkElementType: PostgresDataType { .text }

    /// Writes the raw value.
    public func writeBulkElement(into buffer: inout ByteBuffer) throws {
        buffer.writeString(rawValue)
    }
}

extension Array: InsertableValue, InsertedValue where Element: ArrayElementValue {
    /// `text[]`: an array of arrays of varying lengths cannot be a PostgreSQL array, so each row's array
    /// travels as its text form (`{"a","b"}`), cast back to the column's type by the bulk statement.
    public static var bulkArrayType: PostgresDataType { .textArray }
    /// `text`.
    public static var bulkElementType: PostgresDataType { .text }

    /// Writes the array's text form.
    public func writeBulkElement(into buffer: inout ByteBuffer) throws {
        buffer.writeString(Element.arrayLiteral(self))
    }
}
