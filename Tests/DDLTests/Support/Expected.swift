import TaxigenCore

/// What the catalog must say for the `Schema`, written independently of the planner: how PostgreSQL
/// itself prints types (`format_type`) and defaults (`pg_get_expr`).
enum Expected {
    /// `format_type` of a column of the schema.
    static func catalogType(of column: Column) -> String {
        switch column.type {
        case .string(let maxLength): "character varying(\(maxLength))"
        case .text, .enumeration: "text"
        case .int: "integer"
        case .bigint: "bigint"
        case .double: "double precision"
        case .decimal(let precision, let scale): "numeric(\(precision),\(scale))"
        case .bool: "boolean"
        case .date: "date"
        case .timestamp: "timestamp with time zone"
        case .uuid, .ref, .primaryKey: "uuid"
        case .json: "jsonb"
        case .vector(let dimensions, _): "vector(\(dimensions))"
        case .sealed: "bytea"
        case .array(let item):
            switch item {
            case .string: "character varying(\(column.rules.maxLength ?? 0))[]"
            case .text: "text[]"
            case .int: "integer[]"
            case .bigint: "bigint[]"
            case .double: "double precision[]"
            case .bool: "boolean[]"
            case .uuid: "uuid[]"
            }
        }
    }

    /// The defaults of the implicit columns, as `pg_get_expr` prints them.
    static func implicitDefault(of column: Column) -> String?? {
        switch column.role {
        case .primaryKey: "gen_random_uuid()"
        case .createdAt, .updatedAt: "now()"
        case .deletedAt: .some(nil)
        case .version: "1"
        case .data: "'{}'::jsonb"
        case .field, .lookup: nil
        }
    }

    /// Defaults of declared example fields, `table.column` → `pg_get_expr` text: one of every kind.
    static let exampleDefaults: [String: String] = [
        "customers.status": "'active'::text",
        "customers.tags": "'{}'::character varying[]",
        "employees.active": "true",
        "employees.class": "'staff'::text",
        "orders.placed_at": "now()",
        "orders.total": "0",
        "order_lines.discounts": "'{}'::double precision[]",
        "support_tickets.opened_on": "CURRENT_DATE",
        "support_tickets.public_token": "gen_random_uuid()",
        "support_tickets.scores": "'{}'::integer[]",
        "user.default": "false",
        "user.roles": "ARRAY['member'::text]",
        "user.login_count": "0",
        "products.attributes": "'{\"color\": null, \"sizes\": []}'::jsonb",
        "products.order": "0",
    ]

    /// `pg_get_expr(indpred)` of an index that holds among active rows.
    static let activeRowsPredicate = "(deleted_at IS NULL)"

    /// `pg_trigger.tgtype` of a `BEFORE UPDATE … FOR EACH ROW` trigger: ROW (1) | BEFORE (2) | UPDATE (16).
    static let beforeUpdateRowTrigger: Int16 = 1 | 2 | 16
}
