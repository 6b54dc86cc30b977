import Foundation

/// A column's SQL type as the DDL spells it, read back into its parts so that a type change can be judged.
indirect enum ColumnType: Hashable, Sendable {
    case varchar(Int)
    case text
    case integer
    case bigint
    case double
    case numeric(precision: Int, scale: Int)
    case boolean
    case date
    case timestamptz
    case uuid
    case jsonb
    case bytea
    case vector(Int)
    case array(ColumnType)
    /// A spelling taxigen does not write; only an identical type is accepted in its place.
    case other(String)

    /// Reads a type as `SQLTypeMapping` writes it.
    init(_ sql: String) {
        if sql.hasSuffix("[]") {
            self = .array(ColumnType(String(sql.dropLast(2))))
            return
        }
        switch sql {
        case "text": self = .text
        case "integer": self = .integer
        case "bigint": self = .bigint
        case "double precision": self = .double
        case "boolean": self = .boolean
        case "date": self = .date
        case "timestamptz": self = .timestamptz
        case "uuid": self = .uuid
        case "jsonb": self = .jsonb
        case "bytea": self = .bytea
        default:
            let arguments = Self.arguments(of: sql)
            switch (sql.prefix { $0 != "(" }, arguments.count) {
            case ("varchar", 1): self = .varchar(arguments[0])
            case ("vector", 1): self = .vector(arguments[0])
            case ("numeric", 2): self = .numeric(precision: arguments[0], scale: arguments[1])
            default: self = .other(sql)
            }
        }
    }

    /// The whole numbers inside `name(…)`, or none.
    private static func arguments(of sql: String) -> [Int] {
        guard let open = sql.firstIndex(of: "("), sql.hasSuffix(")") else { return [] }
        let inside = sql[sql.index(after: open)..<sql.index(before: sql.endIndex)]
        let numbers = inside.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return numbers.contains(nil) ? [] : numbers.compactMap { $0 }
    }

    /// How `format_type` prints the type (`character varying(255)`, `timestamp with time zone`).
    var catalogSpelling: String {
        switch self {
        case .varchar(let length): "character varying(\(length))"
        case .text: "text"
        case .integer: "integer"
        case .bigint: "bigint"
        case .double: "double precision"
        case .numeric(let precision, let scale): "numeric(\(precision),\(scale))"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamptz: "timestamp with time zone"
        case .uuid: "uuid"
        case .jsonb: "jsonb"
        case .bytea: "bytea"
        case .vector(let dimensions): "vector(\(dimensions))"
        case .array(let item): item.catalogSpelling + "[]"
        case .other(let sql): sql
        }
    }
}
