extension DatabaseErrorMapper {
    /// The Taxiway error for a server error with `sqlState`, by PostgreSQL's SQLSTATE classes (docs/repositories.md
    /// has the same table):
    ///
    /// | SQLSTATE | Taxiway error | retryable |
    /// | --- | --- | --- |
    /// | 23505 | ``DuplicateEntity`` | no |
    /// | class 22, class 23 (but 23505), 40002, class 44, class 54 | ``IllegalArgument`` | no |
    /// | 40000, 40001, 40P01, 55000, 55006, 55P03, 57014, 25P03, 25P04, 72000 | ``TransientDatabaseError`` | yes |
    /// | class 08, class 53, 57000, 57P01–57P03, 57P05, 58000, 58030, 25006 | ``DatabaseUnavailable`` | yes |
    /// | 57P04, class 28, 3D000 | ``DatabaseUnavailable`` | no |
    /// | 40003 | ``OutcomeUnknown`` | no |
    /// | 25P02 | ``TransactionRolledBack`` | no |
    /// | 42P01, 42703, 42883, 42704, 42804, 42809, 3F000 | ``SchemaMismatch`` | no |
    /// | anything else (03, 09, 0A, 0B, 0F, 0L, 0P, 0Z, 20, 21, 24, other 25, 26, 27, 2B, 2D, 2F, 34, 38, 39, 3B, other 42, other 55, other 58, F0, HV, P0, XX, unknown) | ``DatabaseError`` | no |
    ///
    /// A 57014 raised because the caller's own task was cancelled reaches the caller as `CancellationError`
    /// (the statement runner decides that, not this table). Messages never quote values: only ``SchemaMismatch``
    /// carries the server's message, which names schema objects.
    /// - Parameters:
    ///   - sqlState: The five-character SQLSTATE.
    ///   - message: The server's primary message (used only for ``SchemaMismatch``).
    ///   - table, column, constraint: The server's error fields, when it sent them.
    ///   - detail: The server's detail (read only for a unique violation's column names).
    ///   - entity: The entity's Swift type name for messages; the table name otherwise.
    ///   - uniqueFields: Unique constraint or index name → the field it makes unique.
    ///   - underlying: The server error, kept in errors that carry one.
    public static func error(
        sqlState: String,
        message: String? = nil,
        table: String? = nil,
        column: String? = nil,
        constraint: String? = nil,
        detail: String? = nil,
        entity: String? = nil,
        uniqueFields: [String: String] = [:],
        underlying: (any Error)? = nil
    ) -> any TaxiwayError {
        let subject = entity ?? table ?? "row"
        let sqlClass = String(sqlState.prefix(2))
        switch sqlState {
        case "23505":
            let field = constraint.flatMap { uniqueFields[$0] }
                ?? detail.flatMap(columnNames(inUniqueViolationDetail:))
                ?? constraint
                ?? "unknown field"
            return DuplicateEntity(entity: subject, field: field, constraint: constraint)
        case "23514":
            return IllegalArgument(
                message: "\(subject) violates check constraint \(constraint ?? "unnamed")", constraint: constraint, sqlState: sqlState)
        case "23502":
            return IllegalArgument(
                message: "\(column ?? "a column") of \(subject) must not be null", constraint: constraint, sqlState: sqlState)
        case "23P01":
            return IllegalArgument(
                message: "\(subject) violates exclusion constraint \(constraint ?? "unnamed")", constraint: constraint, sqlState: sqlState)
        case "23503":
            return IllegalArgument(
                message: "\(subject) violates foreign key constraint \(constraint ?? "unnamed")", constraint: constraint, sqlState: sqlState)
        case "40002":
            return IllegalArgument(
                message: "\(subject) violates a deferred constraint \(constraint ?? "unnamed") at commit", constraint: constraint,
                sqlState: sqlState)
        case "40003":
            return OutcomeUnknown(operation: "the statement", reason: "the server could not tell whether it completed (SQLSTATE 40003)",
                                  underlying: underlying)
        case "25P02":
            return TransactionRolledBack()
        case "25006":
            return DatabaseUnavailable(
                reason: "the server accepts no writes: a read-only standby or transaction (SQLSTATE 25006)", underlying: underlying)
        case "57P04":
            return DatabaseUnavailable(reason: "the database was dropped (SQLSTATE 57P04)", underlying: underlying, isRetryable: false)
        case "3D000":
            return DatabaseUnavailable(reason: "the database does not exist (SQLSTATE 3D000)", underlying: underlying, isRetryable: false)
        case "40000", "40001", "40P01", "55000", "55006", "55P03", "57014", "25P03", "25P04", "72000":
            return TransientDatabaseError(sqlState: sqlState, message: transientDescription(sqlState))
        case "57000", "57P01", "57P02", "57P03", "57P05", "58000", "58030":
            return DatabaseUnavailable(reason: "the server refused or ended the session (SQLSTATE \(sqlState))", underlying: underlying)
        case "42P01", "42703", "42883", "42704", "42804", "42809", "3F000":
            return SchemaMismatch(sqlState: sqlState, message: message ?? "a schema object is missing or changed")
        default:
            break
        }
        switch sqlClass {
        case "22":
            var text = dataExceptionDescription(sqlState)
            if let column { text += " in \(column)" }
            text += " of \(subject) (SQLSTATE \(sqlState))"
            return IllegalArgument(message: text, constraint: constraint, sqlState: sqlState)
        case "23", "44", "54":
            var text = "\(subject) was refused: \(classDescription(sqlClass))"
            if let constraint { text += " (\(constraint))" }
            return IllegalArgument(message: text + " (SQLSTATE \(sqlState))", constraint: constraint, sqlState: sqlState)
        case "08":
            return DatabaseUnavailable(reason: "connection exception (SQLSTATE \(sqlState))", underlying: underlying)
        case "53":
            return DatabaseUnavailable(reason: "the server is out of resources (SQLSTATE \(sqlState))", underlying: underlying)
        case "28":
            return DatabaseUnavailable(reason: "the server refused the credentials (SQLSTATE \(sqlState))", underlying: underlying,
                                       isRetryable: false)
        default:
            return DatabaseError(sqlState: sqlState, reason: classDescription(sqlClass), underlying: underlying)
        }
    }

    static func transientDescription(_ sqlState: String) -> String {
        switch sqlState {
        case "40001": "could not serialize access due to concurrent update"
        case "40P01": "deadlock detected"
        case "40000": "the transaction was rolled back"
        case "55P03": "could not obtain lock (lock_timeout or NOWAIT)"
        case "55006", "55000": "the object is in use or not in the required state"
        case "57014": "the statement was cancelled (statement_timeout or an operator)"
        case "25P03": "the transaction was idle longer than idle_in_transaction_session_timeout"
        case "25P04": "the transaction ran longer than transaction_timeout"
        case "72000": "snapshot too old"
        default: "the statement was aborted"
        }
    }

    /// A description of a class 22 SQLSTATE that, unlike the server's message, never quotes the value.
    static func dataExceptionDescription(_ sqlState: String) -> String {
        switch sqlState {
        case "22001": "value too long"
        case "22003": "numeric value out of range"
        case "22007", "22008": "invalid date or time"
        case "22012": "division by zero"
        case "22021", "22P05": "invalid character"
        case "22023": "invalid parameter value"
        case "22P02": "invalid text representation"
        case "2200N": "invalid XML"
        case "22P03": "invalid binary representation"
        default: "invalid value"
        }
    }

    /// PostgreSQL's name of an SQLSTATE class (Appendix A of its documentation).
    static func classDescription(_ sqlClass: String) -> String {
        switch sqlClass {
        case "03": "SQL statement not yet complete"
        case "08": "connection exception"
        case "09": "triggered action exception"
        case "0A": "feature not supported"
        case "0B": "invalid transaction initiation"
        case "0F": "locator exception"
        case "0L": "invalid grantor"
        case "0P": "invalid role specification"
        case "0Z": "diagnostics exception"
        case "20": "case not found"
        case "21": "cardinality violation"
        case "22": "data exception"
        case "23": "integrity constraint violation"
        case "24": "invalid cursor state"
        case "25": "invalid transaction state"
        case "26": "invalid SQL statement name"
        case "27": "triggered data change violation"
        case "28": "invalid authorization specification"
        case "2B": "dependent privilege descriptors still exist"
        case "2D": "invalid transaction termination"
        case "2F": "SQL routine exception"
        case "34": "invalid cursor name"
        case "38": "external routine exception"
        case "39": "external routine invocation exception"
        case "3B": "savepoint exception"
        case "3D": "invalid catalog name"
        case "3F": "invalid schema name"
        case "40": "transaction rollback"
        case "42": "syntax error or access rule violation"
        case "44": "WITH CHECK OPTION violation"
        case "53": "insufficient resources"
        case "54": "program limit exceeded"
        case "55": "object not in prerequisite state"
        case "57": "operator intervention"
        case "58": "system error"
        case "72": "snapshot failure"
        case "F0": "configuration file error"
        case "HV": "foreign data wrapper error"
        case "P0": "PL/pgSQL error"
        case "XX": "internal error"
        default: "unexpected error class \(sqlClass)"
        }
    }
}
