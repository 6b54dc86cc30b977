import PostgresNIO

/// Turns errors thrown by PostgresNIO into the guidelines' exceptions, so repositories and callers see
/// ``DuplicateEntity``, ``IllegalArgument``, ``DatabaseUnavailable`` and ``TransientDatabaseError``
/// instead of raw SQLSTATEs.
///
/// | PostgreSQL | Taxiway |
/// | --- | --- |
/// | 23505 unique_violation | ``DuplicateEntity``, field looked up by constraint/index name |
/// | 23514 check_violation, 23502 not_null_violation, 23P01 exclusion_violation, class 22 data exceptions | ``IllegalArgument`` |
/// | 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available | ``TransientDatabaseError`` |
/// | class 08, 53300, 57P01–57P03, and client-side connection failures | ``DatabaseUnavailable`` |
///
/// Anything else (including errors that already are ``TaxiwayError``s) is returned unchanged.
/// No message built here contains a bound value: the server's `detail` (which holds the duplicated
/// value) is only read for the column names.
public enum DatabaseErrorMapper {
    /// Maps `error` as described in the type's documentation.
    ///
    /// - Parameters:
    ///   - error: The error thrown by PostgresNIO (a `PSQLError`, a `PostgresTransactionError`, a pool
    ///     or connect error).
    ///   - entity: The entity's Swift type name for messages; the table name the server reports otherwise.
    ///   - uniqueFields: Unique constraint or index name → the field it makes unique, e.g.
    ///     `["ux_customers_email_active": "email"]`. Unlisted names fall back to the column names the
    ///     server reports, then to the constraint name.
    /// - Returns: The mapped error, or `error` itself when it is not one of the mapped kinds.
    public static func map(_ error: any Error, entity: String? = nil, uniqueFields: [String: String] = [:]) -> any Error {
        switch error {
        case is any TaxiwayError:
            return error
        case let error as PostgresTransactionError:
            guard let inner = error.closureError ?? error.commitError ?? error.beginError else { return error }
            return map(inner, entity: entity, uniqueFields: uniqueFields)
        case let error as PSQLError:
            return mapPSQLError(error, entity: entity, uniqueFields: uniqueFields)
        case is IOError, is NIOConnectionError, is ChannelError:
            return DatabaseUnavailable(reason: "connection failed", underlying: error)
        default:
            // The pool's own error type lives in a module PostgresNIO does not export.
            if String(describing: type(of: error)) == "ConnectionPoolError" {
                return DatabaseUnavailable(reason: "no connection could be established (\(error))", underlying: error)
            }
            return error
        }
    }

    /// Runs `body` and rethrows whatever it throws through ``map(_:entity:uniqueFields:)``.
    public static func mapping<T>(
        entity: String? = nil,
        uniqueFields: [String: String] = [:],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            throw map(error, entity: entity, uniqueFields: uniqueFields)
        }
    }

    static func mapPSQLError(_ error: PSQLError, entity: String?, uniqueFields: [String: String]) -> any Error {
        switch error.code {
        case .server:
            break
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return DatabaseUnavailable(reason: "\(error.code)", underlying: error)
        default:
            return error
        }
        guard let info = error.serverInfo, let sqlState = info[.sqlState] else { return error }
        let table = info[.tableName]
        let subject = entity ?? table ?? "row"
        let constraint = info[.constraintName]
        switch sqlState {
        case "23505":
            let field = constraint.flatMap { uniqueFields[$0] }
                ?? info[.detail].flatMap(columnNames(inUniqueViolationDetail:))
                ?? constraint
                ?? "unknown field"
            return DuplicateEntity(entity: subject, field: field, constraint: constraint)
        case "23514":
            let name = constraint ?? "unnamed"
            return IllegalArgument(
                message: "\(subject) violates check constraint \(name)", constraint: constraint, sqlState: sqlState)
        case "23502":
            let column = info[.columnName] ?? "a column"
            return IllegalArgument(
                message: "\(column) of \(subject) must not be null", constraint: constraint, sqlState: sqlState)
        case "23P01":
            let name = constraint ?? "unnamed"
            return IllegalArgument(
                message: "\(subject) violates exclusion constraint \(name)", constraint: constraint, sqlState: sqlState)
        case "40001", "40P01", "55P03":
            return TransientDatabaseError(sqlState: sqlState, message: transientDescription(sqlState))
        case "53300", "57P01", "57P02", "57P03":
            return DatabaseUnavailable(reason: "server refused or ended the session (SQLSTATE \(sqlState))", underlying: error)
        default:
            if sqlState.hasPrefix("22") {
                var message = dataExceptionDescription(sqlState)
                if let column = info[.columnName] { message += " in \(column)" }
                message += " of \(subject) (SQLSTATE \(sqlState))"
                return IllegalArgument(message: message, constraint: constraint, sqlState: sqlState)
            }
            if sqlState.hasPrefix("08") {
                return DatabaseUnavailable(reason: "connection exception (SQLSTATE \(sqlState))", underlying: error)
            }
            return error
        }
    }

    /// The column list of a unique violation's detail, `Key (a, b)=(…) already exists.`, without the values.
    static func columnNames(inUniqueViolationDetail detail: String) -> String? {
        guard detail.hasPrefix("Key ("), let end = detail.range(of: ")=(") else { return nil }
        let start = detail.index(detail.startIndex, offsetBy: 5)
        guard start < end.lowerBound else { return nil }
        return String(detail[start..<end.lowerBound])
    }

    static func transientDescription(_ sqlState: String) -> String {
        switch sqlState {
        case "40001": "could not serialize access due to concurrent update"
        case "40P01": "deadlock detected"
        default: "could not obtain lock"
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
}
