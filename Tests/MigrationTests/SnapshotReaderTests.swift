import Foundation
@testable import TaxigenCore
import Testing

/// `SnapshotJSONReader` (the fast path that reads `snapshot.json` a table at a time) is held to `JSONDecoder`:
/// on every table it reads it gives the same value, and on anything else it gives up so that `JSONDecoder`
/// reads it. The snapshot of a migration that changes one table reuses the other tables' text, byte for byte
/// what encoding them would print.
@Suite("Reading and writing snapshot.json fast")
struct SnapshotReaderTests {
    /// Every table of the repository's projects and committed migrations, plus tables with every optional part.
    static func sampleTables() throws -> [TableSnapshot] {
        var tables: [TableSnapshot] = []
        for revision in 1...Revisions.count { tables += SchemaSnapshot(schema: try Revisions.schema(revision)).tables }
        for project in ["", "/Tests/Fixtures", "/Tests/Fixtures/Tenancy", "/Tests/Fixtures/Realistic"] {
            var log = DiagnosticLog()
            let config = ProjectConfig.load(projectDirectory: Revisions.root + project, into: &log)
            let loaded = Generator(config: config).loadSchema(into: &log)
            let schema = try #require(loaded, "\(project): \(log.sorted)")
            tables += SchemaSnapshot(schema: schema).tables
        }
        let special = TableSnapshot(
            name: "odd \"table\"", comment: "Quotes \" backslash \\ slash / tab \t line\nbreak é 😀 \u{1} \u{7F}",
            primaryKey: "id", primaryKeyConstraint: "odd_pkey", trigger: "odd_touch",
            columns: [
                ColumnSnapshot(name: "b", type: "text", nullable: true, defaultExpression: "'x'::text", comment: nil, deprecated: true),
                ColumnSnapshot(name: "a", type: "varchar(20)", nullable: false, defaultExpression: nil, comment: "ü", replacedBy: "c"),
            ],
            checks: [CheckSnapshot(name: "odd_a_check", column: "a", expression: "char_length(a) <= 20")],
            indexes: [IndexSnapshot(name: "ix", columns: ["a", "b"], unique: true, method: "hnsw", operatorClass: "vector_l2_ops",
                                    partial: true, definition: "CREATE INDEX ix ON odd USING hnsw (a vector_l2_ops) WHERE (b IS NULL)")],
            tenancy: TenancySnapshot(key: "tenant_id", policy: "tenant_isolation", condition: "tenant_id = x"),
            history: HistorySnapshot(table: "odd_history", function: "odd_record", trigger: "odd_history_record"))
        var partitioned = special
        partitioned.appendOnly = AppendOnlySnapshot(partition: PartitionSnapshot(column: "created_at", interval: "month", ahead: 3))
        var plainAppendOnly = special
        plainAppendOnly.appendOnly = AppendOnlySnapshot(partition: nil)
        tables += [special, partitioned, plainAppendOnly]
        return tables
    }

    private static func text(of table: TableSnapshot) throws -> String {
        String(decoding: try SnapshotCodec.encoder().encode(table), as: UTF8.self)
    }

    @Test("every table of the projects and of hand-made edge cases reads the same as JSONDecoder reads it")
    func sameAsJSONDecoder() throws {
        let tables = try Self.sampleTables()
        #expect(tables.count > 50)
        #expect(tables.contains { $0.appendOnly?.partition != nil } && tables.contains { $0.history != nil } && tables.contains { $0.tenancy != nil })
        for table in tables {
            let text = try Self.text(of: table)
            let fast = try #require(SnapshotJSONReader.table(from: text), "the fast reader gave up on \(table.name)")
            #expect(fast == table)
            #expect(fast == (try JSONDecoder().decode(TableSnapshot.self, from: Data(text.utf8))))
            // Compact text, as an editor might save it, reads the same.
            let compact = String(decoding: try JSONEncoder().encode(table), as: UTF8.self)
            #expect(SnapshotJSONReader.table(from: compact) == table)
        }
    }

    @Test("every table of every committed snapshot.json in the repository reads the same as JSONDecoder reads it")
    func committedSnapshots() throws {
        var files = 0
        for folder in ["/migrations", "/Tests"] {
            guard let walker = FileManager.default.enumerator(atPath: Revisions.root + folder) else { continue }
            while let path = walker.nextObject() as? String {
                guard path.hasSuffix("/snapshot.json"), !path.contains(".build") else { continue }
                let text = try String(contentsOfFile: Revisions.root + folder + "/" + path, encoding: .utf8)
                guard let parts = SnapshotCodec.split(text) else { continue }
                files += 1
                for table in parts.tables {
                    #expect(SnapshotJSONReader.table(from: table) == (try JSONDecoder().decode(TableSnapshot.self, from: Data(table.utf8))), "\(path)")
                }
            }
        }
        #expect(files >= 10)
    }

    @Test("texts it does not know exactly are left to JSONDecoder: unknown or repeated keys, other types, fractions, bad escapes")
    func givesUp() throws {
        let base = #"{"checks":[],"columns":[],"indexes":[],"name":"t","primary_key":"id","primary_key_constraint":"t_pkey","trigger":"t_touch""#
        let accepted: [String] = [
            base + "}",
            base + #","comment":null}"#,
            base + #","comment":"a\u00e9\ud83d\ude00\/\b\f\n\r\t"}"#,
            base + #","append_only":{}}"#,
            base + #","append_only":{"partition":{"ahead":12,"column":"c","interval":"day"}}}"#,
            #"{"checks":[],"columns":[{"name":"c","nullable":true,"type":"text","deprecated":null}],"indexes":[],"name":"t","primary_key":"id","primary_key_constraint":"p","trigger":"g"}"#,
        ]
        for text in accepted {
            let fast = try #require(SnapshotJSONReader.table(from: text), "gave up on \(text)")
            #expect(fast == (try JSONDecoder().decode(TableSnapshot.self, from: Data(text.utf8))), "\(text)")
        }
        let refused: [String] = [
            base + #","extra":1}"#,                                   // a key it does not know (JSONDecoder ignores it)
            base + #","name":"u"}"#,                                  // a key twice
            base + #","comment":1}"#,                                 // another type
            base + #","append_only":{"partition":{"ahead":1.0,"column":"c","interval":"day"}}}"#,
            base + #","append_only":{"partition":{"ahead":01,"column":"c","interval":"day"}}}"#,
            base + #","append_only":{"partition":{"ahead":99999999999999999999,"column":"c","interval":"day"}}}"#,
            base + #","comment":"\ud83d"}"#,                          // a lone surrogate
            base + #","comment":"\x"}"#,                              // an unknown escape
            base + "} x",                                             // text after the table
            base + #","comment":"#,                                   // cut short
            String(base.dropFirst().dropFirst(10)),
            #"{"checks":[],"columns":[],"indexes":[],"name":"t"}"#,   // required keys missing
            base + ",\"comment\":\"raw \n line\"}",                    // a raw control character in a string
        ]
        for text in refused {
            #expect(SnapshotJSONReader.table(from: text) == nil, "\(text)")
        }
    }

    @Test("random damage to a table's text never traps; whatever the fast reader still reads, JSONDecoder reads the same")
    func randomDamage() throws {
        let tables = try Self.sampleTables()
        var state: UInt64 = 0x5EED_5A17
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array(#"{}[],:"\ u0123456789abcdefnrtl.-eE"#.utf8) + [0x0A, 0x00, 0xC3, 0xA9]
        var read = 0
        for round in 0..<3000 {
            var bytes = Array(try Self.text(of: tables[round % tables.count]).utf8)
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[next(alphabet.count)], at: at)
                default: bytes[at] = alphabet[next(alphabet.count)]
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let fast = SnapshotJSONReader.table(from: text) else { continue }
            read += 1
            #expect(fast == (try? JSONDecoder().decode(TableSnapshot.self, from: Data(text.utf8))), "\(text)")
        }
        #expect(read > 0, "some damage (inside a string) leaves a readable table")
    }

    @Test("the next snapshot reuses the text of the tables it leaves unchanged, byte for byte what encoding prints")
    func reuseIsTheSameText() throws {
        let before = SnapshotFile(id: "0001_a", parent: nil, schema: SchemaSnapshot(schema: try Revisions.schema(1)))
        let stored = StoredSnapshot(text: try before.encoded(), path: "0001_a/snapshot.json")
        for revision in 2...Revisions.count {
            let after = SnapshotFile(id: "0002_b", parent: "0001_a", schema: SchemaSnapshot(schema: try Revisions.schema(revision)))
            #expect(try after.encoded(after: stored) == (try after.encoded()), "rev\(revision)")
        }
        #expect(stored.tableTexts()?.texts.count == before.schema.tables.count)
        // A file laid out otherwise keeps no texts; the next snapshot is encoded in full, the same.
        let compact = StoredSnapshot(text: String(decoding: try JSONEncoder().encode(before), as: UTF8.self), path: "x")
        #expect(compact.tableTexts() == nil)
        #expect(try before.encoded(after: compact) == (try before.encoded()))
    }

    @Test("the header is read from the text before the schema, with or without a parent, and from any layout")
    func header() throws {
        let schema = SchemaSnapshot(schema: try Revisions.schema(1))
        for parent in [nil, "0001_a"] {
            let file = SnapshotFile(id: "0002_b", parent: parent, schema: schema)
            for text in [try file.encoded(), String(decoding: try JSONEncoder().encode(file), as: UTF8.self)] {
                let header = try SnapshotHeader.decode(text)
                #expect(header.id == "0002_b" && header.parent == parent && header.format == SnapshotFile.currentFormat)
            }
        }
    }
}
