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
    ///
    /// The query is planned as an application's role would run it: when the test connects as a role that
    /// bypasses row-level security (a superuser, typically), the plan is made under a plain role created for
    /// it in the same transaction, so a tenant-scoped table's policy (the tenant key the caller's tenant) is
    /// part of the plan, as in production, where the per-tenant indexes serve it.
    public static func explain(on database: Database, dropping indexes: [String],
                               _ explain: (Transaction) async throws -> String) async throws -> QueryPlan {
        do {
            try await database.transaction { transaction in
                try await transaction.execute("SET LOCAL enable_seqscan = off")
                for index in indexes {
                    try await transaction.execute(PostgresQuery(unsafeSQL: "DROP INDEX " + index))
                }
                try await planAsApplication(transaction)
                let json = try await explain(transaction)
                try await transaction.execute("RESET ROLE")
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

    /// Switches the transaction to a role subject to row-level security, when the connected one bypasses it and
    /// may create roles (the role goes with the transaction's rollback).
    private static func planAsApplication(_ transaction: Transaction) async throws {
        let context = QueryContext(operation: "explain", table: "pg_roles")
        guard let row = try await transaction.fetchOne(
            "SELECT rolsuper OR rolbypassrls, rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user",
            context: context) else { return }
        let (bypasses, createsRoles) = try row.decode((Bool, Bool).self)
        guard bypasses, createsRoles else { return }
        let role = "taxiway_explain_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await transaction.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) NOLOGIN NOSUPERUSER NOBYPASSRLS"))
        try await transaction.execute(PostgresQuery(unsafeSQL: """
            DO $grant$
            DECLARE
                taxiway_schema text;
            BEGIN
                FOREACH taxiway_schema IN ARRAY current_schemas(false) LOOP
                    EXECUTE format('GRANT USAGE ON SCHEMA %I TO \(role)', taxiway_schema);
                    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO \(role)', taxiway_schema);
                END LOOP;
            END
            $grant$
            """))
        try await transaction.execute(PostgresQuery(unsafeSQL: "SET LOCAL ROLE \(role)"))
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
