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

    @Test("every plaintext opens byte for byte, a leading U+FEFF included (found by the write property test)",
          arguments: ["\u{FEFF}", "\u{FEFF}x", "x\u{FEFF}", "e\u{0301}", "\u{0000}", "🚕"])
    func exactPlaintext(_ plaintext: String) throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        #expect(Array(try cipher.open(cipher.seal(plaintext, context: Self.context), context: Self.context).utf8) == Array(plaintext.utf8))
        let row = UUID()
        let opened = try cipher.open(cipher.seal(plaintext, for: Self.field, row: row), for: Self.field, row: row)
        #expect(Array(opened.utf8) == Array(plaintext.utf8))
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

    // MARK: - Values bound to their row (format 2), renames, lookups, erasure

    static let field = SealedField(table: "customers", column: "tax_number")

    @Test("a row-bound value opens only for its own row and column: bytes copied to another row or column are refused")
    func rowBinding() throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let row = UUID()
        let sealed = try cipher.seal(Self.secret, for: Self.field, row: row)
        #expect(sealed.bytes.first == FieldCipher.rowBoundFormatVersion)
        #expect(try cipher.open(sealed, for: Self.field, row: row) == Self.secret)
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(sealed, for: Self.field, row: UUID()) }
        let other = SealedField(table: "customers", column: "phone")
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(sealed, for: other, row: row) }
        let otherTable = SealedField(table: "suppliers", column: "tax_number")
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(sealed, for: otherTable, row: row) }
        // The string API (format 1) and the row API (format 2) do not read each other's values.
        #expect(throws: FieldCipherError.unsupportedVersion(2)) { try cipher.open(sealed.bytes, context: Self.context) }
        let columnBound = try cipher.seal(Self.secret, context: Self.context)
        #expect(throws: FieldCipherError.columnBoundValue) { try cipher.open(Bytea(columnBound), for: Self.field, row: row) }
    }

    @Test("values sealed before the row binding (format 1, table.column) open only with acceptsColumnBoundValues")
    func columnBoundValuesOnRequest() throws {
        var cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let old = Bytea(try cipher.seal(Self.secret, context: "customers.tax_number"))
        #expect(throws: FieldCipherError.columnBoundValue) { try cipher.open(old, for: Self.field, row: UUID()) }
        cipher.acceptsColumnBoundValues = true
        #expect(try cipher.open(old, for: Self.field, row: UUID()) == Self.secret)
        let wrongColumn = Bytea(try cipher.seal(Self.secret, context: "customers.phone"))
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(wrongColumn, for: Self.field, row: UUID()) }
    }

    @Test("a renamed column opens values sealed under each of its former names, and no other name")
    func renamedColumns() throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        let row = UUID()
        let underCode = try cipher.seal("A", for: SealedField(table: "customers", column: "tax_code"), row: row)
        let underID = try cipher.seal("B", for: SealedField(table: "customers", column: "tax_id"), row: row)
        let renamed = SealedField(table: "customers", column: "tax_number", formerColumns: ["tax_id", "tax_code"])
        #expect(try cipher.open(underCode, for: renamed, row: row) == "A")
        #expect(try cipher.open(underID, for: renamed, row: row) == "B")
        let onceRenamed = SealedField(table: "customers", column: "tax_number", formerColumns: ["tax_id"])
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(underCode, for: onceRenamed, row: row) }
    }

    @Test("a renamed table opens values sealed and digested under its former names, with the column's former names too")
    func renamedTables() throws {
        let lookupKey = SymmetricKey(size: .bits256)
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1", lookupKeys: ["l1": lookupKey], currentLookupKeyID: "l1")
        let row = UUID()
        let contact = SealedField(table: "contacts", column: "email", lookup: .caseInsensitive)
        let sealed = try cipher.seal("ann@example.com", for: contact, row: row)
        let digest = try cipher.lookupDigest(of: "ann@example.com", for: contact)
        let underPhone = try cipher.seal("+15550100", for: SealedField(table: "contacts", column: "phone"), row: row)
        let lead = SealedField(table: "leads", column: "email", formerTables: ["contacts"], lookup: .caseInsensitive)
        #expect(try cipher.open(sealed, for: lead, row: row) == "ann@example.com")
        #expect(try cipher.lookupDigests(matching: "Ann@Example.com", for: lead).contains(digest))
        // Both renamed since: the table and the column.
        let mobile = SealedField(table: "leads", column: "mobile", formerColumns: ["phone"], formerTables: ["contacts"])
        #expect(try cipher.open(underPhone, for: mobile, row: row) == "+15550100")
        // Without the former table the value does not open, and the finder misses it.
        let forgotten = SealedField(table: "leads", column: "email", lookup: .caseInsensitive)
        #expect(throws: FieldCipherError.authenticationFailed) { try cipher.open(sealed, for: forgotten, row: row) }
        #expect(try !cipher.lookupDigests(matching: "ann@example.com", for: forgotten).contains(digest))
    }

    @Test("lookup digests: keyed, deterministic, bound to the column, normalised, under a keyring of their own")
    func lookupDigests() throws {
        let l1 = SymmetricKey(size: .bits256)
        let l2 = SymmetricKey(size: .bits256)
        let phone = SealedField(table: "riders", column: "phone", lookup: .exact)
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1", lookupKeys: ["l1": l1], currentLookupKeyID: "l1")
        let digest = try cipher.lookupDigest(of: "+15550100", for: phone)
        #expect(digest == (try cipher.lookupDigest(of: "+15550100", for: phone)))
        #expect(digest != (try cipher.lookupDigest(of: "+15550101", for: phone)))
        #expect(digest.bytes.count == 2 + 2 + 32)
        #expect(!Data(digest.bytes).contains(Data("5550100".utf8)))
        #expect(digest != (try cipher.lookupDigest(of: "+15550100", for: SealedField(table: "riders", column: "mobile", lookup: .exact))))
        // Canonically equivalent texts (é precomposed and decomposed) have one digest; case matters unless asked.
        #expect(try cipher.lookupDigest(of: "caf\u{E9}", for: phone) == cipher.lookupDigest(of: "cafe\u{301}", for: phone))
        #expect(try cipher.lookupDigest(of: "Ann@Example.com", for: phone) != cipher.lookupDigest(of: "ann@example.com", for: phone))
        let email = SealedField(table: "riders", column: "email", lookup: .caseInsensitive)
        #expect(try cipher.lookupDigest(of: "Ann@Example.com", for: email) == cipher.lookupDigest(of: "ann@example.com", for: email))
        // Another lookup key gives another digest; a rotated keyring matches both while rows move over.
        let rotated = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1", lookupKeys: ["l1": l1, "l2": l2],
                                      currentLookupKeyID: "l2")
        let newDigest = try rotated.lookupDigest(of: "+15550100", for: phone)
        #expect(newDigest != digest)
        #expect(Set(try rotated.lookupDigests(matching: "+15550100", for: phone)) == [digest, newDigest])
        // A renamed column matches digests made under its former name too.
        let renamed = SealedField(table: "riders", column: "mobile", formerColumns: ["phone"], lookup: .exact)
        #expect(try cipher.lookupDigests(matching: "+15550100", for: renamed).contains(digest))
        // Lookup keys are keys of their own, and needed.
        #expect(throws: FieldCipherError.lookupKeyReused(keyID: "l1")) {
            try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1", lookupKeys: ["l1": Self.k1], currentLookupKeyID: "l1")
        }
        #expect(throws: FieldCipherError.missingCurrentLookupKey(keyID: "l9")) {
            try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1", lookupKeys: ["l1": l1], currentLookupKeyID: "l9")
        }
        let without = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        #expect(throws: FieldCipherError.missingLookupKeys) { try without.lookupDigest(of: "x", for: phone) }
        let printed = [cipher.description, String(reflecting: cipher)]
        for text in printed {
            #expect(text.contains("l1"))
            #expect(!text.contains(l1.withUnsafeBytes { Data($0) }.base64EncodedString()))
        }
    }

    @Test("resealing a table on PostgreSQL: old keys, former names and format-1 values move over in resumable batches; erasure")
    func resealAndEraseTable() async throws {
        var before = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        before.acceptsColumnBoundValues = true
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).secrets"
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id uuid PRIMARY KEY, code bytea NOT NULL, note bytea NULL)")
            let code = SealedField(table: "secrets", column: "code", formerColumns: ["old_code"], isNullable: false)
            let note = SealedField(table: "secrets", column: "note")
            let sealedTable = SealedTable(sqlName: table, keyColumn: "id", fields: [code, note])
            let context = QueryContext(operation: "reseal", table: table)
            var ids: [UUID] = []
            for index in 0..<5 {
                let id = UUID()
                ids.append(id)
                // Row 0 is current already; the others hold an old key, a former name or format 1.
                let cipher = index == 0 ? try FieldCipher(keys: ["k2": Self.k2], currentKeyID: "k2") : before
                let codeValue: Bytea = switch index {
                case 2: try cipher.seal("code-\(index)", for: SealedField(table: "secrets", column: "old_code"), row: id)
                case 3: Bytea(try cipher.seal("code-\(index)", context: "secrets.code"))
                default: try cipher.seal("code-\(index)", for: code, row: id)
                }
                let noteValue: Bytea? = index == 4 ? nil : try cipher.seal("note-\(index)", for: note, row: id)
                try await database.execute("INSERT INTO \(unescaped: table) VALUES (\(id), \(codeValue), \(noteValue))", context: context)
            }
            let strangerID = UUID()
            try await database.execute("INSERT INTO \(unescaped: table) VALUES (\(strangerID), \(Bytea([1, 2, 3])), NULL)", context: context)

            var after = try FieldCipher(keys: ["k1": Self.k1, "k2": Self.k2], currentKeyID: "k2")
            after.acceptsColumnBoundValues = true
            // Two rows a batch, one batch a call: resumable.
            var progress = try await sealedTable.reseal(on: database, cipher: after, batchSize: 2, maxBatches: 1, context: context)
            #expect(progress.examined == 2 && !progress.isComplete && progress.resumeAfter != nil)
            while !progress.isComplete {
                let next = try await sealedTable.reseal(on: database, cipher: after, batchSize: 2, after: progress.resumeAfter,
                                                        maxBatches: 1, context: context)
                progress.examined += next.examined
                progress.resealed += next.resealed
                progress.unreadable += next.unreadable
                progress.resumeAfter = next.resumeAfter
                progress.isComplete = next.isComplete
            }
            #expect(progress.examined == 6)
            #expect(progress.resealed == 4)
            #expect(progress.unreadable == [strangerID])
            // Everything now opens with the new key alone, under the current names, in format 2.
            let current = try FieldCipher(keys: ["k2": Self.k2], currentKeyID: "k2")
            let strict = SealedField(table: "secrets", column: "code", isNullable: false)
            for (index, id) in ids.enumerated() {
                let row = try #require(await database.fetchOne("SELECT code, note FROM \(unescaped: table) WHERE id = \(id)", context: context))
                var reader = RowReader(row)
                #expect(try reader.nextSealed(current, field: strict, row: id) == "code-\(index)")
                let opened: String? = try reader.nextSealed(current, field: note, row: id)
                #expect(opened == (index == 4 ? nil : "note-\(index)"))
            }
            let again = try await sealedTable.reseal(on: database, cipher: after, context: context)
            #expect(again.resealed == 0 && again.examined == 6 && again.isComplete)

            // Erasure: NULL where nullable, the erased marker where NOT NULL (which reads as "").
            let erased = try #require(await sealedTable.erase(id: ids[1], on: database, returning: " RETURNING code, note", context: context))
            var reader = RowReader(erased)
            #expect(try reader.nextSealed(current, field: strict, row: ids[1]) == "")
            let erasedNote: String? = try reader.nextSealed(current, field: note, row: ids[1])
            #expect(erasedNote == nil)
            #expect(try await sealedTable.erase(id: UUID(), on: database, returning: "", context: context) == nil)
            #expect(sealedTable.eraseStatement(returning: "") == "UPDATE \(table) SET code = '\\x00'::bytea, note = NULL WHERE id = $1")
        }
    }

    @Test("a value that does not open is an UnreadableSealedValue naming the column and row, never the value")
    func unreadableValueError() async throws {
        let cipher = try FieldCipher(keys: ["k1": Self.k1], currentKeyID: "k1")
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).copies"
            let context = QueryContext(operation: "copy", table: table)
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id uuid PRIMARY KEY, code bytea NOT NULL)")
            let (first, second) = (UUID(), UUID())
            let field = SealedField(table: "copies", column: "code", isNullable: false)
            let sealed = try cipher.seal(Self.secret, for: field, row: first)
            try await database.execute("INSERT INTO \(unescaped: table) VALUES (\(first), \(sealed))", context: context)
            try await database.execute("INSERT INTO \(unescaped: table) SELECT \(second), code FROM \(unescaped: table) WHERE id = \(first)", context: context)
            let row = try #require(await database.fetchOne("SELECT code FROM \(unescaped: table) WHERE id = \(second)", context: context))
            var reader = RowReader(row)
            do {
                let value: String = try reader.nextSealed(cipher, field: field, row: second)
                Issue.record("the copied value opened as \(value.count) characters")
            } catch let error as UnreadableSealedValue {
                #expect(error == UnreadableSealedValue(table: "copies", column: "code", id: second, reason: .authenticationFailed))
                #expect(!error.description.contains(Self.secret))
                #expect(!error.isRetryable)
            }
        }
    }
}
