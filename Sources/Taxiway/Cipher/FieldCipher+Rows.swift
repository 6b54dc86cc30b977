import Crypto
import Foundation

/// Sealing bound to a row (format version 2): what generated repositories write and read.
extension FieldCipher {
    /// Seals `plaintext` for `field` in the row whose key is `row`, ready to bind to its `bytea` column.
    ///
    /// The table, the column and the row key are authenticated: the value opens only for the same field of
    /// the same row (under the table's and the column's current or former names).
    public func seal(_ plaintext: String, for field: SealedField, row: UUID) throws -> Bytea {
        let sealed = try seal(Array(plaintext.utf8), version: Self.rowBoundFormatVersion) { _ in
            Self.rowContext(table: field.table, column: field.column, row: row)
        }
        return Bytea(sealed)
    }

    /// Opens a value of `field` read from the row whose key is `row`, under the table's and the column's
    /// current names or any of their former ones. ``erasedValue`` opens as the empty string.
    /// - Throws: ``FieldCipherError``: `authenticationFailed` when the bytes were altered or copied from
    ///   another row or field; `unknownKeyID` when the key that sealed them left the keyring;
    ///   `columnBoundValue` for a version-1 value while ``acceptsColumnBoundValues`` is off.
    public func open(_ sealed: Bytea, for field: SealedField, row: UUID) throws -> String {
        try inspect(sealed.bytes, for: field, row: row).plaintext
    }

    /// Whether `sealed` is what `eraseSensitiveFields` leaves in a NOT NULL column.
    public static func isErased(_ sealed: [UInt8]) -> Bool {
        sealed == erasedValue
    }

    /// Opens a value and says whether it is sealed as ``seal(_:for:row:)`` would seal it now: with the
    /// current key, under the table's and the column's current names, in format version 2 (erased values count
    /// as current).
    func inspect(_ sealed: [UInt8], for field: SealedField, row: UUID) throws -> (plaintext: String, isCurrent: Bool) {
        if Self.isErased(sealed) { return ("", true) }
        let parsed = try Self.parseHeader(sealed)
        let opened: (plaintext: [UInt8], context: Int)
        if parsed.version == Self.rowBoundFormatVersion {
            opened = try open(sealed, parsed: parsed,
                              contexts: field.sealedNames.map { Self.rowContext(table: $0.table, column: $0.column, row: row) })
        } else {
            guard acceptsColumnBoundValues else { throw FieldCipherError.columnBoundValue }
            let contexts = field.sealedNames.map { Array("\($0.table).\($0.column)".utf8) }
            opened = try open(sealed, parsed: parsed, contexts: contexts)
        }
        // Foundation's `String(bytes:encoding:)` drops a leading U+FEFF; the plaintext comes back byte for byte.
        guard let text = String(validating: opened.plaintext, as: UTF8.self) else { throw FieldCipherError.notText }
        let isCurrent = parsed.version == Self.rowBoundFormatVersion && opened.context == 0 && parsed.keyID == currentKeyID
        return (text, isCurrent)
    }

    /// The authenticated context of a row-bound value: a fixed label, the table, the column (names hold no
    /// NUL, so the parts cannot run into each other) and the 16 bytes of the row key.
    static func rowContext(table: String, column: String, row: UUID) -> [UInt8] {
        var bytes = Array("taxiway.field\u{0}\(table)\u{0}\(column)\u{0}".utf8)
        withUnsafeBytes(of: row.uuid) { bytes.append(contentsOf: $0) }
        return bytes
    }
}

/// Keyed lookup digests ("blind indexes"): equality lookups on a sealed field without plaintext in the database.
extension FieldCipher {
    /// The format version of a lookup digest: `0x01`, the key id's length, the key id, 32 bytes of HMAC-SHA256.
    public static let lookupFormatVersion: UInt8 = 1

    /// The digest stored in `field`'s lookup column for `plaintext`: HMAC-SHA256 under the current lookup
    /// key of the normalised plaintext, bound to the table and column.
    ///
    /// Equal plaintexts (after normalisation) give equal digests, so the lookup column can be indexed and
    /// unique; without the lookup key nobody can compute a digest to test a guess against.
    /// - Throws: ``FieldCipherError/missingLookupKeys`` when the cipher has no lookup keys.
    public func lookupDigest(of plaintext: String, for field: SealedField) throws -> Bytea {
        guard let keyID = currentLookupKeyID, let key = lookupKey(keyID) else { throw FieldCipherError.missingLookupKeys }
        return Bytea(Self.digest(plaintext, field: field, table: field.table, column: field.column, keyID: keyID, key: key))
    }

    /// Every digest a stored row with this plaintext may hold: under each lookup key of the keyring and each
    /// name of the table and the column (current and former), so finders keep finding rows during a
    /// lookup-key rotation or after a rename, until `resealSensitiveFields` has rewritten them.
    public func lookupDigests(matching plaintext: String, for field: SealedField) throws -> [Bytea] {
        guard currentLookupKeyID != nil else { throw FieldCipherError.missingLookupKeys }
        var digests: [Bytea] = []
        for keyID in lookupKeyIDs {
            guard let key = lookupKey(keyID) else { continue }
            for (table, column) in field.sealedNames {
                digests.append(Bytea(Self.digest(plaintext, field: field, table: table, column: column, keyID: keyID, key: key)))
            }
        }
        return digests
    }

    /// The text a lookup digest is made of.
    public static func normalized(_ plaintext: String, _ lookup: SealedField.Lookup) -> String {
        let composed = plaintext.precomposedStringWithCanonicalMapping
        switch lookup {
        case .exact: return composed
        case .caseInsensitive: return composed.lowercased().precomposedStringWithCanonicalMapping
        }
    }

    private static func digest(_ plaintext: String, field: SealedField, table: String, column: String, keyID: String,
                               key: SymmetricKey) -> [UInt8] {
        let lookup = field.lookup ?? .exact
        var message = Array("taxiway.lookup\u{0}\(lookup.rawValue)\u{0}\(table)\u{0}\(column)\u{0}".utf8)
        message += Array(normalized(plaintext, lookup).utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        let id = Array(keyID.utf8)
        return [lookupFormatVersion, UInt8(id.count)] + id + Array(mac)
    }
}
