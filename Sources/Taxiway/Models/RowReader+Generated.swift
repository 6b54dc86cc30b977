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
