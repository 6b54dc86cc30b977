/// SQL text helpers shared by the catalog reader and the dump parser: identifiers, top-level splitting,
/// and the constraint and index definitions both sources spell the same way (`pg_get_constraintdef`,
/// `pg_get_indexdef` and pg_dump print identical text).
enum DumpText {
    /// An identifier without its quotes (`"Order"` → `Order`, `users` → `users`).
    static func identifier(_ text: Substring) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count >= 2 {
            return String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return trimmed
    }

    /// A possibly qualified name's last part, unquoted (`public.users` → `users`).
    static func lastName(_ text: Substring) -> String {
        identifier(splitTopLevel(text, on: ".").last ?? text)
    }

    /// A type or expression with the schema's qualification removed (`public.order_status` → `order_status`,
    /// `'public.users_id_seq'::regclass` → `'users_id_seq'::regclass`).
    static func unqualified(_ text: String, schema: String) -> String {
        text.replacingOccurrences(of: "\"\(schema)\".", with: "").replacingOccurrences(of: "\(schema).", with: "")
    }

    /// Splits at a separator outside quotes and parentheses.
    static func splitTopLevel(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var quote: Character?
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" || character == "[" {
                depth += 1
            } else if character == ")" || character == "]" {
                depth -= 1
            } else if character == separator, depth == 0 {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }

    /// The text inside the first top-level parentheses after `start`, and what follows it.
    static func parenthesized(_ text: Substring) -> (inside: Substring, rest: Substring)? {
        guard let open = text.firstIndex(of: "(") else { return nil }
        var depth = 0
        var quote: Character?
        var index = open
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
                if depth == 0 { return (text[text.index(after: open)..<index], text[text.index(after: index)...]) }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// A list of column names `(a, "B")`.
    static func columnList(_ text: Substring) -> [String] {
        splitTopLevel(text, on: ",").map { identifier($0) }
    }

    /// Adds a constraint from its definition (`PRIMARY KEY (id)`, `UNIQUE (a, b)`, `CHECK ((x > 0))`,
    /// `FOREIGN KEY (a) REFERENCES public.t(id) ON DELETE CASCADE`); `kind` is pg_constraint's letter.
    static func addConstraint(name: String, definition: String, kind: String, to table: inout ImportedSchema.Table?, schema: String) {
        guard table != nil else { return }
        let body = Substring(definition)
        switch kind {
        case "p", "u":
            guard let (inside, _) = parenthesized(body) else { return }
            let key = ImportedSchema.Key(name: name, columns: columnList(inside))
            if kind == "p" { table?.primaryKey = key } else { table?.uniques.append(key) }
        case "c":
            guard let (inside, _) = parenthesized(body) else { return }
            table?.checks.append(ImportedSchema.Check(name: name, expression: unqualified(String(inside), schema: schema)))
        case "f":
            guard let (columns, rest) = parenthesized(body),
                  let references = rest.range(of: "REFERENCES ") else { return }
            let target = rest[references.upperBound...]
            guard let open = target.firstIndex(of: "("), let (referenced, _) = parenthesized(target[open...]) else { return }
            table?.foreignKeys.append(ImportedSchema.ForeignKey(
                name: name, columns: columnList(columns), referencedTable: lastName(target[..<open]),
                referencedColumns: columnList(referenced), actions: actions(of: definition)))
        default:
            return
        }
    }

    /// The `ON DELETE`/`ON UPDATE` clauses of a foreign key, if any.
    static func actions(of definition: String) -> String? {
        let clauses = ["ON DELETE CASCADE", "ON DELETE SET NULL", "ON DELETE SET DEFAULT", "ON DELETE RESTRICT",
                       "ON UPDATE CASCADE", "ON UPDATE SET NULL", "ON UPDATE SET DEFAULT", "ON UPDATE RESTRICT"]
            .filter { definition.contains($0) }
        return clauses.isEmpty ? nil : clauses.joined(separator: " ")
    }

    /// The parts of a `CREATE [UNIQUE] INDEX name ON [ONLY] table USING method (keys) [WHERE …]` statement.
    static func index(_ statement: String, schema: String) -> (name: String, table: String, columns: [String], unique: Bool,
                                                                method: String, predicate: String?, hasExpression: Bool,
                                                                keyOptions: [String], definition: String)? {
        var text = Substring(statement.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasSuffix(";") { text = text.dropLast() }
        let definition = unqualified(String(text), schema: schema)
        let unique = text.hasPrefix("CREATE UNIQUE INDEX ")
        guard let on = text.range(of: " ON ") else { return nil }
        let head = text[..<on.lowerBound].split(separator: " ")
        guard let nameToken = head.last else { return nil }
        var rest = text[on.upperBound...]
        if rest.hasPrefix("ONLY ") { rest = rest.dropFirst(5) }
        guard let using = rest.range(of: " USING ") else { return nil }
        let table = lastName(rest[..<using.lowerBound])
        let afterUsing = rest[using.upperBound...]
        let method = String(afterUsing.prefix { $0 != " " && $0 != "(" })
        guard let (keys, tail) = parenthesized(afterUsing) else { return nil }
        var columns: [String] = []
        var keyOptions: [String] = []
        var hasExpression = false
        for key in splitTopLevel(keys, on: ",") {
            let words = Substring(key.trimmingCharacters(in: .whitespaces))
            let (name, rest) = leadingName(words)
            if name.isEmpty || (!words.hasPrefix("\"") && !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })) {
                hasExpression = true
            } else {
                columns.append(name)
                keyOptions.append(keyOption(rest))
            }
        }
        var predicate: String?
        if let whereRange = tail.range(of: " WHERE ") {
            predicate = unqualified(String(tail[whereRange.upperBound...]).trimmingCharacters(in: .whitespaces), schema: schema)
        }
        return (identifier(nameToken), table, hasExpression ? [] : columns, unique, method, predicate, hasExpression,
                hasExpression ? [] : keyOptions, definition)
    }

    /// What an index key says after its column besides its order: a non-default operator class
    /// (`varchar_pattern_ops`) or collation (`COLLATE "C"`), as `pg_get_indexdef` prints it, schema-unqualified;
    /// empty for a plain key. `ASC`, `DESC` and `NULLS FIRST`/`LAST` change no query an index serves and are left out.
    static func keyOption(_ rest: Substring) -> String {
        var words = rest.split(separator: " ").map(String.init)
        while let last = words.last, ["ASC", "DESC", "FIRST", "LAST", "NULLS"].contains(last.uppercased()) { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// An index key's leading name, unquoted (a quoted one read up to its closing quote, `""` inside it a
    /// quote), and what follows it; the name is empty when the key does not start with one.
    static func leadingName(_ key: Substring) -> (name: String, rest: Substring) {
        guard key.hasPrefix("\"") else {
            let name = key.prefix { $0 != " " }
            return (String(name), key[name.endIndex...])
        }
        var name = ""
        var index = key.index(after: key.startIndex)
        while index < key.endIndex {
            let next = key.index(after: index)
            if key[index] == "\"" {
                guard next < key.endIndex, key[next] == "\"" else { return (name, key[next...]) }
                name.append("\"")
                index = key.index(after: next)
            } else {
                name.append(key[index])
                index = next
            }
        }
        return ("", key)   // no closing quote: not a name
    }
}
