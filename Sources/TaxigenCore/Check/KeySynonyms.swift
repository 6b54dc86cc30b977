/// What people coming from other tools (SQLAlchemy, Pydantic, JSON Schema, Prisma, ORMs in general) write for a
/// key taxigen names otherwise, with the hint that names taxigen's key: `min` is not a typo of `minimum` by
/// edit distance, but it is what the writer meant.
enum KeySynonyms {
    /// Keys of a field.
    static let field: [String: String] = {
        var table: [String: String] = [:]
        func say(_ key: String, _ words: String...) { for word in words { table[word] = key } }
        say("minimum", "min", "min_value", "minvalue", "ge", "gte")
        say("maximum", "max", "max_value", "maxvalue", "le", "lte")
        say("min_length", "minlength", "minLength", "min_len", "minlen")
        say("max_length", "maxlength", "maxLength", "max_len", "maxlen", "length", "size")
        say("min_items", "minItems", "min_size")
        say("max_items", "maxItems", "max_size")
        say("pattern", "regex", "regexp")
        say("values", "enum", "choices", "options", "allowed_values")
        say("description", "doc", "comment", "help", "title")
        say("default", "default_value", "server_default", "default_factory")
        say("example", "examples", "sample")
        say("items", "item_type", "element_type", "of", "array_of")
        say("entity", "target", "model", "to", "ref")
        say("dimensions", "dim", "dims", "dimension")
        say("distance", "metric")
        say("nullable", "optional", "null", "required", "not_null")
        say("sensitive", "secret", "encrypted", "pii")
        say("immutable", "readonly", "read_only", "frozen")
        say("renamed_from", "old_name", "previous_name", "alias")
        say("scale", "decimal_places")
        say("precision", "max_digits")
        return table
    }()

    /// Keys of an entity.
    static let entity: [String: String] = [
        "name": "entity", "model": "entity", "class": "entity",
        "table_name": "table", "tablename": "table", "__tablename__": "table",
        "columns": "fields", "properties": "fields", "attributes": "fields",
        "index": "indexes", "doc": "description", "comment": "description",
    ]

    /// Keys of an index.
    static let index: [String: String] = [
        "columns": "fields", "on": "fields", "type": "kind", "using": "kind", "method": "kind",
    ]

    /// The hint for a key that `synonyms` maps to one of `known`, or nil.
    static func hint(for key: String, in synonyms: [String: String], known: [String]) -> String? {
        guard let meant = synonyms[key], known.contains(meant) else { return nil }
        var hint = "taxigen calls it '\(meant)'"
        switch key {
        case "required", "not_null": return "fields are required (NOT NULL) unless `nullable: true`: remove '\(key)'"
        case "ge", "gte", "le", "lte": hint += " (inclusive)"
        case "length", "size": hint += " (a length in characters; 'min_length' is the other bound)"
        default: break
        }
        return hint
    }
}
