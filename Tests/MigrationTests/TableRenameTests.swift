import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Renaming entities and enum values on real PostgreSQL 18 and 15: an entity with a history is renamed
/// (`renamed_from: customers`) while one of its enum values is renamed (`renamed_values`), an append-only
/// partitioned entity changes its `table:` (`renamed_from: events`), and a third entity's `ref` follows. The
/// rows stay, the renamed values are rewritten (not in the history), and the database equals a fresh one built
/// from the new specs — every relation, column, index, constraint, trigger, function body, policy, sequence and
/// comment — then, migrated down, a fresh one of the old specs, and up again.
@Suite("Renaming tables and enum values on PostgreSQL")
struct TableRenameTests {
    static let rev1: [String: String] = [
        "customer.yaml": """
            entity: Customer
            history: true
            fields:
              name: { type: string, max_length: 100 }
              code: { type: string, min_length: 2, max_length: 10, unique: true }
              status: { type: enum, values: [active, closed] }
            """,
        "event.yaml": """
            entity: Event
            append_only:
              partition: { by: created_at, interval: month, ahead: 1 }
            fields:
              customer_id: { type: ref, entity: Customer }
              kind: { type: enum, values: [opened, shut] }
            """,
        "purchase.yaml": """
            entity: Purchase
            fields:
              customer_id: { type: ref, entity: Customer }
              total: { type: int, minimum: 0 }
            """,
    ]

    static let rev2: [String: String] = [
        "client.yaml": """
            entity: Client
            renamed_from: customers
            history: true
            fields:
              name: { type: string, max_length: 100 }
              code: { type: string, min_length: 2, max_length: 10, unique: true }
              status: { type: enum, values: [active, archived], renamed_values: { closed: archived } }
            """,
        "event.yaml": """
            entity: Event
            table: activity_events
            renamed_from: events
            append_only:
              partition: { by: created_at, interval: month, ahead: 1 }
            fields:
              customer_id: { type: ref, entity: Client }
              kind: { type: enum, values: [opened, shut] }
            """,
        "purchase.yaml": """
            entity: Purchase
            fields:
              customer_id: { type: ref, entity: Client }
              total: { type: int, minimum: 0 }
            """,
    ]

    @Test("rows kept, enum values rewritten, the catalog equal to a fresh database's; down and up again", arguments: [TestServer.pg18, .pg15])
    func renameAndBack(server: TestServer) async throws {
        let scenario = try Scenario([Self.rev1, Self.rev2])
        let rename = scenario.history.migrations[1]
        let up = rename.up.units.flatMap(\.statements)
        #expect(up.contains("ALTER TABLE customers RENAME TO clients") && up.contains("ALTER TABLE events RENAME TO activity_events"), "\(up)")
        #expect(!up.contains { $0.hasPrefix("DROP TABLE") || $0.hasPrefix("CREATE TABLE") }, "\(up)")
        #expect(rename.down?.units.isEmpty == false, "the rename is reversible")

        do {
            try await Self.run(scenario, on: server)
        } catch {
            Issue.record("\(serverMessage(of: error))\n\(up.joined(separator: ";\n"))")
        }
    }

    @Test("enum values renamed over more rows than a batch: every row rewritten, versions kept, the CHECK validated; the rewrite run again changes nothing; down rewrites back", arguments: [TestServer.pg18, .pg15])
    func manyRows(server: TestServer) async throws {
        let spec = "entity: Ticket\nfields:\n  state: { type: enum, values: [%@] }\n"
        let scenario = try Scenario([["ticket.yaml": spec.replacingOccurrences(of: "%@", with: "open, closed, stale")],
                                     ["ticket.yaml": spec.replacingOccurrences(of: "%@", with: "open, done")
                                        .replacingOccurrences(of: "] }", with: "], renamed_values: { closed: done, stale: open } }")]])
        #expect(scenario.history.migrations[1].down == nil, "stale → open merges into a kept value: irreversible")
        let twoWay = try Scenario([["ticket.yaml": spec.replacingOccurrences(of: "%@", with: "open, closed")],
                                   ["ticket.yaml": spec.replacingOccurrences(of: "%@", with: "open, done")
                                      .replacingOccurrences(of: "] }", with: "], renamed_values: { closed: done } }")]])
        try await Self.withMigrationDatabase(on: server) { connection, migrations in
            try await twoWay.runner.apply(to: 1, on: migrations)
            try await connection.run("""
                INSERT INTO tickets (state) SELECT CASE WHEN i % 3 = 0 THEN 'open' ELSE 'closed' END FROM generate_series(1, 2500) AS i
                """)
            try await twoWay.runner.apply(to: 2, on: migrations)
            #expect(try await connection.text("SELECT string_agg(state || '=' || n, ',' ORDER BY state) FROM (SELECT state, count(*) AS n FROM tickets GROUP BY state) s")
                    == "done=1667,open=833")
            #expect(try await connection.text("SELECT max(version)::text FROM tickets") == "1")
            #expect(try await connection.text("SELECT convalidated::text FROM pg_constraint WHERE conname = 'ck_tickets_state_values'") == "true")
            let rewrite = try #require(twoWay.history.migrations[1].up.units.flatMap(\.statements).first { $0.contains("CASE state WHEN 'closed'") })
            try await connection.run(rewrite)
            #expect(try await connection.text("SELECT count(*)::text FROM tickets WHERE state = 'done'") == "1667")
            try await Self.expectFresh(connection, revision: 2, scenario: twoWay, server: server, "many rows up")
            try await twoWay.runner.apply(to: 1, on: migrations)
            #expect(try await connection.text("SELECT count(*)::text FROM tickets WHERE state = 'closed'") == "1667")
            try await Self.expectFresh(connection, revision: 1, scenario: twoWay, server: server, "many rows down")
        }
    }

    @Test("squawk passes the rename migrations and their offline scripts, both ways")
    func squawk() async throws {
        let squawk = try #require(ProcessInfo.processInfo.environment["TAXIGEN_SQUAWK"].flatMap { $0.isEmpty ? nil : $0 },
                                  "TAXIGEN_SQUAWK is not set: run through scripts/with-test-databases")
        let scenario = try Scenario([Self.rev1, Self.rev2])
        let up = scenario.directory + "/upgrade.sql", down = scenario.directory + "/downgrade.sql"
        try OfflineScript(history: scenario.history, from: 0, to: 2).text().write(toFile: up, atomically: true, encoding: .utf8)
        try OfflineScript(history: scenario.history, from: 2, to: 1).text().write(toFile: down, atomically: true, encoding: .utf8)
        let files = try LocalFileSystem().files(under: scenario.directory).filter { $0.hasSuffix(".sql") }.map { scenario.directory + "/" + $0 }
        #expect(files.count == 6, "\(files)")
        let run = try await ProcessRun.run(squawk, ["--reporter", "gcc", "--exclude", "prefer-text-field,prefer-bigint-over-int"] + files)
        #expect(run.status == 0, "squawk:\n\(run.output)")
    }

    @Test("the offline scripts rename through psql, up and down, to what a fresh database holds")
    func offlineScripts() async throws {
        let scenario = try Scenario([Self.rev1, Self.rev2])
        let up = try OfflineScript(history: scenario.history, from: 0, to: 2).text()
        let down = try OfflineScript(history: scenario.history, from: 2, to: 1).text()
        try await TestServer.pg18.withFreshDatabase { name in
            let upgrade = try await Psql.run(script: up, database: name, on: .pg18)
            #expect(upgrade.status == 0, "\(upgrade.output)")
            try await TestServer.pg18.withConnection(to: name) { connection in
                try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: .pg18, "psql up")
            }
            let downgrade = try await Psql.run(script: down, database: name, on: .pg18)
            #expect(downgrade.status == 0, "\(downgrade.output)")
            try await TestServer.pg18.withConnection(to: name) { connection in
                try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: .pg18, "psql down")
            }
        }
    }

    @Test("long table names: the hashed derived names and the history's identity sequence match a fresh database's", arguments: [TestServer.pg18, .pg15])
    func longNames(server: TestServer) async throws {
        let (before, after) = ("ledger_entries_kept_for_the_auditors_of_the_northern_region", "ledger_entries_kept_for_the_auditors_of_the_southern_region")
        let spec = { (table: String, renamed: String) in
            "entity: Entry\ntable: \(table)\n\(renamed)history: true\nfields:\n  amount: { type: int, minimum: 0 }\n  state: { type: enum, values: [open, shut] }\n"
        }
        let scenario = try Scenario([["entry.yaml": spec(before, "")], ["entry.yaml": spec(after, "renamed_from: \(before)\n")]])
        try await Self.withMigrationDatabase(on: server) { connection, migrations in
            try await scenario.runner.apply(to: 1, on: migrations)
            try await connection.run("INSERT INTO \(before) (amount, state) VALUES (5, 'open')")
            try await scenario.runner.apply(to: 2, on: migrations)
            try await connection.run("UPDATE \(after) SET amount = 6")
            #expect(try await connection.text("SELECT count(*)::text FROM \(HistoryNames.table(of: after))") == "2")
            try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "long names up")
            try await scenario.runner.apply(to: 1, on: migrations)
            try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: server, "long names down")
        }
    }

    @Test("a partitioned table with a long name renamed: the indexes PostgreSQL named after each partition, cut to 63 bytes, take the names a fresh database gives them",
          arguments: [TestServer.pg18, .pg15])
    func longPartitionedRename(server: TestServer) async throws {
        // `<table>_p20261201_customer_account_id_settlement_kind_idx` passes 63 bytes: PostgreSQL cuts the
        // partition's name inside the index's name, so the index does not start with its partition's name.
        let (before, after) = ("ledger_entries_of_region", "ledger_entries_of_the_northern_region")
        let spec = { (table: String, renamed: String) in
            "entity: LedgerEntry\ntable: \(table)\n\(renamed)append_only:\n  partition: { by: created_at, interval: day, ahead: 2 }\n"
                + "fields:\n  customer_account_id: { type: uuid }\n  settlement_kind: { type: enum, values: [card, wire] }\n"
                + "indexes:\n  - fields: [customer_account_id, settlement_kind]\n"
        }
        let scenario = try Scenario([["entry.yaml": spec(before, "")], ["entry.yaml": spec(after, "renamed_from: \(before)\n")]])
        try await Self.withMigrationDatabase(on: server) { connection, migrations in
            try await scenario.runner.apply(to: 1, on: migrations)
            _ = try await connection.text("SELECT count(*)::text FROM \(before)_create_partitions(2)")
            try await connection.run("INSERT INTO \(before) (customer_account_id, settlement_kind) VALUES (gen_random_uuid(), 'card')")
            try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: server, "rev1", partitionsAhead: 2)
            try await scenario.runner.apply(to: 2, on: migrations)
            #expect(try await connection.text("SELECT count(*)::text FROM \(after)") == "1")
            try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "long partitioned up", partitionsAhead: 2)
            try await scenario.runner.apply(to: 1, on: migrations)
            try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: server, "long partitioned down", partitionsAhead: 2)
        }
    }

    @Test("an enum value renamed while the same migration backfills other columns (a NOT NULL default, a per-row uuid): the rewrite runs first, so no backfill meets a former value",
          arguments: [TestServer.pg18, .pg15])
    func enumRenameWithBackfills(server: TestServer) async throws {
        let scenario = try Scenario([
            ["ticket.yaml": "entity: Ticket\nfields:\n  status: { type: enum, values: [open, closed] }\n  note: { type: text, nullable: true }\n"],
            ["ticket.yaml": "entity: Ticket\nfields:\n  status: { type: enum, values: [open, done], renamed_values: { closed: done } }\n"
                + "  note: { type: text, default: \"\" }\n  ref: { type: uuid, default: random }\n"],
        ])
        try await Self.withMigrationDatabase(on: server) { connection, migrations in
            try await scenario.runner.apply(to: 1, on: migrations)
            try await connection.run("INSERT INTO tickets (status, note) VALUES ('closed', NULL), ('open', NULL), ('closed', 'kept')")
            try await scenario.runner.apply(to: 2, on: migrations)
            #expect(try await connection.texts("SELECT status || ' ' || note || ' ' || (ref IS NOT NULL)::text FROM tickets ORDER BY note, status")
                .map { $0[0] ?? "" } == ["done  true", "open  true", "done kept true"])
            try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "enum rename with backfills")
        }
    }

    @Test("a partitioned table's indexes added and changed, with partitions and rows: every partition gets them under a fresh database's names; down and up again",
          arguments: [TestServer.pg18, .pg15])
    func partitionedIndexChanges(server: TestServer) async throws {
        let head = "entity: Event\nappend_only:\n  partition: { by: created_at, interval: day, ahead: 2 }\nfields:\n"
            + "  kind: { type: string, max_length: 20 }\n  code: { type: string, max_length: 9 }\n"
        let scenario = try Scenario([
            ["event.yaml": head + "indexes:\n  - { fields: [code], name: ix_events_lookup }\n"],
            ["event.yaml": head + "indexes:\n  - fields: [kind]\n  - { fields: [code, kind], name: ix_events_lookup }\n"],
        ])
        try await Self.withMigrationDatabase(on: server) { connection, migrations in
            try await scenario.runner.apply(to: 1, on: migrations)
            _ = try await connection.text("SELECT count(*)::text FROM events_create_partitions(2)")
            try await connection.run("INSERT INTO events (kind, code) VALUES ('a', 'x'), ('b', 'y')")
            try await scenario.runner.apply(to: 2, on: migrations)
            try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "indexes up", partitionsAhead: 2)
            try await scenario.runner.apply(to: 1, on: migrations)
            try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: server, "indexes down", partitionsAhead: 2)
            try await scenario.runner.apply(to: 2, on: migrations)
            try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "indexes up again", partitionsAhead: 2)
            #expect(try await connection.text("SELECT count(*)::text FROM events") == "2")
        }
    }

    /// Runs `body` on a fresh database of `server`, with the migration connection over it; a server error is
    /// recorded with its message.
    static func withMigrationDatabase(on server: TestServer,
                                      _ body: (PostgresConnection, NIOMigrationConnection) async throws -> Void) async throws {
        do {
            try await server.withFreshDatabase { name in
                try await server.withConnection(to: name) { connection in
                    try await body(connection, NIOMigrationConnection(connection: connection))
                }
            }
        } catch {
            Issue.record("\(serverMessage(of: error))")
        }
    }

    /// Migrates up, down and up again, checking the rows and the catalog at each step.
    static func run(_ scenario: Scenario, on server: TestServer) async throws {
        try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { connection in
                let migrations = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 1, on: migrations)
                try await connection.run("""
                    INSERT INTO customers (name, code, status) VALUES ('Ada', 'ada', 'active'), ('Bob', 'bob', 'closed'), ('Cy', 'cy', 'closed')
                    """)
                try await connection.run("UPDATE customers SET name = 'Bobby' WHERE code = 'bob'")
                try await connection.run("""
                    INSERT INTO events (event_id, customer_id, kind) SELECT gen_random_uuid(), customer_id, 'opened' FROM customers
                    """)
                try await connection.run("INSERT INTO purchases (customer_id, total) SELECT customer_id, 10 FROM customers WHERE code = 'ada'")
                let versions = try await connection.texts("SELECT code || ' ' || version FROM customers ORDER BY code").map { $0[0] ?? "" }

                try await scenario.runner.apply(to: 2, on: migrations)
                #expect(try await connection.texts("SELECT code || ' ' || status FROM clients ORDER BY code").map { $0[0] ?? "" }
                        == ["ada active", "bob archived", "cy archived"])
                #expect(try await connection.texts("SELECT code || ' ' || version FROM clients ORDER BY code").map { $0[0] ?? "" } == versions,
                        "the rewrite keeps each row's version")
                #expect(try await connection.texts("""
                    SELECT history_operation || ' ' || status FROM clients_history ORDER BY history_id
                    """).map { $0[0] ?? "" } == ["insert active", "insert closed", "insert closed", "update closed"],
                        "the history keeps the former values and records no rewrite")
                #expect(try await connection.text("SELECT count(*)::text FROM activity_events") == "3")
                #expect(try await connection.text("SELECT c.code FROM purchases p JOIN clients c ON c.client_id = p.customer_id") == "ada",
                        "refs keep pointing at the renamed table's rows")
                try await connection.run("UPDATE clients SET name = 'Ada L' WHERE code = 'ada'")
                #expect(try await connection.text("SELECT count(*)::text FROM clients_history") == "5", "the renamed history still records")
                #expect(try await connection.text("SELECT string_agg(f, ',' ORDER BY f) FROM activity_events_create_partitions(2) AS f") != nil)
                await #expect(throws: (any Error).self, "the renamed table still refuses a former value") {
                    try await connection.run("INSERT INTO clients (name, code, status) VALUES ('Dee', 'dee', 'closed')")
                }
                try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "up to rev2", partitionsAhead: 2)

                try await scenario.runner.apply(to: 1, on: migrations)
                #expect(try await connection.texts("SELECT code || ' ' || status FROM customers ORDER BY code").map { $0[0] ?? "" }
                        == ["ada active", "bob closed", "cy closed"])
                #expect(try await connection.text("SELECT count(*)::text FROM customers_history") == "5")
                try await Self.expectFresh(connection, revision: 1, scenario: scenario, server: server, "down to rev1", partitionsAhead: 2)

                try await scenario.runner.apply(to: 2, on: migrations)
                #expect(try await connection.text("SELECT count(*)::text FROM clients WHERE status = 'archived'") == "2")
                try await Self.expectFresh(connection, revision: 2, scenario: scenario, server: server, "up again", partitionsAhead: 2)
            }
        }
    }

    /// Expects the database to equal a fresh one of `revision` (whose partitioned tables get `partitionsAhead`
    /// partitions ahead, as the test made them), in the catalog the migration tests compare, in the rest of
    /// pg_catalog `FullCatalog` reads, and in what `taxigen db diff` reports.
    static func expectFresh(_ connection: PostgresConnection, revision: Int, scenario: Scenario, server: TestServer, _ label: String,
                            partitionsAhead: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let schema = try Revisions.schema(revision, fixtures: scenario.fixtures)
        let ddl = try Revisions.freshDDL(revision, fixtures: scenario.fixtures)
        let actual = try await FullCatalog.read(connection, schema: schema)
        let expected = try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { fresh in
                for statement in SQLScript(ddl).statements { try await fresh.run(statement.text) }
                if let partitionsAhead {
                    for entity in schema.entities where entity.traits.appendOnly?.partitioning != nil {
                        try await fresh.run("SELECT count(*) FROM \(DerivedNames.createPartitionsFunction(table: entity.tableName))(\(partitionsAhead))")
                    }
                }
                return try await FullCatalog.read(fresh, schema: schema)
            }
        }
        let missing = expected.lines.filter { !actual.lines.contains($0) }
        let extra = actual.lines.filter { !expected.lines.contains($0) }
        #expect(missing.isEmpty && extra.isEmpty, "\(label): differs from a fresh rev\(revision) database\nmissing:\n\(missing.joined(separator: "\n"))\nextra:\n\(extra.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        #expect(actual.drift == expected.drift, "\(label): db diff reports \(actual.drift), a fresh database \(expected.drift)",
                sourceLocation: sourceLocation)
        #expect(actual.lines.contains { $0.hasPrefix("relation ") }, "the catalog was read", sourceLocation: sourceLocation)
    }
}

/// Everything in `public` a renamed table must get right, one line per object, read from pg_catalog: relations
/// (tables, partitions, indexes, sequences, with their row-level security flags), columns with their types,
/// defaults and comments, index and constraint definitions, trigger definitions, function bodies, policies and
/// comments; and the items `taxigen db diff` reports against the specs. The ledger is left out.
struct FullCatalog {
    let lines: Set<String>
    let drift: [String]

    static func read(_ connection: PostgresConnection, schema: Schema) async throws -> FullCatalog {
        let ours = "n.nspname = 'public' AND c.relname NOT LIKE '%taxiway\\_migration%'"
        let queries = [
            """
            SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity
                   || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '-')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(ours)
            """,
            """
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
                   || ' identity=' || a.attidentity::text || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                   || ' comment=' || coalesce(col_description(c.oid, a.attnum), '-')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE \(ours) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            """,
            """
            SELECT 'index ' || pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(ours)
            """,
            """
            SELECT 'constraint ' || c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) || ' ' || con.convalidated
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(ours)
            """,
            """
            SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(ours) AND NOT t.tgisinternal
            """,
            """
            SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """,
            """
            SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
            FROM pg_policies WHERE schemaname = 'public'
            """,
        ]
        var lines: Set<String> = []
        for query in queries {
            for row in try await connection.texts(query) { if let line = row[0] { lines.insert(line) } }
        }
        let live = try await LiveCatalog.read(from: NIOMigrationConnection(connection: connection))
        let drift = DatabaseDrift(expected: SchemaSnapshot(schema: schema), actual: live).items.map(\.description).sorted()
        return FullCatalog(lines: lines, drift: drift)
    }
}
