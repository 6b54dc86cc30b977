/// One statement of a migration, with the comment lines that explain it to a reviewer.
public struct MigrationStatement: Sendable, Hashable {
    /// Comment lines written above the statement, without the `-- ` marker.
    public var comments: [String]
    /// squawk rules this statement knowingly breaks (written as `-- squawk-ignore <rule>` above it).
    public var squawkIgnores: [String]
    /// The statement, without the final `;`.
    public var sql: String
    /// Whether it is written right under the statement before it, without a blank line (a table's
    /// indexes, its comments).
    public var joinsPrevious: Bool

    /// Creates a statement.
    public init(_ sql: String, comments: [String] = [], squawkIgnores: [String] = [], joinsPrevious: Bool = false) {
        self.sql = sql
        self.comments = comments
        self.squawkIgnores = squawkIgnores
        self.joinsPrevious = joinsPrevious
    }
}

/// A part of a migration that runs as a whole: one transaction, or one statement PostgreSQL refuses to
/// run inside a transaction (`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`).
///
/// The ledger records each unit as it completes, so a migration that stops midway resumes at the unit
/// that failed.
public struct MigrationUnit: Sendable, Hashable {
    /// How a unit runs.
    public enum Kind: String, Sendable, Hashable {
        /// `BEGIN; … COMMIT;`, the ledger updated in the same transaction.
        case transaction
        /// One statement on its own, the ledger updated right after it.
        case standalone
    }

    /// When a unit runs relative to the deploy of the code that needs it.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// Before the new release is deployed: additive changes the release still running survives (the
        /// default, and every unit of a migration written before phases existed).
        case preDeploy = "pre-deploy"
        /// After the new release is deployed everywhere: drops of what only the previous release used
        /// (deprecated columns, the old column of a finished rename). A migration's post-deploy units come
        /// after all its pre-deploy ones.
        case postDeploy = "post-deploy"
    }

    /// How it runs.
    public var kind: Kind
    /// Before or after the deploy.
    public var phase: Phase = .preDeploy
    /// What the unit does, for its marker comment.
    public var purpose: String
    /// The statements (for a transaction, without `BEGIN` and `COMMIT`).
    public var statements: [MigrationStatement]

    /// Creates a unit.
    public init(kind: Kind, purpose: String, statements: [MigrationStatement]) {
        self.kind = kind
        self.purpose = purpose
        self.statements = statements
    }
}
