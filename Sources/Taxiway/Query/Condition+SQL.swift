import Crypto
import Foundation
import PostgresNIO

extension Condition {
    /// Appends the condition's SQL to `sql`, binding its values after those already in `bindings`.
    @usableFromInline
    func render(into sql: inout String, bindings: inout PostgresBindings) throws {
        try Self.render(node, into: &sql, bindings: &bindings)
    }

    /// Whether the condition is "every row" (no `WHERE` needed).
    @usableFromInline
    var isAll: Bool {
        if case .always(true) = node { true } else { false }
    }

    /// A text of the condition and its values, for cursor fingerprints.
    @usableFromInline
    var fingerprint: String {
        var text = ""
        Self.describe(node, into: &text)
        return text
    }

    private static func render(_ node: Node, into sql: inout String, bindings: inout PostgresBindings) throws {
        switch node {
        case .always(let value):
            sql += value ? "TRUE" : "FALSE"
        case .compare(let column, let sqlOperator, let cast, let value):
            try value.bind(into: &bindings)
            sql += "\(column) \(sqlOperator) $\(bindings.count)\(cast)"
        case .null(let column, let isNull):
            sql += column + (isNull ? " IS NULL" : " IS NOT NULL")
        case .list(let column, let cast, let values):
            try values.bind(&bindings)
            sql += "\(column) = ANY($\(bindings.count)\(cast))"
        case .prefix(let column, let prefix):
            // Escaped scalar by scalar: a wildcard or backslash can hide inside a longer Character (`%` with a
            // combining accent, a backslash after a prepending mark), which LIKE still reads one scalar at a time.
            var pattern = String.UnicodeScalarView()
            for scalar in prefix.unicodeScalars {
                if scalar == "%" || scalar == "_" || scalar == "\\" { pattern.append("\\") }
                pattern.append(scalar)
            }
            bindings.append(String(pattern) + "%")
            sql += "\(column) LIKE $\(bindings.count)"
        case .and(let nodes), .or(let nodes):
            let joiner: String
            if case .and = node { joiner = " AND " } else { joiner = " OR " }
            sql += "("
            for (index, child) in nodes.enumerated() {
                if index > 0 { sql += joiner }
                try render(child, into: &sql, bindings: &bindings)
            }
            sql += ")"
        case .not(let child):
            sql += "NOT ("
            try render(child, into: &sql, bindings: &bindings)
            sql += ")"
        }
    }

    /// `text` prefixed by its length, so no value can imitate the structure around it.
    static func framed(_ text: String) -> String {
        "\(text.utf8.count):\(text)"
    }

    private static func describe(_ node: Node, into text: inout String) {
        switch node {
        case .always(let value): text += value ? "T" : "F"
        case .compare(let column, let sqlOperator, _, let value):
            text += "cmp" + framed(column) + framed(sqlOperator) + framed(value.fingerprint)
        case .null(let column, let isNull): text += (isNull ? "null" : "notnull") + framed(column)
        case .list(let column, _, let values): text += "in" + framed(column) + framed(values.fingerprint)
        case .prefix(let column, let prefix): text += "prefix" + framed(column) + framed(prefix)
        case .and(let nodes), .or(let nodes):
            if case .and = node { text += "and(" } else { text += "or(" }
            for child in nodes {
                describe(child, into: &text)
                text += ";"
            }
            text += ")"
        case .not(let child):
            text += "not("
            describe(child, into: &text)
            text += ")"
        }
    }
}

/// The SQL of a list query: its `WHERE` conditions and its ordering, tie-broken by the key.
@usableFromInline
struct ListQuery<Row>: Sendable {
    @usableFromInline let terms: [SortTerm<Row>]
    @usableFromInline let key: String
    /// `ORDER BY a ASC NULLS LAST, …, key ASC` (spelled once: the statement and the cursor's digest use it).
    @usableFromInline let orderBy: String

    @usableFromInline
    init(terms: [SortTerm<Row>], key: String) {
        self.terms = terms
        self.key = key
        let keyAscending = terms.last?.ascending ?? true
        orderBy = " ORDER BY " + (terms.map { $0.sql } + [key + (keyAscending ? " ASC" : " DESC")]).joined(separator: ", ")
    }

    /// The key's direction: the last term's, so an index on (…, key) serves the whole order.
    var keyAscending: Bool { terms.last?.ascending ?? true }

    /// The digest a cursor of this query carries: of the ordering and of the filter with its values.
    @usableFromInline
    func fingerprint(filter: Condition<Row>, includeDeleted: Bool) -> String {
        let text = orderBy + "|" + filter.fingerprint + "|" + (includeDeleted ? "all" : "active")
        let digest = SHA256.hash(data: Data(text.utf8))
        return Data(digest.prefix(12)).base64EncodedString()
    }

    /// The condition "after the cursor's row in this order", binding the cursor's keys.
    ///
    /// When every term goes one way and no column can be NULL, it is one row comparison an index on the
    /// same columns serves (`(a, b, key) > ($1, $2, $3)`); otherwise it is spelled out term by term, NULLs
    /// placed as the ordering places them.
    /// - Throws: ``IllegalArgument`` when the cursor was made for another query or its keys do not fit.
    @usableFromInline
    func after(_ cursor: KeysetCursor, fingerprint: String, bindings: inout PostgresBindings) throws -> String {
        let foreign = IllegalArgument(message: "the page cursor was made for another ordering or filter")
        guard cursor.query == fingerprint, cursor.keys.count == terms.count else { throw foreign }
        for (term, key) in zip(terms, cursor.keys) where !term.accepts(key) || !key.isBindable {
            throw foreign
        }
        let keyAscending = self.keyAscending
        let uniform = terms.allSatisfy { $0.ascending == keyAscending && !$0.isNullable }
        if uniform {
            var placeholders: [String] = []
            for key in cursor.keys {
                bindings.append(key)
                placeholders.append("$\(bindings.count)")
            }
            bindings.append(cursor.id)
            placeholders.append("$\(bindings.count)")
            let columns = terms.map { $0.column } + [key]
            return "(" + columns.joined(separator: ", ") + ") " + (keyAscending ? ">" : "<")
                + " (" + placeholders.joined(separator: ", ") + ")"
        }
        var equal: [String] = []
        var alternatives: [String] = []
        for (term, key) in zip(terms, cursor.keys) {
            let later: String
            let same: String
            if case .null = key {
                later = term.nulls == .first ? "\(term.column) IS NOT NULL" : "FALSE"
                same = "\(term.column) IS NULL"
            } else {
                bindings.append(key)
                let placeholder = "$\(bindings.count)"
                let beyond = "\(term.column) \(term.ascending ? ">" : "<") \(placeholder)"
                later = term.isNullable && term.nulls == .last ? "(\(beyond) OR \(term.column) IS NULL)" : beyond
                same = "\(term.column) = \(placeholder)"
            }
            alternatives.append("(" + (equal + [later]).joined(separator: " AND ") + ")")
            equal.append(same)
        }
        bindings.append(cursor.id)
        alternatives.append("(" + (equal + ["\(key) \(keyAscending ? ">" : "<") $\(bindings.count)"]).joined(separator: " AND ") + ")")
        return "(" + alternatives.joined(separator: " OR ") + ")"
    }

    /// The cursor after `row`, the model of `stored` (a row of `columns`).
    ///
    /// A timestamp key is read from `stored` itself, to the microsecond: a `Date` holds every microsecond
    /// only within about 1750–2250, and a key rounded from the model's `Date` (a `9999-12-31` sentinel written
    /// by SQL, say) would repeat or skip rows on the next page.
    @usableFromInline
    func cursor(after row: Row, id: UUID, fingerprint: String, stored: PostgresRow?, columns: [String]) -> KeysetCursor {
        let cells = stored.map(PostgresRandomAccessRow.init)
        let keys = terms.map { term -> KeysetCursor.Key in
            let key = term.key(row)
            guard case .timestamp = key, let cells, let index = columns.firstIndex(of: term.column),
                  let microseconds = StoredValueDecoding.timestampMicroseconds(cells[index])
            else { return key }
            return .timestamp(microsecondsSince2000: microseconds)
        }
        return KeysetCursor(keys: keys, id: id, query: fingerprint)
    }
}
