import Foundation
import PostgresNIO
import Testing

/// docs/repositories.md describes keyset pages as they behave: ordered by `(created_at, key)` where
/// `created_at` is the inserting transaction's start, so a row whose transaction started before a page was
/// read but committed after it sorts before the cursor and is skipped by the pages that follow. This test
/// shows that behaviour with the repository's keyset query on PostgreSQL 18, and holds the docs to it.
@Suite("Keyset pages and late commits")
struct KeysetClaimTests {
    @Test("a row that commits after a later-started row was paged past is skipped by the next page, and the docs say so")
    func lateCommitIsSkipped() async throws {
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { reader in
                try await reader.run("""
                    CREATE TABLE notes (note_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL,
                                        created_at timestamptz NOT NULL DEFAULT now())
                    """)
                try await TestServer.withConnection(to: database) { slow in
                    try await slow.run("BEGIN")
                    try await slow.run("INSERT INTO notes (body) VALUES ('late')")   // created_at: this transaction's start
                    try await Task.sleep(for: .milliseconds(20))
                    try await reader.run("INSERT INTO notes (body) VALUES ('early')")   // starts and commits later
                    let firstPage = try await reader.texts("SELECT body, created_at::text, note_id::text FROM notes ORDER BY created_at, note_id LIMIT 10")
                    #expect(firstPage.map { $0[0] } == ["early"])
                    try await slow.run("COMMIT")
                    let cursor = try #require(firstPage.last)
                    let nextPage = try await reader.texts("""
                        SELECT body FROM notes WHERE (created_at, note_id) > ('\(cursor[1]!)'::timestamptz, '\(cursor[2]!)'::uuid)
                        ORDER BY created_at, note_id LIMIT 10
                        """)
                    #expect(nextPage.isEmpty, "the late row sorts before the cursor: keyset pages skip it")
                    #expect(try await reader.text("SELECT count(*)::text FROM notes") == "2")
                }
            }
        }
        let docs = try String(contentsOfFile: Revisions.root + "/docs/repositories.md", encoding: .utf8)
        #expect(!docs.contains("neither repeat nor skip"), "docs/repositories.md still claims keyset pages never skip a row")
        #expect(docs.contains("commits after"), "docs/repositories.md must say which rows keyset pages can skip")
    }
}
