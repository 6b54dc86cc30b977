import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A server without pgvector (PostgreSQL 15 here) migrates the full fixture history, vector entity
/// included, with `--without-vector`: every table with a vector column is left out, every other table is
/// migrated exactly, and the two ways are never mixed on one database.
@Suite("--without-vector on PostgreSQL 15")
struct WithoutVectorTests {
    /// The fixture revisions without the entity that has a vector column: what a database migrated
    /// `--without-vector` must equal.
    static func withoutProducts() throws -> String {
        let root = try Revisions.temporaryDirectory("noproducts")
        for revision in 1...Revisions.count {
            let source = Revisions.fixtures + "/rev\(revision)"
            try FileManager.default.createDirectory(atPath: root + "/rev\(revision)", withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: source) where file != "product.yaml" {
                try FileManager.default.copyItem(atPath: source + "/" + file, toPath: root + "/rev\(revision)/" + file)
            }
        }
        return root
    }

    @Test("a vector entity with a history, and a partitioned one: their history table, recording function, partition functions and calls are left out too")
    func historyAndPartitionsLeftOut() async throws {
        let note = "entity: Note\nfields:\n  body: { type: text }\n"
        let doc = "entity: Doc\nhistory: true\nfields:\n  title: { type: string, max_length: 100, index: true }\n  embedding: { type: vector, dimensions: 3 }\n"
        let ping = "entity: Ping\nappend_only:\n  partition: { interval: day, ahead: 1 }\nfields:\n  v: { type: vector, dimensions: 3 }\n"
        let scenario = try Scenario([
            ["note.yaml": note, "doc.yaml": doc, "ping.yaml": ping],
            ["note.yaml": note + "  topic: { type: string, max_length: 20, nullable: true }\n",
             "doc.yaml": doc + "  summary: { type: text, nullable: true }\n", "ping.yaml": ping],
        ])
        let expected = try Revisions.temporaryDirectory("noVectors")
        for revision in 1...2 {
            try FileManager.default.createDirectory(atPath: expected + "/rev\(revision)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: scenario.fixtures + "/rev\(revision)/note.yaml", toPath: expected + "/rev\(revision)/note.yaml")
        }
        #expect(try VectorlessTarget(history: scenario.history).tables == ["docs", "docs_history", "pings"])
        var runner = scenario.runner
        runner.withoutVector = true
        try await TestServer.pg15.withFreshDatabase { database in
            try await TestServer.pg15.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                for revision in [1, 2, 1, 2] {
                    try await runner.apply(to: revision, on: migrate)
                    // The shared trigger functions the left-out entities asked for stay: they name no table.
                    let actual = try await CatalogState.read(connection)
                    let fresh = try await FreshCatalogs.shared.catalog(revision, fixtures: expected, server: .pg15)
                    #expect(actual.differences(from: fresh).filter { !$0.hasPrefix("functions ") } == [], "rev\(revision)")
                    #expect(Set(actual.functions) == Set(fresh.functions).union(["taxiway_history_guard", "taxiway_refuse_append_only_change"]))
                    #expect(fresh.tables.keys.sorted() == ["notes"])
                }
                #expect(try await connection.text("""
                    SELECT count(*)::text FROM pg_proc WHERE proname IN ('taxiway_record_docs', 'pings_create_partitions', 'pings_detach_partitions')
                    """) == "0")
            }
        }
    }

    @Test("a vector entity renamed (partitioned, and with a renamed column) beside a renamed plain column: the renames of what is left out do nothing, the rest applies")
    func renamesLeftOut() async throws {
        let doc = { (name: String, renamed: String, column: String) in
            "entity: \(name)\n\(renamed)append_only:\n  partition: { interval: day, ahead: 1 }\nfields:\n  \(column): { type: string, max_length: 100 }\n  embedding: { type: vector, dimensions: 3 }\n"
        }
        let scenario = try Scenario([
            ["note.yaml": "entity: Note\nfields:\n  body: { type: text }\n", "doc.yaml": doc("Doc", "", "title")],
            ["note.yaml": "entity: Note\nfields:\n  text: { type: text, renamed_from: body }\n",
             "doc.yaml": doc("Sheet", "renamed_from: docs\n", "heading") .replacingOccurrences(of: "heading: { type: string, max_length: 100 }",
                                                                                   with: "heading: { type: string, max_length: 100, renamed_from: title }")],
        ])
        var runner = scenario.runner
        runner.withoutVector = true
        try await TestServer.pg15.withFreshDatabase { database in
            try await TestServer.pg15.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await runner.apply(to: 2, on: migrate)
                #expect(try await connection.text("SELECT string_agg(attname, ',') FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname IN ('body', 'text')") == "text")
                #expect(try await connection.text("SELECT count(*)::text FROM pg_class WHERE relname IN ('docs', 'sheets')") == "0")
                try await runner.apply(to: 1, on: migrate)
                #expect(try await connection.text("SELECT string_agg(attname, ',') FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname IN ('body', 'text')") == "body")
            }
        }
    }

    @Test("without the flag, PostgreSQL 15 refuses before any migration runs and names --without-vector")
    func refusedWithoutTheFlag() async throws {
        let history = try Revisions.history().history
        try await TestServer.pg15.withFreshDatabase { database in
            try await TestServer.pg15.withConnection(to: database) { connection in
                let error = await migrationError { try await MigrationRunner(history: history).apply(to: 1, on: NIOMigrationConnection(connection: connection)) }
                #expect(error?.description.contains("--without-vector") == true, "\(String(describing: error))")
                let applied = try await connection.text("SELECT count(*)::text FROM taxiway_migrations")
                #expect(applied == "0", "nothing was applied")
            }
        }
    }

    @Test("migrate apply --without-vector: rev1…rev8 one by one, rev7 down to rev5 and up to rev8; each step equals a fresh PostgreSQL 15 database of the specs without the vector entity")
    func applyWithoutVector() async throws {
        let history = try Revisions.history().history
        let expected = try Self.withoutProducts()
        var runner = MigrationRunner(history: history)
        runner.withoutVector = true
        #expect(try VectorlessTarget(history: history).tables == ["products"])
        try await TestServer.pg15.withFreshDatabase { database in
            try await TestServer.pg15.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                for revision in Array(1...7) + [6, 5, Revisions.count] {
                    try await runner.apply(to: revision, on: migrate)
                    try await expectCatalog(of: connection, equalsFresh: revision, "PostgreSQL 15 --without-vector, rev\(revision)",
                                            fixtures: expected, server: .pg15)
                    if revision == 1 {
                        try await connection.run("INSERT INTO customers (name, email, status, score) VALUES ('Ada', 'ada@example.com', 'active', 7)")
                    }
                }
                #expect(try await connection.text("SELECT count(*)::text FROM taxiway_migrations WHERE applied_at IS NOT NULL") == "\(Revisions.count)",
                        "the ledger is the same as with pgvector")
                #expect(try await connection.text("SELECT (remark IS NULL AND tier = 'basic')::text FROM customers WHERE name = 'Ada'") == "true")
                let plain = await migrationError { try await MigrationRunner(history: history).apply(to: Revisions.count, on: migrate) }
                #expect(plain?.message.contains("it was migrated --without-vector") == true, "\(String(describing: plain))")
            }
        }
    }

    @Test("migrate sql --without-vector through psql on PostgreSQL 15, twice; on PostgreSQL 18 a database migrated with pgvector is refused")
    func offlineScript() async throws {
        let history = try Revisions.history().history
        let expected = try Self.withoutProducts()
        var script = OfflineScript(history: history, from: 0, to: Revisions.count)
        script.withoutVector = true
        let text = try script.text()
        try await TestServer.pg15.withFreshDatabase { database in
            for run in 1...2 {
                let psql = try await Psql.run(script: text, database: database, on: .pg15)
                #expect(psql.status == 0, "psql run \(run): \(psql.output)")
            }
            try await TestServer.pg15.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "psql --without-vector", fixtures: expected, server: .pg15)
            }
        }
        try await TestServer.withFreshDatabase { database in
            #expect((try await Psql.run(script: try OfflineScript(history: history, from: 0, to: 2).text(), database: database)).status == 0)
            let refused = try await Psql.run(script: text, database: database)
            #expect(refused.status == 3 && refused.standardError.contains("--without-vector leaves out products, but products exists"), "\(refused.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 2, "refused, unchanged")
            }
        }
    }
}
