/// Reads the DDL text `pg_dump -s` writes (PostgreSQL 15 to 18) into an `ImportedSchema`: `CREATE TABLE`,
/// `ALTER TABLE … ADD CONSTRAINT` (primary key, unique, check, foreign key), `ALTER TABLE … ALTER COLUMN …
/// SET DEFAULT` and `ADD GENERATED … AS IDENTITY`, `CREATE [UNIQUE] INDEX`, `CREATE TYPE … AS ENUM` and
/// `COMMENT ON TABLE|COLUMN`. Every other statement is skipped and named in `skipped` (sequences, ownership,
/// settings and extensions, which say nothing about the tables, are skipped silently).
///
/// It is a reader of pg_dump's own output, not of any SQL: statements end at a `;` outside quotes,
/// dollar quotes and comments; psql meta-commands (`\restrict`, `\connect`) are lines of their own.
public enum DumpParser {
    /// Parses a dump; only objects of `schema` are kept.
    public static func parse(_ text: String, schema: String = "public") -> ImportedSchema {
        var tables: [String: ImportedSchema.Table] = [:]
        var order: [String] = []
        var enums: [String: [String]] = [:]
        var skipped: [String] = []
        for statement in statements(of: text) {
            let upper = statement.uppercased()
            if upper.hasPrefix("CREATE TABLE ") || upper.hasPrefix("CREATE UNLOGGED TABLE ") {
                guard let table = createTable(statement, schema: schema, skipped: &skipped) else { continue }
                if tables[table.name] == nil { order.append(table.name) }
                tables[table.name] = table
            } else if upper.hasPrefix("ALTER TABLE ") {
                alterTable(statement, schema: schema, tables: &tables, skipped: &skipped)
            } else if upper.hasPrefix("CREATE INDEX ") || upper.hasPrefix("CREATE UNIQUE INDEX ") {
                guard let index = DumpText.index(statement, schema: schema), inSchema(statement, schema) else { continue }
                tables[index.table]?.indexes.append(ImportedSchema.Index(
                    name: index.name, columns: index.columns, unique: index.unique, method: index.method,
                    predicate: index.predicate, hasExpression: index.hasExpression, keyOptions: index.keyOptions,
                    definition: index.definition))
            } else if upper.hasPrefix("CREATE TYPE "), upper.contains(" AS ENUM") {
                let start = statement.index(statement.startIndex, offsetBy: 12)
                guard let asEnum = statement.range(of: " AS ENUM", options: .caseInsensitive, range: start..<statement.endIndex),
                      let (labels, _) = DumpText.parenthesized(statement[asEnum.upperBound...]) else { continue }
                let name = DumpText.lastName(statement[start..<asEnum.lowerBound])
                enums[name] = DumpText.splitTopLevel(labels, on: ",").map { stringLiteral($0) }
            } else if upper.hasPrefix("COMMENT ON TABLE ") || upper.hasPrefix("COMMENT ON COLUMN ") {
                comment(statement, schema: schema, tables: &tables)
            } else if silentlySkipped.contains(where: { upper.hasPrefix($0) }) || upper.contains(" OWNER TO ") {
                continue
            } else {
                skipped.append(firstLine(statement))
            }
        }
        return ImportedSchema(schemaName: schema, tables: order.compactMap { tables[$0] }, enums: enums, skipped: skipped)
    }

    /// Statements that say nothing about the tables' shape.
    private static let silentlySkipped = ["SET ", "SELECT PG_CATALOG.SET_CONFIG", "CREATE SEQUENCE ", "ALTER SEQUENCE ",
                                          "CREATE SCHEMA ", "COMMENT ON SCHEMA ", "CREATE EXTENSION ", "COMMENT ON EXTENSION ",
                                          "GRANT ", "REVOKE ", "ALTER DEFAULT PRIVILEGES ", "COMMENT ON SEQUENCE "]

    /// The statements of a dump, without comments and meta-commands, each without its final `;`.
    static func statements(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var atLineStart = true
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { result.append(trimmed) }
            current = ""
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if atLineStart, scalar == "\\", current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            }
            atLineStart = scalar == "\n"
            if scalar == "-", index + 1 < scalars.count, scalars[index + 1] == "-" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                current.unicodeScalars.append(scalar)
                index += 1
                while index < scalars.count {
                    current.unicodeScalars.append(scalars[index])
                    if scalars[index] == scalar {
                        if index + 1 < scalars.count, scalars[index + 1] == scalar {
                            current.unicodeScalars.append(scalars[index + 1])
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                index += 1
                continue
            }
            if scalar == "$" {
                var end = index + 1
                while end < scalars.count, scalars[end] == "_" || CharacterSetLike.isWord(scalars[end]) { end += 1 }
                if end < scalars.count, scalars[end] == "$" {
                    let tag = String(String.UnicodeScalarView(scalars[index...end]))
                    current += tag
                    var search = end + 1
                    let tagScalars = Array(tag.unicodeScalars)
                    while search < scalars.count {
                        if scalars[search] == "$", search + tagScalars.count <= scalars.count,
                           Array(scalars[search..<(search + tagScalars.count)]) == tagScalars {
                            current += tag
                            search += tagScalars.count
                            break
                        }
                        current.unicodeScalars.append(scalars[search])
                        search += 1
                    }
                    index = search
                    continue
                }
            }
            if scalar == ";" {
                flush()
                index += 1
                continue
            }
            current.unicodeScalars.append(scalar)
            index += 1
        }
        flush()
        return result
    }

    /// `CREATE TABLE [schema.]name ( column definitions and table constraints ) …`.
    private static func createTable(_ statement: String, schema: String, skipped: inout [String]) -> ImportedSchema.Table? {
        guard let (body, tail) = DumpText.parenthesized(Substring(statement)), inSchema(statement, schema) else { return nil }
        let head = statement[..<(statement.firstIndex(of: "(") ?? statement.endIndex)]
        let nameText = head.split(separator: " ", omittingEmptySubsequences: true).last ?? ""
        if head.uppercased().contains(" PARTITION OF ") || head.uppercased().contains(" OF ") { return nil }
        var table = ImportedSchema.Table(name: DumpText.lastName(nameText))
        _ = tail
        for element in DumpText.splitTopLevel(body, on: ",") {
            let text = element.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if text.uppercased().hasPrefix("CONSTRAINT ") {
                let words = text.dropFirst("CONSTRAINT ".count)
                let name = DumpText.identifier(words.prefix { $0 != " " })
                let definition = words.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
                addTableConstraint(name: name, definition: definition, to: &table, schema: schema)
            } else if let column = column(Substring(text), schema: schema) {
                table.columns.append(column)
            } else {
                skipped.append("\(table.name): \(text)")
            }
        }
        return table
    }

    /// A column definition: `name type [COLLATE c] [DEFAULT expr] [NOT NULL] [GENERATED … AS IDENTITY …]`.
    static func column(_ text: Substring, schema: String) -> ImportedSchema.Column? {
        let name: String
        var rest: Substring
        if text.hasPrefix("\"") {
            guard let close = text.dropFirst().firstIndex(of: "\"") else { return nil }
            name = DumpText.identifier(text[...close])
            rest = text[text.index(after: close)...]
        } else {
            name = String(text.prefix { $0 != " " })
            rest = text.drop { $0 != " " }
        }
        rest = Substring(rest.trimmingCharacters(in: .whitespaces))
        let keywords = [" COLLATE ", " DEFAULT ", " NOT NULL", " NULL", " CONSTRAINT ", " GENERATED ", " CHECK ", " UNIQUE", " PRIMARY KEY", " REFERENCES "]
        let padded = " " + rest + " "
        var typeEnd = padded.endIndex
        for keyword in keywords {
            if let range = firstTopLevel(keyword, in: Substring(padded)), range.lowerBound < typeEnd { typeEnd = range.lowerBound }
        }
        let type = padded[..<typeEnd].trimmingCharacters(in: .whitespaces)
        guard !type.isEmpty, !name.isEmpty else { return nil }
        let options = Substring(padded[typeEnd...])
        var column = ImportedSchema.Column(name: name, type: DumpText.unqualified(type, schema: schema),
                                           notNull: firstTopLevel(" NOT NULL", in: options) != nil)
        if let range = firstTopLevel(" DEFAULT ", in: options) {
            var end = options.endIndex
            for keyword in [" NOT NULL", " CONSTRAINT ", " GENERATED ", " COLLATE "] {
                if let other = firstTopLevel(keyword, in: options[range.upperBound...]), other.lowerBound < end { end = other.lowerBound }
            }
            column.defaultExpression = DumpText.unqualified(options[range.upperBound..<end].trimmingCharacters(in: .whitespaces), schema: schema)
        }
        if options.range(of: " GENERATED ALWAYS AS IDENTITY") != nil { column.identity = "ALWAYS" }
        if options.range(of: " GENERATED BY DEFAULT AS IDENTITY") != nil { column.identity = "BY DEFAULT" }
        return column
    }

    /// The first occurrence of a keyword outside quotes and parentheses (case-sensitive: pg_dump writes keywords in capitals).
    private static func firstTopLevel(_ keyword: String, in text: Substring) -> Range<Substring.Index>? {
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let q = quote {
                if character == q { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if depth == 0, text[index...].hasPrefix(keyword) {
                return index..<text.index(index, offsetBy: keyword.count)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// A table constraint from its definition (after `CONSTRAINT name`).
    private static func addTableConstraint(name: String, definition: String, to table: inout ImportedSchema.Table, schema: String) {
        let upper = definition.uppercased()
        let kind = upper.hasPrefix("PRIMARY KEY") ? "p" : upper.hasPrefix("UNIQUE") ? "u" : upper.hasPrefix("CHECK") ? "c"
            : upper.hasPrefix("FOREIGN KEY") ? "f" : ""
        var optional: ImportedSchema.Table? = table
        DumpText.addConstraint(name: name, definition: definition, kind: kind, to: &optional, schema: schema)
        if let optional { table = optional }
    }

    /// `ALTER TABLE [ONLY] t ADD CONSTRAINT …`, `… ALTER COLUMN c SET DEFAULT …`, `… ADD GENERATED … AS IDENTITY`.
    private static func alterTable(_ statement: String, schema: String, tables: inout [String: ImportedSchema.Table], skipped: inout [String]) {
        var rest = Substring(statement.dropFirst("ALTER TABLE ".count))
        if rest.hasPrefix("ONLY ") { rest = rest.dropFirst(5) }
        rest = Substring(rest.trimmingCharacters(in: .whitespacesAndNewlines))
        guard inSchema(String(rest), schema) else { return }
        let nameEnd = rest.firstIndex { $0 == " " || $0 == "\n" } ?? rest.endIndex
        let table = DumpText.lastName(rest[..<nameEnd])
        let action = rest[nameEnd...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard tables[table] != nil else { return }
        if action.hasPrefix("ADD CONSTRAINT ") {
            let words = action.dropFirst("ADD CONSTRAINT ".count)
            let name = DumpText.identifier(words.prefix { $0 != " " })
            let definition = words.drop { $0 != " " }.trimmingCharacters(in: .whitespacesAndNewlines)
            var table = tables[table]!
            addTableConstraint(name: name, definition: definition, to: &table, schema: schema)
            tables[table.name] = table
        } else if action.hasPrefix("ALTER COLUMN ") {
            let words = action.dropFirst("ALTER COLUMN ".count)
            let column = DumpText.identifier(words.prefix { $0 != " " })
            let change = words.drop { $0 != " " }.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let position = tables[table]?.columns.firstIndex(where: { $0.name == column }) else { return }
            if change.hasPrefix("SET DEFAULT ") {
                tables[table]?.columns[position].defaultExpression = DumpText.unqualified(String(change.dropFirst("SET DEFAULT ".count)), schema: schema)
            } else if change.hasPrefix("ADD GENERATED ALWAYS AS IDENTITY") {
                tables[table]?.columns[position].identity = "ALWAYS"
            } else if change.hasPrefix("ADD GENERATED BY DEFAULT AS IDENTITY") {
                tables[table]?.columns[position].identity = "BY DEFAULT"
            } else {
                skipped.append(firstLine(statement))
            }
        } else if action.hasPrefix("OWNER TO ") || action.hasPrefix("REPLICA IDENTITY ") {
            return
        } else {
            skipped.append(firstLine(statement))
        }
    }

    /// `COMMENT ON TABLE t IS '…'` and `COMMENT ON COLUMN t.c IS '…'`.
    private static func comment(_ statement: String, schema: String, tables: inout [String: ImportedSchema.Table]) {
        let isTable = statement.uppercased().hasPrefix("COMMENT ON TABLE ")
        let start = statement.index(statement.startIndex, offsetBy: isTable ? 17 : 18)
        guard let isRange = statement.range(of: " IS ", range: start..<statement.endIndex) else { return }
        let target = statement[start..<isRange.lowerBound]
        let literal = statement[isRange.upperBound...].trimmingCharacters(in: .whitespaces)
        let text: String? = literal == "NULL" ? nil : stringLiteral(Substring(literal))
        let parts = DumpText.splitTopLevel(target, on: ".").map { DumpText.identifier($0) }
        if isTable, let name = parts.last {
            tables[name]?.comment = text
        } else if parts.count >= 2 {
            let table = parts[parts.count - 2], column = parts[parts.count - 1]
            if let position = tables[table]?.columns.firstIndex(where: { $0.name == column }) {
                tables[table]?.columns[position].comment = text
            }
        }
    }

    /// The value of a string literal `'it''s'` (or `E'…'` with its backslash escapes).
    static func stringLiteral(_ text: Substring) -> String {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let escaped = body.hasPrefix("E'")
        if escaped { body.removeFirst() }
        guard body.hasPrefix("'"), body.hasSuffix("'"), body.count >= 2 else { return body }
        var value = String(body.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        if escaped {
            value = value.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
                .replacingOccurrences(of: "\\'", with: "'").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return value
    }

    /// Whether a statement's object is in the schema (pg_dump qualifies every name; an unqualified one is kept).
    private static func inSchema(_ statement: String, _ schema: String) -> Bool {
        // The first qualified name (`schema.name`) of the statement's head decides; a plain scan, no regex.
        let head = Array(statement.prefix(300))
        var inQuote = false
        var start = 0
        for (position, character) in head.enumerated() {
            if character == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if character == " " || character == "(" || character == "\n" || character == "," || character == "'" {
                start = position + 1
            } else if character == "." {
                let qualifier = String(head[start..<position])
                guard let first = qualifier.first, first.isLetter || first == "_" || first == "\"" else { return true }
                return DumpText.identifier(Substring(qualifier)) == schema
            }
        }
        return true
    }

    private static func firstLine(_ statement: String) -> String {
        String(statement.split(separator: "\n").first ?? "").trimmingCharacters(in: .whitespaces)
    }
}

/// ASCII word characters, for dollar-quote tags.
enum CharacterSetLike {
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
