import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A small fixture with hostile names and every kind of default, applied to both servers: what the
/// generated DDL says is what the database stores.
@Suite("DDL fixture")
struct FixtureTests {
    private func gadgetSchema() throws -> Schema {
        try Specs.check(["specs/gadget.yaml": Specs.gadget]).schema
    }

    @Test("reserved names are quoted and literals escaped in the rendered script")
    func rendersQuoted() throws {
        let ddl = try ExampleProject.ddl(for: gadgetSchema())
        let table = try #require(SQLScript(ddl).statements.first { $0.normalized.hasPrefix("CREATE TABLE") })
        for piece in [
            "CREATE TABLE \"select\" (",
            "label varchar(40) NOT NULL DEFAULT 'it''s; -- not a comment',",
            "\"from\" integer NOT NULL DEFAULT -3,",
            "released date NOT NULL DEFAULT date '2024-02-29',",
            "settings jsonb NOT NULL DEFAULT '{\"a\":[1,\"x''y\"],\"b\":true}'::jsonb,",
            "sizes varchar(10)[] NOT NULL DEFAULT ARRAY['s', 'm''l']::varchar(10)[],",
            "ratio double precision NOT NULL DEFAULT 0.25,",
            "big bigint NOT NULL DEFAULT 9000000000,",
            "flags boolean[] NOT NULL DEFAULT ARRAY[true, false]::boolean[],",
            "ids uuid[] NOT NULL DEFAULT '{}',",
            "price numeric(8,3) NOT NULL DEFAULT -1.25,",
            "secret bytea NULL,",
            "\"user\" uuid NULL,",
            "CONSTRAINT ck_select_from_range CHECK (\"from\" >= -5 AND \"from\" <= 5)",
            "CONSTRAINT ck_select_sizes_items CHECK (cardinality(sizes) >= 1 AND cardinality(sizes) <= 3)",
            "CONSTRAINT ck_select_note_length CHECK (char_length(note) <= 10)",
            "CONSTRAINT ck_select_kind_values CHECK (kind IN ('a_b', 'c'))",
        ] {
            #expect(table.normalized.contains(piece), "missing: \(piece)\nin: \(table.normalized)")
        }
        #expect(ddl.contains("CREATE INDEX ix_select_user ON \"select\" USING btree (\"user\");"))
        #expect(ddl.contains("CREATE INDEX ix_select_kind_from ON \"select\" USING btree (kind, \"from\") WHERE deleted_at IS NULL;"))
        #expect(ddl.contains("CREATE TRIGGER trg_select_touch BEFORE UPDATE ON \"select\" FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();"))
        #expect(ddl.contains("COMMENT ON TABLE \"select\" IS E'It''s a \"gadget\"; -- not a comment\\nSecond line.';"))
        #expect(ddl.contains("COMMENT ON COLUMN \"select\".label IS 'Label; with ''quotes''.';"))
        #expect(!ddl.contains("CREATE EXTENSION"))
        #expect(!SQLScript(ddl).statements.contains { $0.words.contains("REFERENCES") || $0.words.contains("FOREIGN") })
    }

    @Test("the fixture applies; its defaults, comments and checks are what the spec says", arguments: TestServer.allCases)
    func appliesWithDefaults(server: TestServer) async throws {
        let schema = try gadgetSchema()
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { db, _ in
            try await DDLApplier.apply(ddl, on: db, label: "\(server) fixture")
            let row = try await db.row("""
                INSERT INTO "select" DEFAULT VALUES RETURNING label, "from", released::text, settings::text,
                    sizes::text[], ratio, big, flags, cardinality(ids), price::text, kind, version
                """)
            let (label, from, released, settings, sizes, ratio, big, flags, idCount, price, kind, version) =
                try row.decode((String, Int32, String, String, [String], Double, Int64, [Bool], Int32, String, String, Int32).self)
            #expect(label == "it's; -- not a comment")
            #expect(from == -3)
            #expect(released == "2024-02-29")
            #expect(settings == #"{"a": [1, "x'y"], "b": true}"#)
            #expect(sizes == ["s", "m'l"])
            #expect(ratio == 0.25)
            #expect(big == 9_000_000_000)
            #expect(flags == [true, false])
            #expect(idCount == 0)
            #expect(price == "-1.250")
            #expect(kind == "c")
            #expect(version == 1)

            let comments = try await Catalog(connection: db).comments(of: "\"select\"")
            #expect(comments.table == "It's a \"gadget\"; -- not a comment\nSecond line.")
            #expect(comments.columns["label"] == "Label; with 'quotes'.")

            await expectRefusal("23514", constraint: "ck_select_from_range", "below the negative minimum") {
                try await db.run("UPDATE \"select\" SET \"from\" = -6")
            }
            await expectRefusal("23514", constraint: "ck_select_sizes_items", "no items where one is required") {
                try await db.run("UPDATE \"select\" SET sizes = '{}'")
            }
            await expectRefusal("23514", constraint: "ck_select_kind_values", "a value outside the enum") {
                try await db.run("UPDATE \"select\" SET kind = 'a-b'")
            }
            await expectRefusal("23514", constraint: "ck_select_note_length", "text over its max_length") {
                try await db.run("UPDATE \"select\" SET note = 'eleven char'")
            }
            let updated = try await db.row("UPDATE \"select\" SET \"from\" = 5, \"user\" = gen_random_uuid() RETURNING version")
            #expect(try updated.decode(Int32.self) == 2)
            #expect(try await Catalog(connection: db).foreignKeyCount() == 0)
        }
    }

    @Test("a failure in the middle of the script rolls every statement before it back", arguments: TestServer.allCases)
    func rollsBackOnFailure(server: TestServer) async throws {
        let schema = try ExampleProject.schema(for: server)
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { db, name in
            // The last table of the script already exists, so its CREATE TABLE fails after every other one ran.
            let last = try #require(schema.entities.last)
            try await db.run("CREATE TABLE \(last.sqlTableName) (x integer)")
            let run = try await Psql.apply(ddl, to: name, on: server)
            #expect(run.status == 3, "psql: \(run.output)")
            #expect(run.output.contains("already exists"), "\(run.output)")
            let catalog = Catalog(connection: db)
            #expect(try await catalog.tables() == [last.tableName], "only the table that was there before")
            #expect(try await catalog.functionExists("taxiway_touch_row") == false)
        }
    }
}
