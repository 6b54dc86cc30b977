import PostgresNIO

extension RowReader {
    /// Decodes the next column as a String-backed enum; an unknown stored value is an error, not a crash.
    public mutating func nextEnum<Value: RawRepresentable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        let raw = try next(String.self)
        guard let value = Value(rawValue: raw) else {
            throw IllegalArgument(message: "column \(index - 1) holds a value that \(Value.self) does not know")
        }
        return value
    }

    /// Decodes the next, nullable column as a String-backed enum.
    public mutating func nextEnum<Value: RawRepresentable>(_ type: Value?.Type) throws -> Value? where Value.RawValue == String {
        guard let raw = try next(String?.self) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw IllegalArgument(message: "column \(index - 1) holds a value that \(Value.self) does not know")
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

/// Builds the `$n` placeholders of multi-row statements, so bulk inserts bind every value.
public enum SQLPlaceholders {
    /// `($1, $2::vector), ($3, $4::vector)` for `rows` rows whose columns carry `casts` (empty for none).
    public static func rows(_ rows: Int, casts: [String], startingAt first: Int = 1) -> String {
        var text = ""
        text.reserveCapacity(rows * casts.count * 5)
        var next = first
        for row in 0..<rows {
            text += row == 0 ? "(" : ", ("
            for (column, cast) in casts.enumerated() {
                if column > 0 { text += ", " }
                text += "$\(next)\(cast)"
                next += 1
            }
            text += ")"
        }
        return text
    }
}
