/// The reserved words of the two languages taxigen writes, used to quote or escape names that collide.
public enum Keywords {
    /// PostgreSQL's reserved keywords and the non-reserved ones that cannot name a function or type
    /// (PostgreSQL 15–18, Appendix C), and PL/pgSQL's reserved words that the core grammar does not reserve
    /// (`begin`, `by`, `declare`, `execute`, `foreach`, `if`, `loop`, `strict`, `while`: in a trigger body,
    /// `v_row.if` is no field). Identifiers in this set are double-quoted in every statement and body.
    public static let postgres: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "begin", "by", "declare", "execute", "foreach", "if", "loop", "strict", "while",
        "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
        "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
        "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
        "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
        "join", "json", "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg",
        "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "lateral", "leading",
        "least", "left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national",
        "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset",
        "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
        "precision", "primary", "real", "references", "returning", "right", "row", "select",
        "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "system_user",
        "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
        "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
        "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
        "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    ]

    /// Swift's keywords that cannot be used as identifiers without backticks (Swift 6); contextual keywords
    /// such as `open`, `some` or `async` work as names and are left alone.
    public static let swift: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate",
        "func", "import", "init", "inout", "internal", "let", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias",
        "var", "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await",
        "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
    ]

    /// Names that cannot be a generated property even with backticks, or that generated code already uses;
    /// `inout`, `var` and `let` cannot be argument labels in the calls generated code makes.
    public static let unusableFieldNames: Set<String> = unusableCaseNames.union(["inout", "var", "let"])

    /// Names that cannot be a generated enum case even with backticks.
    public static let unusableCaseNames: Set<String> = ["self", "init", "deinit", "subscript", "super"]
}
