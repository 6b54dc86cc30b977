import Foundation
import PostgresNIO

/// Values bound as one PostgreSQL array parameter (binary format) of their type's array
/// (``InsertedValue/bulkArrayType``): an `IN` list or a batch get of dates, numbers or lookup digests. An
/// element may be NULL, which PostgresNIO's own array binding cannot express.
///
/// Each element is written as a bulk insert writes it (``InsertRow``): a `Date` PostgreSQL cannot store and a
/// NaN `Decimal` throw ``IllegalArgument`` instead of trapping in PostgresNIO's encoders.
public struct BulkColumn<Element: InsertedValue>: PostgresThrowingDynamicTypeEncodable {
    /// The elements, nil for NULL.
    public let values: [Element?]

    /// The array type of `Element`, e.g. `.textArray` for `String` elements.
    public var psqlType: PostgresDataType { Element.bulkArrayType }
    /// Arrays are sent in binary format.
    public var psqlFormat: PostgresFormat { .binary }

    /// An array of values that may be NULL.
    public init(_ values: [Element?]) {
        self.values = values
    }

    /// An array of values that are never NULL.
    public init(_ values: [Element]) {
        self.init(values.map { Optional($0) })
    }

    /// Writes PostgreSQL's binary array of the elements.
    /// - Throws: ``IllegalArgument`` for a `Date` PostgreSQL cannot store, a NaN `Decimal`, or more elements
    ///   than an array holds.
    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer,
                                                         context: PostgresEncodingContext<JSONEncoder>) throws {
        var array = BulkArray(arrayType: Element.bulkArrayType, elementType: Element.bulkElementType)
        for value in values {
            if let value {
                try array.append(value)
            } else {
                array.appendNull()
            }
        }
        try array.encode(into: &buffer, context: context)
    }
}
