import Crypto
import Foundation

/// Encrypts `sensitive` fields before they reach the database ("encrypt sensitive data at rest"),
/// with AES-256-GCM from swift-crypto. Sealed values go to a `bytea` column.
///
/// The application supplies the keys as a keyring (key id → 256-bit `SymmetricKey`) and names the
/// current key. Each sealed value records the id of the key that sealed it, so after the current key
/// changes, old rows still open with their old key (keep old keys in the keyring until
/// ``reseal(_:context:)`` has moved every row to the new one).
///
/// Sealed format (version 1): `0x01`, key id length (1 byte), key id (UTF-8), 12-byte nonce,
/// ciphertext, 16-byte tag. The header and the `context` (e.g. `"customers.tax_number"`) are
/// authenticated data: a value sealed for one column does not open in another, and a changed key id
/// does not open at all.
public struct FieldCipher: Sendable {
    /// The format version written by ``seal(_:context:)``.
    public static let formatVersion: UInt8 = 1

    /// The id of the key new values are sealed with.
    public let currentKeyID: String
    private let keys: [String: SymmetricKey]

    /// A cipher over `keys`, sealing with the key named `currentKeyID`.
    /// - Throws: ``FieldCipherError`` when the current key is missing, a key is not 256 bits, or a key
    ///   id is empty or longer than 255 UTF-8 bytes.
    public init(keys: [String: SymmetricKey], currentKeyID: String) throws {
        for (keyID, key) in keys {
            guard !keyID.isEmpty, keyID.utf8.count <= 255 else { throw FieldCipherError.invalidKeyID(keyID) }
            guard key.bitCount == 256 else { throw FieldCipherError.invalidKeySize(keyID: keyID, bits: key.bitCount) }
        }
        guard keys[currentKeyID] != nil else { throw FieldCipherError.missingCurrentKey(keyID: currentKeyID) }
        self.keys = keys
        self.currentKeyID = currentKeyID
    }

    /// The ids of the keys in the keyring, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// Seals `plaintext` for `context` (the table and column, e.g. `"customers.tax_number"`).
    public func seal(_ plaintext: String, context: String) throws -> [UInt8] {
        try seal(bytes: Array(plaintext.utf8), context: context)
    }

    /// Seals arbitrary bytes for `context`.
    public func seal(bytes plaintext: [UInt8], context: String) throws -> [UInt8] {
        let key = keys[currentKeyID]!
        let header = Self.header(keyID: currentKeyID)
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(plaintext, using: key, authenticating: header + Array(context.utf8))
        } catch {
            throw FieldCipherError.malformed
        }
        guard let combined = sealed.combined else { throw FieldCipherError.malformed }
        return header + Array(combined)
    }

    /// Opens a value sealed for `context`, with whichever keyring key sealed it.
    /// - Throws: ``FieldCipherError`` when the key is unknown, the bytes are altered or malformed, or
    ///   they were sealed for another context.
    public func open(_ sealed: [UInt8], context: String) throws -> String {
        guard let text = String(bytes: try open(bytes: sealed, context: context), encoding: .utf8) else {
            throw FieldCipherError.notText
        }
        return text
    }

    /// Opens a value sealed with ``seal(bytes:context:)`` for `context`.
    public func open(bytes sealed: [UInt8], context: String) throws -> [UInt8] {
        let (keyID, headerLength) = try Self.parseHeader(sealed)
        guard let key = keys[keyID] else { throw FieldCipherError.unknownKeyID(keyID) }
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: sealed[headerLength...])
        } catch {
            throw FieldCipherError.malformed
        }
        do {
            let authenticated = Array(sealed[..<headerLength]) + Array(context.utf8)
            return Array(try AES.GCM.open(box, using: key, authenticating: authenticated))
        } catch {
            throw FieldCipherError.authenticationFailed
        }
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

    static func header(keyID: String) -> [UInt8] {
        let id = Array(keyID.utf8)
        return [formatVersion, UInt8(id.count)] + id
    }

    /// The key id and the header's length; throws for anything too short to hold a nonce and a tag.
    static func parseHeader(_ sealed: [UInt8]) throws -> (keyID: String, length: Int) {
        guard let version = sealed.first else { throw FieldCipherError.malformed }
        guard version == formatVersion else { throw FieldCipherError.unsupportedVersion(version) }
        guard sealed.count >= 2 else { throw FieldCipherError.malformed }
        let idLength = Int(sealed[1])
        let length = 2 + idLength
        guard idLength > 0, sealed.count >= length + 12 + 16,
              let keyID = String(bytes: sealed[2..<length], encoding: .utf8)
        else { throw FieldCipherError.malformed }
        return (keyID, length)
    }
}

extension FieldCipher: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the key ids only; never key material.
    public var description: String {
        "FieldCipher(currentKeyID: \(currentKeyID), keyIDs: \(keyIDs))"
    }

    /// Names the key ids only; never key material.
    public var debugDescription: String { description }

    /// Shows the key ids only, so `dump` and debuggers do not print keys either.
    public var customMirror: Mirror {
        Mirror(self, children: ["currentKeyID": currentKeyID, "keyIDs": keyIDs], displayStyle: .struct)
    }
}

extension FieldCipher {
    /// Seals `plaintext` for `context`, ready to bind to a `bytea` column.
    public func sealValue(_ plaintext: String, context: String) throws -> Bytea {
        Bytea(try seal(plaintext, context: context))
    }

    /// Opens a value read from a `bytea` column.
    public func open(_ sealed: Bytea, context: String) throws -> String {
        try open(sealed.bytes, context: context)
    }
}
