import Foundation
import PostgresNIO
import Taxiway

/// PostgreSQL's plan of a repository query (`EXPLAIN (FORMAT JSON)`), made so that a test can tell whether an
/// index serves the query: generated tests check every named query of a spec with it.
public struct QueryPlan: Sendable, CustomStringConvertible {
    /// The plan as `EXPLAIN (FORMAT JSON)` prints it.
    public let json: String

    /// Whether the plan scans the index named `name`.
    public func uses(index name: String) -> Bool {
        json.contains("\"Index Name\": \"\(name)\"")
    }

    /// The plan's JSON.
    public var description: String { json }

    /// The plan `explain` returns, made in a transaction that is rolled back, with sequential scans disabled
    /// and the indexes `dropping` (SQL names) dropped: on the tiny tables of a test every plan costs about the
    /// same, so without that PostgreSQL's choice among indexes would be a toss-up. The indexes are back
    /// afterwards.
    public static func explain(on database: Database, dropping indexes: [String],
                               _ explain: (Transaction) async throws -> String) async throws -> QueryPlan {
        do {
            try await database.transaction { transaction in
                try await transaction.execute("SET LOCAL enable_seqscan = off")
                for index in indexes {
                    try await transaction.execute(PostgresQuery(unsafeSQL: "DROP INDEX " + index))
                }
                throw Explained(json: try await explain(transaction))
            }
        } catch let explained as Explained {
            return QueryPlan(json: explained.json)
        }
        throw RolledBack()
    }

    /// Carries the plan out of the transaction that made it, so the transaction rolls back.
    private struct Explained: Error {
        let json: String
    }

    /// Thrown if the transaction that made the plan was not rolled back (it always is).
    public struct RolledBack: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String { "the EXPLAIN transaction was not rolled back" }
    }
}
