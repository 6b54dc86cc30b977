/// Why ``FieldCipher`` refused to seal or open a value. Never contains key material or plaintext.
public enum FieldCipherError: TaxiwayError, Equatable {
    /// The keyring has no key under the current key id.
    case missingCurrentKey(keyID: String)
    /// A key id is empty or longer than 255 UTF-8 bytes.
    case invalidKeyID(String)
    /// A key is not a 256-bit key.
    case invalidKeySize(keyID: String, bits: Int)
    /// The sealed bytes were made by a key that is not in the keyring (it was removed too early).
    case unknownKeyID(String)
    /// The sealed bytes are truncated or not a sealed value at all.
    case malformed
    /// The sealed bytes use a format version this library does not know.
    case unsupportedVersion(UInt8)
    /// Authentication failed: the bytes were altered, or were sealed for another field or another row.
    case authenticationFailed
    /// The opened bytes are not UTF-8 text.
    case notText
    /// A version-1 value (bound to its column only, not its row) while ``FieldCipher/acceptsColumnBoundValues``
    /// is off.
    case columnBoundValue
    /// The lookup keyring has no key under the current lookup key id (or lookup keys were given without one).
    case missingCurrentLookupKey(keyID: String)
    /// A lookup key is also one of the encryption keys.
    case lookupKeyReused(keyID: String)
    /// A lookup digest was asked for, but the cipher was made without lookup keys.
    case missingLookupKeys

    /// A message saying what was wrong.
    public var description: String {
        switch self {
        case .missingCurrentKey(let keyID): "the cipher keyring has no key with the current id \(keyID)"
        case .invalidKeyID(let keyID): "cipher key id \"\(keyID)\" must be 1…255 UTF-8 bytes"
        case .invalidKeySize(let keyID, let bits): "cipher key \(keyID) has \(bits) bits; AES-256-GCM and HMAC-SHA256 lookups need 256"
        case .unknownKeyID(let keyID): "the value was sealed with key \(keyID), which is not in the keyring"
        case .malformed: "the sealed value is malformed"
        case .unsupportedVersion(let version): "the sealed value has unknown format version \(version)"
        case .authenticationFailed: "the sealed value failed authentication (altered, or sealed for another field or row)"
        case .notText: "the opened value is not UTF-8 text"
        case .columnBoundValue:
            "the value was sealed before values were bound to their row; set FieldCipher.acceptsColumnBoundValues while resealSensitiveFields rewrites such rows"
        case .missingCurrentLookupKey(let keyID):
            keyID.isEmpty ? "lookup keys were given without currentLookupKeyID"
                : "the lookup keyring has no key with the current id \(keyID)"
        case .lookupKeyReused(let keyID): "lookup key \(keyID) is also an encryption key; lookup keys must be keys of their own"
        case .missingLookupKeys: "the field has a lookup column, but the cipher was made without lookup keys"
        }
    }
}
