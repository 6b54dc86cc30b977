import Foundation
import PostgresNIO

extension RowReader {
    /// Decodes the next column as a String-backed enum; an unknown stored value is an error, not a crash.
    @inlinable
    public mutating func nextEnum<Value: RawRepresentable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        let raw = try next(String.self)
        guard let value = Value(rawValue: raw) else {
            throw IllegalArgument(message: "column \(position - 1) holds a value that \(Value.self) does not know")
        }
        return value
    }

    /// Decodes the next, nullable column as a String-backed enum.
    @inlinable
    public mutating func nextEnum<Value: RawRepresentable>(_ type: Value?.Type) throws -> Value? where Value.RawValue == String {
        guard let raw = try next(String?.self) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw IllegalArgument(message: "column \(position - 1) holds a value that \(Value.self) does not know")
        }
        return value
    }

    /// Decodes and opens the next column, a value sealed with the field cipher.
    public mutating func nextSealed(_ cipher: FieldCipher, context: String) throws -> String {
        try cipher.open(next(Bytea.self), context: context)
    }

    /// Decodes and opens the next, nullable column sealed with the field cipher.
    public mutating func nextSealed(_ cipher: FieldCipher, context: String) throws -> String? {
        try next(Bytea?.self).map { try cipher.open($0, context: context) }
    }
}

extension RowReader {
    /// Decodes the last four columns of a row selected with ``TableSchema/select``: `created_at`,
    /// `updated_at`, `deleted_at` and `version`, with the key `id` read first.
    @inlinable
    public mutating func nextStoredRowMetadata(id: UUID) throws -> StoredRowMetadata {
        StoredRowMetadata(id: id, createdAt: try next(Date.self), updatedAt: try next(Date.self),
                          deletedAt: try next(Date?.self), version: try next(Int32.self))
    }

    /// Decodes the last column of an append-only row, `created_at`, with the key `id` read first.
    @inlinable
    public mutating func nextAppendedRowMetadata(id: UUID) throws -> AppendedRowMetadata {
        AppendedRowMetadata(id: id, createdAt: try next(Date.self))
    }
}
