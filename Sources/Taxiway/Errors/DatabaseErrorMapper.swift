import PostgresNIO

/// Turns errors thrown by PostgresNIO into the guidelines' exceptions, so repositories and callers see
/// Taxiway errors with an ``TaxiwayError/isRetryable`` answer instead of raw SQLSTATEs.
///
/// Every server error becomes a ``TaxiwayError``, chosen by its SQLSTATE (see
/// ``error(sqlState:message:table:column:constraint:detail:entity:uniqueFields:underlying:)`` for the table);
/// connection failures become ``DatabaseUnavailable``; PostgresNIO's client-side errors are mapped too.
/// Errors that already are ``TaxiwayError``s, `CancellationError` and errors of other libraries are returned
/// unchanged. No message built here contains a bound value: the server's `detail` (which holds the
/// duplicated value) is only read for the column names.
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
        case is any TaxiwayError, is CancellationError:
            return error
        case let error as PostgresTransactionError:
            guard let inner = error.closureError ?? error.commitError ?? error.beginError else { return error }
            return map(inner, entity: entity, uniqueFields: uniqueFields)
        case let error as PSQLError:
            return mapPSQLError(error, entity: entity, uniqueFields: uniqueFields)
        case is IOError, is NIOConnectionError, is ChannelError:
            return DatabaseUnavailable(reason: "connection failed", underlying: error)
        case is ConnectionLost:
            return DatabaseUnavailable(reason: "the connection was lost (by the server or the network)", underlying: error)
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
            guard let info = error.serverInfo, let sqlState = info[.sqlState] else {
                return DatabaseError(sqlState: nil, reason: "the server reported an error without a SQLSTATE", underlying: error)
            }
            return self.error(
                sqlState: sqlState, message: info[.message], table: info[.tableName], column: info[.columnName],
                constraint: info[.constraintName], detail: info[.detail], entity: entity, uniqueFields: uniqueFields,
                underlying: error)
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return DatabaseUnavailable(reason: "\(error.code)", underlying: error)
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return DatabaseUnavailable(reason: "authentication failed (\(error.code))", underlying: error, isRetryable: false)
        case .queryCancelled:
            return CancellationError()
        case .tooManyParameters:
            return IllegalArgument(message: "the statement has more than 65535 parameters")
        default:
            return DatabaseError(sqlState: nil, reason: "PostgresNIO error \(error.code)", underlying: error)
        }
    }

    /// The column list of a unique violation's detail, `Key (a, b)=(…) already exists.`, without the values.
    static func columnNames(inUniqueViolationDetail detail: String) -> String? {
        guard detail.hasPrefix("Key ("), let end = detail.range(of: ")=(") else { return nil }
        let start = detail.index(detail.startIndex, offsetBy: 5)
        guard start < end.lowerBound else { return nil }
        return String(detail[start..<end.lowerBound])
    }
}
