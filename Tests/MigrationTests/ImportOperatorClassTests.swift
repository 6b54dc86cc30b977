import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Adopting indexes with an operator class or collation: a pattern-class index (Django's `_like` indexes,
/// SQLAlchemy's `postgresql_ops`) becomes a prefix index, and one a spec cannot declare stays in place.
@Suite("Import: indexes with operator classes")
struct ImportOperatorClassTests {
    @Test("pattern-class indexes become prefix indexes and keep their class; a COLLATE index is left in place; none is lost")
    func adoptPatternIndexes() async throws {
        try await TestServer.pg18.withFreshDatabase { name in
            let url = try TestServer.url(database: name)
            try await TestServer.withConnection(to: name) { (connection: PostgresConnection) async throws in
                for statement in [
                    """
                    CREATE TABLE authors (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar(100) NOT NULL,
                        slug varchar(50) NOT NULL, bio text NOT NULL)
                    """,
                    "CREATE INDEX authors_name_idx ON authors (name)",
                    "CREATE INDEX authors_name_like ON authors (name varchar_pattern_ops)",
                    "CREATE INDEX authors_slug_like ON authors (slug varchar_pattern_ops DESC)",
                    "CREATE INDEX authors_bio_like ON authors (bio text_pattern_ops)",
                    #"CREATE INDEX authors_name_c ON authors (name COLLATE "C")"#,
                    "INSERT INTO authors (name, slug, bio) VALUES ('Ada', 'ada', 'x')",
                ] { try await connection.run(statement) }
            }
            let project = try ImportProject.empty()
            let imported = try await project.run("import", "--database-url", url)
            #expect(imported.status == 0, "\(imported.output)")
            #expect(imported.output.contains(#"index authors_name_c (COLLATE "C") has no spec form"#), "\(imported.output)")
            let spec = try String(contentsOfFile: project.path + "/specs/authors.yaml", encoding: .utf8)
            #expect(spec.contains("name: { type: string, max_length: 100, index: true }"), "\(spec)")
            for field in ["bio", "name", "slug"] {
                #expect(spec.contains("  - { fields: [\(field)], prefix: true }"), "\(spec)")
            }
            let baseline = try await project.run("migrate", "baseline", "--database", url)
            try #require(baseline.status == 0, "\(baseline.output)")
            let applied = try await project.run("migrate", "apply", "--database", url)
            try #require(applied.status == 0, "\(applied.output)")
            try await TestServer.withConnection(to: name) { (connection: PostgresConnection) async throws in
                let definitions = try await connection.texts(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'authors' ORDER BY indexname").compactMap { $0.first ?? nil }
                for expected in [
                    #"CREATE INDEX authors_name_c ON public.authors USING btree (name COLLATE "C")"#,
                    "CREATE INDEX ix_authors_bio_prefix ON public.authors USING btree (bio text_pattern_ops) WHERE (deleted_at IS NULL)",
                    "CREATE INDEX ix_authors_name ON public.authors USING btree (name)",
                    "CREATE INDEX ix_authors_name_prefix ON public.authors USING btree (name varchar_pattern_ops) WHERE (deleted_at IS NULL)",
                    "CREATE INDEX ix_authors_slug_prefix ON public.authors USING btree (slug varchar_pattern_ops) WHERE (deleted_at IS NULL)",
                ] {
                    #expect(definitions.contains(expected), "\(definitions)")
                }
                #expect(try await connection.text("SELECT name || slug || bio FROM authors") == "Adaadax")
            }
            let drift = try await project.run("db", "diff", "--database", url)
            #expect(drift.output.contains("extra index authors.authors_name_c"), "\(drift.output)")
            #expect(!drift.output.contains("prefix"), "\(drift.output)")
        }
    }
}
