import Crypto
import Foundation
import PostgresNIO
import Taxiway
import Testing

@Suite("Field cipher")
struct FieldCipherTests {
    static let k1 = SymmetricKey(size: .bits256)
    static let k2 = SymmetricKey(size: .bits256)
    static let context = "customers.tax_number"
    static let secret = "DE-123456789-secret"

    @Test("a sealed value opens to the plaintext and does not contain it")
    func roundTrip() throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let sealed = try cipher.seal(Self.secret, context: Self.context)
        #expect(try cipher.open(sealed, context: Self.context) == Self.secret)
        #expect(!Data(sealed).contains(Data(Self.secret.utf8)))
        #expect(!Data(sealed).contains(Data("123456789".utf8)))
        #expect(try cipher.seal(Self.secret, context: Self.context) != sealed)   // fresh nonce each time
        #expect(try cipher.open(cipher.seal("", context: Self.context), context: Self.context) == "")
    }

    @Test("a value sealed for one column does not open for another; tampering is detected")
    func wrongContextAndTampering() throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let sealed = try cipher.seal(Self.secret, context: Self.context)
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(sealed, context: "customers.email") }
        var flipped = sealed
        flipped[flipped.count - 20] ^= 0x01
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(flipped, context: Self.context) }
        #expect(throws: FieldCipherError.malformed) { try cipher.open(Array(sealed.prefix(20)), context: Self.context) }
        #expect(throws: FieldCipherError.unsupportedVersion(9)) { try cipher.open([9] + sealed.dropFirst(), context: Self.context) }
        let other = try FieldCipher(keys: ["k1": Self.k2], currentKeyID: "k1")   // same id, other key
        #expect(throws: FieldCipherError.authenticationFailed) { try other.open(sealed, context: Self.context) }
    }

    @Test("key rotation: old rows open after the current key changes, and reseal moves them to the new key")
    func rotation() throws {
        let before = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let old = try before.seal(Self.secret, context: Self.context)
        let after = try FieldCipher(keys: ["k1": Self.k1, "k2": Self.k2], currentKeyID: "k2")
        #expect(try after.open(old, context: Self.context) == Self.secret)
        #expect(try after.needsReseal(old))
        let resealed = try after.reseal(old, context: Self.context)
        #expect(try after.keyID(of: resealed) == "k2")
        #expect(try !after.needsReseal(resealed))
        let retired = try FieldCipher(keys: ["k2": Self.k2], currentKeyID: "k2")
        #expect(try retired.open(resealed, context: Self.context) == Self.secret)
        #expect(throws: FieldCipherError.unknownKeyID("k1")) { try retired.open(old, context: Self.context) }
    }

    @Test("the keyring is validated and never printed")
    func keyring() throws {
        #expect(throws: FieldCipherError.missingCurrentKey(keyID: "k9")) {
            try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k9")
        }
        #expect(throws: FieldCipherError.invalidKeySize(keyID: "short", bits: 128)) {
            try FieldCipher(keys: ["short": SymmetricKey(size: .bits128)], currentKeyID: "short")
        }
        #expect(throws: FieldCipherError.invalidKeyID("")) { try FieldCipher(keys: ["": Self.k1], currentKeyID: "") }
        let cipher = try FieldCipher(keys: ["k1": Self.k1, "k2": Self.k2], currentKeyID: "k2")
        let keyBytes = [Self.k1, Self.k2].map { $0.withUnsafeBytes { Data($0) } }
        var dumped = ""
        dump(cipher, to: &dumped)
        for text in [cipher.description, cipher.debugDescription, String(reflecting: cipher), "\(cipher)", dumped] {
            #expect(text.contains("k2"))
            for bytes in keyBytes {
                #expect(!text.contains(bytes.base64EncodedString()))
                #expect(!text.contains(bytes.map { String(format: "%02x", $0) }.joined()))
            }
        }
    }

    @Test("a sealed value stored in bytea holds no plaintext at rest and opens after reading back")
    func atRest() async throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).customers"
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id int PRIMARY KEY, tax_number bytea NOT NULL)")
            let sealed = Bytea(try cipher.seal(Self.secret, context: Self.context))
            try await database.execute(
                "INSERT INTO \(unescaped: table) VALUES (1, \(sealed))", context: QueryContext(operation: "insert", table: table))
            let row = try #require(await database.fetchOne("""
                SELECT tax_number, position(convert_to(\(Self.secret), 'UTF8') IN tax_number), encode(tax_number, 'escape')
                FROM \(unescaped: table)
                """, context: QueryContext(operation: "find", table: table)))
            let (stored, position, escaped) = try row.decode((Bytea, Int32, String).self)
            #expect(position == 0)
            #expect(!escaped.contains("secret"))
            #expect(try cipher.open(stored, context: Self.context) == Self.secret)
        }
    }
}
