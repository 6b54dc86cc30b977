import Foundation
import Logging
import PostgresNIO

/// Where a statement runs, which decides what cancelling its task and losing its connection mean.
enum StatementRole: Sendable, Equatable {
    /// Outside a transaction: the statement is its own transaction.
    case autocommit
    /// Inside a transaction's body: nothing is applied before `COMMIT`.
    case inTransaction
    /// `BEGIN`, `ROLLBACK`, `SAVEPOINT`, `SET LOCAL`…: never cancelled (a rollback must run in a cancelled task).
    case control
    /// `COMMIT`: never cancelled; a lost connection leaves its outcome unknown.
    case commit

    /// Whether cancelling the calling task cancels the statement.
    var isCancellable: Bool { self == .autocommit || self == .inTransaction }

    /// Whether the connection lost while `query` was in flight leaves its outcome unknown.
    func losesOutcome(of query: PostgresQuery) -> Bool {
        switch self {
        case .commit: true
        case .autocommit: StatementKind.mayWrite(query.sql)
        case .inTransaction, .control: false
        }
    }
}

/// What a statement needs besides its connection: the pool (to send a cancel request from another
/// connection), the options (pooling, grace period) and a logger for what goes wrong while cancelling.
struct StatementEnvironment: Sendable {
    let client: PostgresClient
    let options: Database.Options
    let logger: Logger
    /// The server the statements go to, when known (for ``Observability``'s spans).
    var server: DatabaseServer? = nil
}

/// What a statement's SQL says about it.
enum StatementKind {
    /// Whether `sql` may change data: anything but a statement that starts (after blanks, comments and
    /// opening parentheses) with `SELECT`, `SHOW`, `VALUES` or `TABLE`. Conservative: a `WITH` or `EXPLAIN`
    /// counts as a write; a `SELECT` of a function that writes does not (run such a call in a transaction).
    static func mayWrite(_ sql: String) -> Bool {
        guard let keyword = leadingKeyword(of: sql) else { return true }
        return !["SELECT", "SHOW", "VALUES", "TABLE"].contains(keyword)
    }

    /// The statement's leading keyword, uppercased (`SELECT`, `INSERT`, `BEGIN`…), after blanks, comments and
    /// opening parentheses; nil when there is none (or a comment never ends).
    static func leadingKeyword(of sql: String) -> String? {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "(" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return nil }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        let word = rest.prefix { $0.isASCII && $0.isLetter }
        return word.isEmpty ? nil : word.uppercased()
    }
}
