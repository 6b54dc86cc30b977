/// The names and texts the spec fuzzer draws from: ordinary ones, and the adversarial ones that broke
/// taxigen before (keywords of both languages, names the generated code and its runtime use, names at and
/// over PostgreSQL's 63-byte limit, names that collide after snake_casing, pluralising or camel-casing).
enum FuzzVocabulary {
    /// Entity names a team would write.
    static let ordinaryEntities = [
        "Customer", "OrderLine", "Product", "Invoice", "Rider", "Trip", "Vehicle", "Driver", "Payment", "Address",
        "Category", "Person", "Child", "Status", "Box", "Bus", "Quiz", "Match", "Wish", "Datum", "Index", "Series",
        "HTTPRequest", "APIKey", "UserAccount", "Event", "Log", "Audit", "Tag", "Note",
    ]

    /// Entity names that are Swift, Foundation, runtime or generated type names, or collide once derived.
    static let adversarialEntities = [
        "Float", "String", "Int", "Type", "Protocol", "Self", "Any", "Error", "Result", "Optional", "Array",
        "Character", "Substring", "Void", "Never", "Task", "Actor", "Equatable", "Codable", "Sendable", "URL", "Data",
        "Date", "Calendar", "Locale", "Decimal", "UUID", "JSONEncoder", "JSONDecoder", "Logger", "NSObject",
        "FieldCipher", "EntityNotFound", "DuplicateEntity", "OptimisticLockError", "IllegalArgument",
        "DatabaseUnavailable", "TestValues", "TestDatabase", "Database", "Transaction", "Page", "PageRequest",
        "KeysetCursor", "KeysetPage", "ValidationError", "ValidationReport", "ValidationIssue", "FieldUpdate",
        "JSONValue", "CalendarDate", "PGVector", "Bytea", "RowReader", "PostgresClient", "PostgresRow",
        "PostgresNIO", "Foundation", "Taxiway", "TaxiwayTesting", "Testing", "Columns", "CodingKeys", "Order",
        "OrderCreate", "OrderPatch", "OrderResponse", "OrderRepository", "Vector", "PgClass", "PgType", "Text",
        "Int4", "Numeric", "Boolean", "Table", "Select", "User", "Group", "Default", "Check", "Case", "Enum",
        "Repository", "Create", "Patch", "Response", "Schema", "Public", "Information", "Mock", "Expected",
        "Foo", "FooBar", "Foobar", "FOOBar", "People", "Persons", "Indices", "Indexes", "Data2", "A", "AB", "ABC",
        "X1", "Z9Z9", "Sensitive",
    ]

    /// Field names a team would write.
    static let ordinaryFields = [
        "name", "email", "status", "amount", "price", "quantity", "notes", "title", "body", "phone", "code",
        "plate", "starts_on", "ends_at", "rating", "score", "tags", "payload", "embedding", "owner_id",
        "parent_id", "kind", "level", "color", "country", "city", "zip", "line1", "line2", "flag", "enabled",
    ]

    /// Field names that are keywords, members of generated types, or collide once camel-cased.
    static let adversarialFields = [
        "type", "protocol", "self", "string", "int", "double", "bool", "date", "uuid", "data", "json", "vector",
        "order", "user", "default", "select", "table", "check", "from", "limit", "offset", "all", "any", "end",
        "where", "group", "case", "class", "struct", "enum", "func", "let", "var", "in", "is", "as", "do",
        "if", "else", "for", "while", "return", "throw", "throws", "rethrows", "try", "await", "async", "actor",
        "some", "inout", "init", "deinit", "subscript", "super", "nil", "true", "false", "repeat", "guard",
        "defer", "import", "operator", "precedencegroup", "associatedtype", "typealias", "extension", "static",
        "begin", "by", "declare", "execute", "foreach", "loop", "strict",
        "public", "private", "internal", "fileprivate", "open", "lazy", "weak", "unowned", "mutating",
        "expected_version", "is_empty", "is_deleted", "id", "description", "debug_description", "hash_value",
        "hash", "encode", "decode", "columns", "coding_keys", "table_name", "validate", "validation", "create",
        "patch", "response", "repository", "database", "transaction", "all_cases", "raw_value", "copy",
        "version", "created_at", "updated_at", "deleted_at", "a_b1", "a_b_1", "ab1", "x", "x1", "x_1", "url",
        "home_url", "api_key", "apikey", "api", "http", "http_s", "https", "ip", "sql", "ids", "id1", "i_d",
        "count", "first", "last", "map", "filter", "sorted", "key", "keys", "values", "value", "row", "rows",
        "cipher", "logger", "page", "cursor", "limit_", "null", "none", "unknown", "error", "result",
        "test_values", "fixture", "column", "columns2", "pg_class", "oid", "ctid", "xmin", "xmax", "cmin",
        "cmax", "tableoid", "phone_lookup", "email_lookup", "name_lookup", "bar_baz", "baz", "bar", "customer_id", "order_id", "box_id", "enabled_at", "r\u{00E9}sum\u{00E9}",
    ]

    /// Enum values that collide once camel-cased, or with the enum's own members.
    static let adversarialEnumValues = [
        "a_b1", "a_b_1", "ab1", "all_cases", "init", "raw_value", "hash_value", "self", "type", "protocol",
        "default", "case", "none", "some", "unknown", "description", "x", "x1", "x_1", "true", "false", "nil",
        "in", "is", "for", "class", "null", "active", "on_hold", "closed", "a", "b", "value1", "value_1",
    ]

    /// Texts for descriptions, examples and string defaults: ordinary, and ones that try to leave a comment
    /// or a literal (line breaks of every kind, comment ends, quotes, backslashes, interpolation, NUL).
    static let adversarialTexts = [
        "A plain description.", "The customer's name.", "Line one\nline two", "carriage\rreturn",
        "windows\r\nline", "para\u{2028}sep", "next\u{0085}line", "form\u{000C}feed", "tab\there", "*/ struct X {}",
        "/* open", "// comment", "\"quoted\"", "back\\slash", "\\(interpolated)", "\"\"\"", "#raw#", "'single'",
        "''", "$$ dollar $$", "$tag$", "--", ";", "NUL\u{0000}char", "bidi\u{202E}override", "emoji 🚕",
        "e\u{0301}", "   ", "", "\u{FEFF}bom", "x".repeated(300), "ü", "日本語", "\u{0007}bell",
    ]

    /// Patterns: ordinary, a newline inside, a catastrophic one, an invalid one.
    static let patterns = [
        "^[A-Z0-9]+$", "[a-z]+", "^\\d{3}-\\d{4}$", "^(a+)+$", "a\nb", "[", "^.*$", "^[A-Z]{3}-[A-Z]{4}$",
        "*/", "\\", "^(\\w+\\s?)*$",
    ]

    /// A name exactly `bytes` long, made of `stem` and padding.
    static func longName(_ stem: String, bytes: Int) -> String {
        var name = stem
        while name.utf8.count < bytes { name += "x" }
        return String(name.prefix(bytes))
    }
}

extension String {
    /// The string repeated `count` times.
    func repeated(_ count: Int) -> String { String(repeating: self, count: count) }
}
