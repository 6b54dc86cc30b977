import Foundation
import PostgresNIO
import Taxiway

/// PostgreSQL's plan of a repository query (`EXPLAIN (FORMAT JSON)`), made so that a test can tell whether an
/// index serves the query: generated tests check every named query of a spec with it.
public struct QueryPlan: Sendable, CustomStringConvertible {
    /// The plan as `EXPLAIN (FORMAT JSON)` prints it.
    public let json: String
    /// The index of each partition, by name, with the partitioned table's index it is attached to: the plan of
    /// a query on a partitioned table names the partitions' indexes, not the one the spec declared.
    public let attachedTo: [String: String]

    /// Creates a plan from its JSON and the partition indexes' parents.
    public init(json: String, attachedTo: [String: String] = [:]) {
        self.json = json
        self.attachedTo = attachedTo
    }

    /// Whether the plan scans the index named `name`, or (on a partitioned table) an index of a partition
    /// attached to it.
    public func uses(index name: String) -> Bool {
        let names = [name] + attachedTo.filter { $0.value == name }.map(\.key).sorted()
        return names.contains { json.contains("\"Index Name\": \"\($0)\"") }
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
                let json = try await explain(transaction)
                let rows = try await transaction.fetchAll(
                    """
                    SELECT child.relname, parent.relname FROM pg_catalog.pg_inherits AS i
                    JOIN pg_catalog.pg_class AS child ON child.oid = i.inhrelid
                    JOIN pg_catalog.pg_class AS parent ON parent.oid = i.inhparent
                    WHERE child.relkind = 'i'
                    """, context: QueryContext(operation: "explain", table: "pg_inherits"))
                var attachedTo: [String: String] = [:]
                for row in rows {
                    let (child, parent) = try row.decode((String, String).self)
                    attachedTo[child] = parent
                }
                throw Explained(json: json, attachedTo: attachedTo)
            }
        } catch let explained as Explained {
            return QueryPlan(json: explained.json, attachedTo: explained.attachedTo)
        }
        throw RolledBack()
    }

    /// Carries the plan out of the transaction that made it, so the transaction rolls back.
    private struct Explained: Error {
        let json: String
        let attachedTo: [String: String]
    }

    /// Thrown if the transaction that made the plan was not rolled back (it always is).
    public struct RolledBack: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String { "the EXPLAIN transaction was not rolled back" }
    }
}
