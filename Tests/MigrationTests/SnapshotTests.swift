import Foundation
import TaxigenCore
import Testing

/// The snapshot holds what the database sees, and nothing else, canonically.
@Suite("Schema snapshots")
struct SnapshotTests {
    @Test("keys the database cannot see (example, pattern, format, immutable, field order) leave the snapshot unchanged")
    func onlyWhatTheDatabaseSees() throws {
        let plain = try Specs.thing("""
              code: { type: string, max_length: 20 }
              email: { type: string, max_length: 320, unique: true }
            """)
        let decorated = try Specs.thing("""
              email: { type: string, max_length: 320, unique: true, format: email, example: ada@example.com }
              code: { type: string, max_length: 20, pattern: "^[A-Z]+$", immutable: true, example: ABC }
            """)
        #expect(SchemaSnapshot(schema: plain) == SchemaSnapshot(schema: decorated))
        #expect(Specs.diff(from: plain, to: decorated).diff.isEmpty)
        let commented = try Specs.thing("""
              code: { type: string, max_length: 20, description: The code. }
              email: { type: string, max_length: 320, unique: true }
            """)
        #expect(SchemaSnapshot(schema: plain) != SchemaSnapshot(schema: commented), "a description is a COMMENT ON the column")
    }

    @Test("snapshot.json is canonical: sorted keys and lists, the same bytes for the same schema, read back equal")
    func canonicalJSON() throws {
        let schema = try Revisions.schema(Revisions.count)
        let file = SnapshotFile(id: "0001_x", parent: nil, schema: SchemaSnapshot(schema: schema))
        let text = try file.encoded()
        #expect(try SnapshotFile(id: "0001_x", parent: nil, schema: SchemaSnapshot(schema: try Revisions.schema(Revisions.count))).encoded() == text)
        #expect(try SnapshotFile.decode(text) == file)
        let snapshot = file.schema
        #expect(snapshot.tables.map(\.name) == snapshot.tables.map(\.name).sorted())
        for table in snapshot.tables {
            #expect(table.columns.map(\.name) == table.columns.map(\.name).sorted())
            #expect(table.indexes.map(\.name) == table.indexes.map(\.name).sorted())
            #expect(table.checks.map(\.name) == table.checks.map(\.name).sorted())
        }
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]).keys.sorted()
        #expect(keys == ["format", "id", "schema"], "no parent key for the first migration")
        #expect(text.hasSuffix("}\n"))
    }

    @Test("snapshot.json written a table at a time is byte for byte one JSONEncoder pass; read back by tables or, laid out otherwise, in one pass")
    func tableAtATimeCodec() throws {
        let schema = try Revisions.schema(Revisions.count)
        let file = SnapshotFile(id: "0002_x", parent: "0001_y", schema: SchemaSnapshot(schema: schema))
        #expect(file.schema.tables.count > 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let onePass = String(decoding: try encoder.encode(file), as: UTF8.self) + "\n"
        #expect(try file.encoded() == onePass)
        // Read by tables when the layout is canonical.
        let parts = try #require(SnapshotCodec.split(onePass))
        #expect(parts.tables.count == file.schema.tables.count)
        #expect(try SnapshotFile.decode(onePass) == file)
        // A file laid out otherwise (compact, as an editor might save it) is read in one pass, equal.
        encoder.outputFormatting = [.sortedKeys]
        let compact = String(decoding: try encoder.encode(file), as: UTF8.self)
        #expect(SnapshotCodec.split(compact) == nil)
        #expect(try SnapshotFile.decode(compact) == file)
        // No tables: the empty array as JSONEncoder prints it.
        let empty = SnapshotFile(id: "0001_y", parent: nil, schema: .empty)
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        #expect(try empty.encoded() == String(decoding: try encoder.encode(empty), as: UTF8.self) + "\n")
        #expect(try SnapshotFile.decode(try empty.encoded()) == empty)
        // A table whose text is broken fails the whole read, as one pass would.
        let broken = onePass.replacingOccurrences(of: "\"nullable\" : false", with: "\"nullable\" : \"no\"")
        #expect(throws: (any Error).self) { try SnapshotFile.decode(broken) }
    }

    @Test("SHA-256 digests match sha256sum; CRLF counts as LF")
    func checksums() {
        #expect(Checksums.digest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Checksums.digest(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Checksums.digest(of: Array(String(repeating: "a", count: 1000).utf8))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(Checksums.digest(of: Array("one\r\ntwo\r\n".utf8)) == Checksums.digest(of: Array("one\ntwo\n".utf8)))
        #expect(Checksums.digest(of: Array("one\rtwo".utf8)) != Checksums.digest(of: Array("one\ntwo".utf8)), "a lone CR is content")
    }

    @Test("the SHA extensions' digests equal the portable Swift ones at every tail length and on a large file")
    func hardwareDigests() {
        var random = SystemRandomNumberGenerator()
        for length in Array(0...300) + [4095, 4096, 4097, 1_000_003] {
            // No CR: `digest` counts CRLF as LF, the portable SHA-256 hashes the bytes as they are.
            let bytes = (0..<length).map { _ in UInt8.random(in: 14...255, using: &random) }
            #expect(Checksums.digest(of: bytes) == Checksums.portableSHA256(of: bytes), "\(length) bytes")
        }
        #expect(Checksums.portableSHA256(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // This machine kind has them: the fast path is the one under test here (elsewhere both are Swift).
        #expect(Checksums.usesHardware == ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" sha_ni") ?? false))
    }

    @Test("migration ids: four digits and a slug of the description")
    func ids() {
        #expect(Migration.makeID(number: 2, message: "Add customer phone") == "0002_add_customer_phone")
        #expect(Migration.makeID(number: 12, message: "  2FA: login codes (v2)! ") == "0012_2fa_login_codes_v2")
        #expect(Migration.makeID(number: 3, message: "—") == "0003_migration")
        #expect(Migration.parseID("0002_add_customer_phone")?.number == 2)
        #expect(Migration.parseID("2_add") == nil && Migration.parseID("0002_Add") == nil && Migration.parseID("0002_a__b") == nil)
    }
}
