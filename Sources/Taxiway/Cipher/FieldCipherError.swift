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
    /// Authentication failed: the bytes were altered, or were sealed for another context (column).
    case authenticationFailed
    /// The opened bytes are not UTF-8 text.
    case notText

    /// A message saying what was wrong.
    public var description: String {
        switch self {
        case .missingCurrentKey(let keyID): "the cipher keyring has no key with the current id \(keyID)"
        case .invalidKeyID(let keyID): "cipher key id \"\(keyID)\" must be 1…255 UTF-8 bytes"
        case .invalidKeySize(let keyID, let bits): "cipher key \(keyID) has \(bits) bits; AES-256-GCM needs 256"
        case .unknownKeyID(let keyID): "the value was sealed with key \(keyID), which is not in the keyring"
        case .malformed: "the sealed value is malformed"
        case .unsupportedVersion(let version): "the sealed value has unknown format version \(version)"
        case .authenticationFailed: "the sealed value failed authentication (altered, or sealed for another field)"
        case .notText: "the opened value is not UTF-8 text"
        }
    }
}
