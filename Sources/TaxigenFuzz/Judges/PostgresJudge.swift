import Foundation

/// The PostgreSQL judge: applies a generated `schema.sql` to a new, empty database on a real server, then
/// reads every column default back by value (cast to its column's type, as an insert would) and compares
/// it with what the spec meant.
public struct PostgresJudge: Sendable {
    /// The server's name in reports (`PostgreSQL 18`).
    public let label: String
    /// A connection URL of the server (any database on it; the judge makes its own).
    public let url: String
    private let psql: String

    /// A judge for the server at `url`; nil when psql is not installed.
    public init?(label: String, url: String) {
        guard let psql = CommandRunner.which("psql") else { return nil }
        self.label = label
        self.url = url
        self.psql = psql
    }

    /// A column default to compare: the table and column as generated, and the value the spec meant.
    public struct ExpectedDefault: Sendable {
        /// The table.
        public let table: String
        /// The column.
        public let column: String
        /// The value.
        public let value: FuzzProject.IntendedValue
    }

    /// The failures of applying `schemaPath` and of reading `defaults` back; empty when PostgreSQL agrees.
    public func judge(schemaPath: String, defaults: [ExpectedDefault], databaseName: String) throws -> [String] {
        _ = try psql(url, "-c", "DROP DATABASE IF EXISTS \(databaseName)")
        let created = try psql(url, "-c", "CREATE DATABASE \(databaseName)")
        guard created.status == 0 else { return ["\(label): CREATE DATABASE failed: \(created.errors)"] }
        defer { _ = try? psql(url, "-c", "DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)") }
        let database = Self.url(url, database: databaseName)
        let applied = try psql(database, "-f", schemaPath)
        guard applied.status == 0 else {
            return ["\(label) refused the schema: \(applied.errors.trimmingCharacters(in: .whitespacesAndNewlines))"]
        }
        guard !defaults.isEmpty else { return [] }
        let read = try psql(database, "-At", "-F", "\t", "-c", Self.defaultsQuery)
        guard read.status == 0 else { return ["\(label): reading the defaults failed: \(read.errors)"] }
        var stored: [String: String] = [:]
        for line in read.output.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            stored["\(parts[0]).\(parts[1])"] = Self.decodeHex(String(parts[2]))
        }
        var failures: [String] = []
        for expected in defaults {
            let key = "\(expected.table).\(expected.column)"
            guard let text = stored[key] else {
                failures.append("\(label): \(key) has no default, but the spec gave \(expected.value)")
                continue
            }
            if !Self.agrees(text, expected.value) {
                failures.append("\(label): the default of \(key) reads back as \(text.debugDescription), but the spec meant \(expected.value)")
            }
        }
        return failures
    }

    /// Whether PostgreSQL's text of a value is the value the spec meant.
    static func agrees(_ text: String, _ value: FuzzProject.IntendedValue) -> Bool {
        switch value {
        case .exact(let number): return ExactNumber(text) == number
        case .double(let double): return Double(text) == double || (text == "-0" && double == 0)
        case .text(let expected): return text == expected
        case .bool(let flag): return text == (flag ? "true" : "false")
        }
    }

    /// Every column default of the public schema, evaluated and cast to its column's type (errors are read as
    /// text too), as `table<TAB>column<TAB>hex of the value's text`.
    static let defaultsQuery = """
        CREATE FUNCTION pg_temp.judge_default(expression text, type text) RETURNS text LANGUAGE plpgsql AS $judge$
        DECLARE result text;
        BEGIN
            EXECUTE format('SELECT CAST((%s) AS %s)::text', expression, type) INTO result;
            RETURN coalesce(result, '<NULL>');
        EXCEPTION WHEN OTHERS THEN
            RETURN 'ERROR: ' || SQLERRM;
        END
        $judge$;
        SELECT c.relname, a.attname,
               encode(convert_to(pg_temp.judge_default(pg_get_expr(d.adbin, d.adrelid), format_type(a.atttypid, a.atttypmod)), 'UTF8'), 'hex')
        FROM pg_attrdef d
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        JOIN pg_class c ON c.oid = d.adrelid
        WHERE c.relnamespace = 'public'::regnamespace;
        """

    /// Drops every database on the server whose name begins with `prefix` (the ones a run of generated tests
    /// made; see `TestDatabase.databasePrefixVariable`), ending their sessions.
    public func dropDatabases(prefixed prefix: String) throws {
        let names = try psql(url, "-At", "-c", "SELECT datname FROM pg_database WHERE starts_with(datname, '\(prefix)')")
        for name in names.output.split(separator: "\n") where name.hasPrefix(prefix) {
            _ = try psql(url, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    private func psql(_ url: String, _ arguments: String...) throws -> CommandRunner.Result {
        try CommandRunner.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments)
    }

    /// `url` with its database replaced.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    private static func decodeHex(_ hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            if let byte = UInt8(hex[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
