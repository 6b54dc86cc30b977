import Foundation

extension RowReader {
    /// Decodes and opens the next column, `field`'s value in the row whose key is `row`.
    /// - Throws: ``UnreadableSealedValue`` when the value does not open for this field and row.
    public mutating func nextSealed(_ cipher: FieldCipher, field: SealedField, row: UUID) throws -> String {
        try Self.open(next(Bytea.self), cipher: cipher, field: field, row: row)
    }

    /// Decodes and opens the next, nullable column, `field`'s value in the row whose key is `row`.
    /// - Throws: ``UnreadableSealedValue`` when the value does not open for this field and row.
    public mutating func nextSealed(_ cipher: FieldCipher, field: SealedField, row: UUID) throws -> String? {
        try next(Bytea?.self).map { try Self.open($0, cipher: cipher, field: field, row: row) }
    }

    private static func open(_ sealed: Bytea, cipher: FieldCipher, field: SealedField, row: UUID) throws -> String {
        do {
            return try cipher.open(sealed, for: field, row: row)
        } catch let error as FieldCipherError {
            throw UnreadableSealedValue(table: field.table, column: field.column, id: row, reason: error)
        }
    }
}
