import Crypto
import Foundation

/// Encrypts `sensitive` fields before they reach the database ("encrypt sensitive data at rest"),
/// with AES-256-GCM from swift-crypto. Sealed values go to a `bytea` column.
///
/// The application supplies the keys as a keyring (key id → 256-bit `SymmetricKey`) and names the
/// current key. Each sealed value records the id of the key that sealed it, so after the current key
/// changes, old rows still open with their old key (keep old keys in the keyring until the repositories'
/// `resealSensitiveFields` has moved every row to the new one).
///
/// Two sealed formats exist; both start with the format version, the key id's length (1 byte) and the key id
/// (UTF-8), then hold the 12-byte nonce, the ciphertext and the 16-byte tag. The header is authenticated
/// together with a context, so a changed key id or version does not open at all:
///
/// - **Version 2, bound to a row** (``seal(_:for:row:)``, what generated repositories write): the context is
///   the table, the column and the row's key (``SealedField``). A value copied into another column or another
///   row does not open. A column renamed with `renamed_from` still opens under its former names.
/// - **Version 1, bound to a string** (``seal(_:context:)``): the context is any text, e.g. a column's
///   `table.column`. Generated repositories before the row binding wrote it; with
///   ``acceptsColumnBoundValues`` set they still read it, and `resealSensitiveFields` rewrites it as version 2.
///
/// Keyed lookups (a field's `lookup:` in the spec) use a second, separate keyring of HMAC-SHA256 keys: see
/// ``lookupDigest(of:for:)``.
public struct FieldCipher: Sendable {
    /// The format version written by ``seal(_:context:)``: bound to a string context.
    public static let formatVersion: UInt8 = 1
    /// The format version written by ``seal(_:for:row:)``: bound to a table, column and row key.
    public static let rowBoundFormatVersion: UInt8 = 2
    /// What an erased value of a NOT NULL sensitive column holds (`eraseSensitiveFields`): one zero byte,
    /// which no sealed format starts with. It opens as the empty string.
    public static let erasedValue: [UInt8] = [0]

    /// The id of the key new values are sealed with.
    public let currentKeyID: String
    private let keys: [String: SymmetricKey]
    /// The id of the lookup key new lookup digests are made with; nil when the cipher has no lookup keys.
    public let currentLookupKeyID: String?
    private let lookupKeys: [String: SymmetricKey]
    /// Whether ``open(_:for:row:)`` also accepts version-1 values sealed for the column's `table.column`
    /// (written before values were bound to their row). Off by default: such a value can be copied between
    /// rows unnoticed. Turn it on while `resealSensitiveFields` rewrites old rows as version 2, then off.
    public var acceptsColumnBoundValues = false

    /// A cipher over `keys`, sealing with the key named `currentKeyID`; with `lookupKeys`, also able to make
    /// lookup digests with the key named `currentLookupKeyID`.
    ///
    /// Lookup keys must differ from every encryption key: a digest made with an encryption key would tie the
    /// two uses together.
    /// - Throws: ``FieldCipherError`` when a current key is missing, a key is not 256 bits, a key id is empty
    ///   or longer than 255 UTF-8 bytes, or a lookup key is also an encryption key.
    public init(keys: [String: SymmetricKey], currentKeyID: String, lookupKeys: [String: SymmetricKey] = [:],
                currentLookupKeyID: String? = nil) throws {
        for (keyID, key) in keys.sorted(by: { $0.key < $1.key }) {
            guard !keyID.isEmpty, keyID.utf8.count <= 255 else { throw FieldCipherError.invalidKeyID(keyID) }
            guard key.bitCount == 256 else { throw FieldCipherError.invalidKeySize(keyID: keyID, bits: key.bitCount) }
        }
        guard keys[currentKeyID] != nil else { throw FieldCipherError.missingCurrentKey(keyID: currentKeyID) }
        let material = Set(keys.values.map(Self.bytes))
        for (keyID, key) in lookupKeys.sorted(by: { $0.key < $1.key }) {
            guard !keyID.isEmpty, keyID.utf8.count <= 255 else { throw FieldCipherError.invalidKeyID(keyID) }
            guard key.bitCount == 256 else { throw FieldCipherError.invalidKeySize(keyID: keyID, bits: key.bitCount) }
            guard !material.contains(Self.bytes(of: key)) else { throw FieldCipherError.lookupKeyReused(keyID: keyID) }
        }
        if let currentLookupKeyID {
            guard lookupKeys[currentLookupKeyID] != nil else {
                throw FieldCipherError.missingCurrentLookupKey(keyID: currentLookupKeyID)
            }
        } else if !lookupKeys.isEmpty {
            throw FieldCipherError.missingCurrentLookupKey(keyID: "")
        }
        self.keys = keys
        self.currentKeyID = currentKeyID
        self.lookupKeys = lookupKeys
        self.currentLookupKeyID = currentLookupKeyID
    }

    /// The ids of the keys in the keyring, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The ids of the lookup keys, sorted.
    public var lookupKeyIDs: [String] { lookupKeys.keys.sorted() }

    /// Seals `plaintext` for `context` (format version 1, e.g. `"customers.tax_number"`).
    public func seal(_ plaintext: String, context: String) throws -> [UInt8] {
        try seal(bytes: Array(plaintext.utf8), context: context)
    }

    /// Seals arbitrary bytes for `context` (format version 1).
    public func seal(bytes plaintext: [UInt8], context: String) throws -> [UInt8] {
        try seal(plaintext, version: Self.formatVersion) { _ in Array(context.utf8) }
    }

    /// Opens a value sealed for `context` (format version 1), with whichever keyring key sealed it.
    /// - Throws: ``FieldCipherError`` when the key is unknown, the bytes are altered or malformed, or
    ///   they were sealed for another context.
    public func open(_ sealed: [UInt8], context: String) throws -> String {
        guard let text = String(validating: try open(bytes: sealed, context: context), as: UTF8.self) else {
            throw FieldCipherError.notText
        }
        return text
    }

    /// Opens a value sealed with ``seal(bytes:context:)`` for `context`.
    public func open(bytes sealed: [UInt8], context: String) throws -> [UInt8] {
        let parsed = try Self.parseHeader(sealed)
        guard parsed.version == Self.formatVersion else { throw FieldCipherError.unsupportedVersion(parsed.version) }
        return try open(sealed, parsed: parsed, contexts: [Array(context.utf8)]).plaintext
    }

    /// The id of the key that sealed `sealed`.
    public func keyID(of sealed: [UInt8]) throws -> String {
        try Self.parseHeader(sealed).keyID
    }

    /// Whether `sealed` was sealed with another key than the current one (and should be resealed).
    public func needsReseal(_ sealed: [UInt8]) throws -> Bool {
        try keyID(of: sealed) != currentKeyID
    }

    /// Key rotation: opens `sealed` with its own key and seals the plaintext again with the current key.
    public func reseal(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        try seal(bytes: try open(bytes: sealed, context: context), context: context)
    }

    // MARK: - Internals shared by both formats

    /// Seals `plaintext` with the current key; `context` gives the authenticated bytes after the header.
    func seal(_ plaintext: [UInt8], version: UInt8, context: ([UInt8]) -> [UInt8]) throws -> [UInt8] {
        let key = keys[currentKeyID]!
        let header = Self.header(version: version, keyID: currentKeyID)
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(plaintext, using: key, authenticating: header + context(header))
        } catch {
            throw FieldCipherError.malformed
        }
        guard let combined = sealed.combined else { throw FieldCipherError.malformed }
        return header + Array(combined)
    }

    /// Opens `sealed` under the first of `contexts` that authenticates it; returns the plaintext and the
    /// position of that context.
    func open(_ sealed: [UInt8], parsed: ParsedHeader, contexts: [[UInt8]]) throws -> (plaintext: [UInt8], context: Int) {
        guard let key = keys[parsed.keyID] else { throw FieldCipherError.unknownKeyID(parsed.keyID) }
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: sealed[parsed.length...])
        } catch {
            throw FieldCipherError.malformed
        }
        let header = Array(sealed[..<parsed.length])
        for (position, context) in contexts.enumerated() {
            if let plaintext = try? AES.GCM.open(box, using: key, authenticating: header + context) {
                return (Array(plaintext), position)
            }
        }
        throw FieldCipherError.authenticationFailed
    }

    /// A lookup key by id, for ``lookupDigest(of:for:)``.
    func lookupKey(_ keyID: String) -> SymmetricKey? { lookupKeys[keyID] }

    static func header(version: UInt8, keyID: String) -> [UInt8] {
        let id = Array(keyID.utf8)
        return [version, UInt8(id.count)] + id
    }

    /// What a sealed value's header says.
    struct ParsedHeader {
        let version: UInt8
        let keyID: String
        /// The header's length in bytes.
        let length: Int
    }

    /// The version, key id and header length; throws for anything too short to hold a nonce and a tag.
    static func parseHeader(_ sealed: [UInt8]) throws -> ParsedHeader {
        guard let version = sealed.first else { throw FieldCipherError.malformed }
        guard version == formatVersion || version == rowBoundFormatVersion else {
            throw FieldCipherError.unsupportedVersion(version)
        }
        guard sealed.count >= 2 else { throw FieldCipherError.malformed }
        let idLength = Int(sealed[1])
        let length = 2 + idLength
        guard idLength > 0, sealed.count >= length + 12 + 16,
              let keyID = String(bytes: sealed[2..<length], encoding: .utf8)
        else { throw FieldCipherError.malformed }
        return ParsedHeader(version: version, keyID: keyID, length: length)
    }

    private static func bytes(of key: SymmetricKey) -> Data {
        key.withUnsafeBytes { Data($0) }
    }
}

extension FieldCipher: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the key ids only; never key material.
    public var description: String {
        var text = "FieldCipher(currentKeyID: \(currentKeyID), keyIDs: \(keyIDs)"
        if let currentLookupKeyID {
            text += ", currentLookupKeyID: \(currentLookupKeyID), lookupKeyIDs: \(lookupKeyIDs)"
        }
        return text + ")"
    }

    /// Names the key ids only; never key material.
    public var debugDescription: String { description }

    /// Shows the key ids only, so `dump` and debuggers do not print keys either.
    public var customMirror: Mirror {
        Mirror(self, children: ["currentKeyID": currentKeyID, "keyIDs": keyIDs,
                                "currentLookupKeyID": currentLookupKeyID as Any, "lookupKeyIDs": lookupKeyIDs],
               displayStyle: .struct)
    }
}

extension FieldCipher {
    /// Seals `plaintext` for `context` (format version 1), ready to bind to a `bytea` column.
    public func sealValue(_ plaintext: String, context: String) throws -> Bytea {
        Bytea(try seal(plaintext, context: context))
    }

    /// Opens a version-1 value read from a `bytea` column.
    public func open(_ sealed: Bytea, context: String) throws -> String {
        try open(sealed.bytes, context: context)
    }
}
