import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Prefix indexes (`prefix: true`, the pattern operator class) added, changed and removed by migrations on real
/// PostgreSQL 18 and 15, with rows: the database equals a fresh one of each revision's specs, operator classes
/// included, down and up again.
@Suite("Prefix indexes in migrations")
struct PrefixIndexMigrationTests {
    static let head = """
        entity: Article
        description: An article.
        fields:
          title: { type: string, max_length: 200 }
          body: { type: text }
        queries:
          titled:
            where: { title: { prefix: $start } }

        """

    @Test("a plain index, then prefix indexes added beside it, then one covering deleted rows too: each revision's catalog equals a fresh one",
          arguments: [TestServer.pg18, .pg15])
    func addChangeRemove(server: TestServer) async throws {
        let scenario = try Scenario([
            ["article.yaml": Self.head + "indexes:\n  - { fields: [title], prefix: true }\n"],
            ["article.yaml": Self.head + "indexes:\n  - fields: [title]\n  - { fields: [title], prefix: true }\n  - { fields: [body], prefix: true }\n"],
            ["article.yaml": Self.head + "indexes:\n  - { fields: [title], prefix: true, include_deleted: true }\n"],
        ])
        try await TableRenameTests.withMigrationDatabase(on: server) { connection, migrations in
            try await scenario.runner.apply(to: 1, on: migrations)
            try await connection.run("INSERT INTO articles (title, body) VALUES ('abc', 'x'), ('abd', 'y')")
            for (revision, label) in [(2, "added"), (3, "changed and removed"), (2, "down to 2"), (1, "down to 1"), (3, "up again")] {
                try await scenario.runner.apply(to: revision, on: migrations)
                try await TableRenameTests.expectFresh(connection, revision: revision, scenario: scenario, server: server, label)
            }
            let definition = try await connection.text(
                "SELECT pg_get_indexdef('ix_articles_title_prefix'::regclass)")
            #expect(definition == "CREATE INDEX ix_articles_title_prefix ON public.articles USING btree (title varchar_pattern_ops)")
            #expect(try await connection.text("SELECT count(*)::text FROM articles") == "2")
        }
    }
}
