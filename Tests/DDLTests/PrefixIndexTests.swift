import Foundation
import PostgresNIO
@testable import TaxigenCore
import Testing

/// `prefix: true` indexes: the pattern operator class that lets PostgreSQL read `LIKE 'abc%'` as an index range
/// under a collation other than C, where a plain btree serves it only by a full scan.
@Suite("Prefix indexes")
struct PrefixIndexTests {
    static let spec = """
        entity: Article
        description: An article.
        fields:
          title: { type: string, max_length: 200 }
          body: { type: text }
          rank: { type: int, default: 0 }
        indexes:
          - fields: [title]
          - { fields: [title], prefix: true }
          - { fields: [body], prefix: true }
        queries:
          titled:
            where: { title: { prefix: $start } }
          titled_in_order:
            where: { title: { prefix: $start } }
            order_by: [ title ]
          bodied:
            where: { body: { prefix: $start } }
        """

    static func schema() throws -> Schema {
        try Specs.check(["specs/article.yaml": spec]).schema
    }

    @Test("the DDL gives the string field varchar_pattern_ops and the text field text_pattern_ops, named apart from the plain index")
    func ddl() throws {
        let entity = try #require(try Self.schema().entities.first)
        let statements = entity.indexes.map { SQLStatements.createIndex($0, in: entity) }
        #expect(statements.contains("CREATE INDEX ix_articles_title ON articles USING btree (title) WHERE deleted_at IS NULL;"))
        #expect(statements.contains(
            "CREATE INDEX ix_articles_title_prefix ON articles USING btree (title varchar_pattern_ops) WHERE deleted_at IS NULL;"))
        #expect(statements.contains(
            "CREATE INDEX ix_articles_body_prefix ON articles USING btree (body text_pattern_ops) WHERE deleted_at IS NULL;"))
    }

    @Test("a prefix condition is served by the prefix index, not by a plain btree; an ordering by the field is served by the plain one")
    func serving() throws {
        let entity = try #require(try Self.schema().entities.first)
        let serving = Dictionary(uniqueKeysWithValues: entity.queries.map {
            ($0.name, QueryIndexRules.servingIndexes($0, of: entity).map(\.name))
        })
        #expect(serving["titled"] == ["ix_articles_title_prefix"])
        #expect(serving["titled_in_order"] == ["ix_articles_title_prefix", "ix_articles_title"])
        #expect(serving["bodied"] == ["ix_articles_body_prefix"])
    }

    @Test("without a prefix index lint reports a prefix query and names the index to declare")
    func lintFinding() throws {
        let spec = Self.spec.replacingOccurrences(of: "  - { fields: [body], prefix: true }\n", with: "")
        let schema = try Specs.check(["specs/article.yaml": spec]).schema
        let entity = try #require(schema.entities.first)
        let findings = QueryIndexRules.findings(entity).map(\.message)
        #expect(findings.count == 1)
        #expect(findings.first == "named query 'bodied' is served by no index: no index serves its prefix on 'body'; add a prefix index (`- { fields: [body], prefix: true }`)")
        // With a plain btree on the field, the finding says why it does not serve.
        let plain = Self.spec.replacingOccurrences(of: "  - { fields: [title], prefix: true }\n", with: "")
        let titled = try #require(try Specs.check(["specs/article.yaml": plain]).schema.entities.first)
        #expect(QueryIndexRules.findings(titled).map(\.message).first
                == "named query 'titled' is served by no index: 'title' leads the btree 'ix_articles_title', but a plain btree serves a prefix only under the C collation; add a prefix index (`- { fields: [title], prefix: true }`)")
    }

    @Test("`index: prefix` on a field makes its prefix index, beside a unique field's unique index; on an int it is refused")
    func fieldIndex() throws {
        let spec = """
            entity: Label
            description: A tag.
            fields:
              label: { type: string, max_length: 40, index: prefix }
              code: { type: text, unique: true, index: prefix }
              rank: { type: int, index: prefix }
            """
        var log = DiagnosticLog()
        _ = Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/label.yaml", text: spec)], into: &log), into: &log)
        let errors = log.sorted.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("specs/label.yaml:6:29: error: `index: prefix` needs a string or text field, and 'rank' is int") == true,
                "\(errors)")
        let fixed = spec.replacingOccurrences(of: "  rank: { type: int, index: prefix }\n", with: "")
            .replacingOccurrences(of: "  rank: { type: int, index: prefix }", with: "")
        let entity = try #require(try Specs.check(["specs/label.yaml": fixed]).schema.entities.first)
        let statements = entity.indexes.map { SQLStatements.createIndex($0, in: entity) }
        #expect(statements.contains("CREATE INDEX ix_labels_label_prefix ON labels USING btree (label varchar_pattern_ops);"), "\(statements)")
        #expect(statements.contains("CREATE UNIQUE INDEX ux_labels_code ON labels USING btree (code) WHERE deleted_at IS NULL;"), "\(statements)")
        #expect(statements.contains("CREATE INDEX ix_labels_code_prefix ON labels USING btree (code text_pattern_ops);"), "\(statements)")
    }

    @Test("a prefix index on a non-text field, over two fields or of another kind is refused where it is written")
    func refusals() throws {
        let bad = """
            entity: Article
            description: An article.
            fields:
              title: { type: string, max_length: 200 }
              rank: { type: int }
              tags: { type: array, items: string, max_length: 10 }
            indexes:
              - { fields: [rank], prefix: true }
              - { fields: [title, rank], prefix: true }
              - { fields: [tags], kind: gin, prefix: true }
            """
        var log = DiagnosticLog()
        _ = Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/article.yaml", text: bad)], into: &log), into: &log)
        let errors = log.sorted.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("specs/article.yaml:8:23: error: a prefix index takes a string or text field, and 'rank' is int") })
        #expect(errors.contains { $0.hasPrefix("specs/article.yaml:9:30: error: a prefix index takes exactly one field, and this one lists 2") })
        #expect(errors.contains { $0.contains("hint: index one string or text field, e.g. `- { fields: [title], prefix: true }`") })
        #expect(errors.contains { $0.hasPrefix("specs/article.yaml:10:34: error: `prefix: true` makes a btree index; a gin index cannot serve prefixes") })
    }

    @Test("on the server (collation not C), the prefix index reads a bound prefix as an index range; without it the plain btree does not",
          arguments: TestServer.allCases)
    func plans(server: TestServer) async throws {
        let schema = try Self.schema()
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { connection, _ in
            let collation = try await connection.row("SELECT datcollate FROM pg_database WHERE datname = current_database()")
                .decode(String.self)
            #expect(collation != "C" && collation != "POSIX", "the test proves nothing under the C collation")
            try await DDLApplier.apply(ddl, on: connection, label: "prefix indexes, \(server.rawValue)")
            try await connection.run("""
                INSERT INTO articles (title, body) SELECT md5(i::text), md5((i * 7)::text) FROM generate_series(1, 20000) AS i
                """)
            try await connection.run("ANALYZE articles")
            // The statements as the repository sends them: the pattern a bound parameter, active rows only.
            func plan(_ column: String) async throws -> String {
                let pattern = "abc%"
                let row = try await connection.row(
                    "EXPLAIN (FORMAT JSON) SELECT article_id FROM articles WHERE \(unescaped: column) LIKE \(pattern) AND deleted_at IS NULL")
                return try row.decode(String.self)
            }
            let title = try await plan("title")
            #expect(title.contains("\"Index Name\": \"ix_articles_title_prefix\""), "\(title)")
            #expect(title.contains("~>=~"), "no index range in:\n\(title)")
            let body = try await plan("body")
            #expect(body.contains("\"Index Name\": \"ix_articles_body_prefix\""), "\(body)")
            #expect(body.contains("~>=~"), "no index range in:\n\(body)")
            try await connection.run("DROP INDEX ix_articles_title_prefix")
            let plain = try await plan("title")
            #expect(!plain.contains("Index Cond"), "the plain btree served the prefix as a range:\n\(plain)")
        }
    }
}
