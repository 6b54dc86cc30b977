/// How spec types become PostgreSQL column types. The only place this decision is made.
enum SQLTypeMapping {
    /// The column type as written in DDL (`varchar(255)`, `numeric(12,2)`, `varchar(32)[]`, `vector(384)`).
    static func type(of column: Column) -> String {
        switch column.type {
        case .array(let item):
            return itemType(item, maxLength: column.rules.maxLength) + "[]"
        default:
            return scalarType(column.type)
        }
    }

    /// The type of a non-array field type.
    static func scalarType(_ type: FieldType) -> String {
        switch type {
        case .string(let maxLength): "varchar(\(maxLength))"
        case .text: "text"
        case .int: "integer"
        case .bigint: "bigint"
        case .double: "double precision"
        case .decimal(let precision, let scale): "numeric(\(precision),\(scale))"
        case .bool: "boolean"
        case .date: "date"
        case .timestamp: "timestamptz"
        case .uuid, .ref, .primaryKey: "uuid"
        case .json: "jsonb"
        case .array(let item): itemType(item, maxLength: nil) + "[]"
        case .vector(let dimensions, _): "vector(\(dimensions))"
        case .enumeration: "text"
        case .sealed: "bytea"
        }
    }

    /// The type of an array's items; a `string` item is `varchar(maxLength)` (the checker requires the bound).
    static func itemType(_ item: ArrayItemType, maxLength: Int?) -> String {
        switch item {
        case .string: maxLength.map { "varchar(\($0))" } ?? "text"
        case .text: "text"
        case .int: "integer"
        case .bigint: "bigint"
        case .double: "double precision"
        case .bool: "boolean"
        case .uuid: "uuid"
        }
    }
}
