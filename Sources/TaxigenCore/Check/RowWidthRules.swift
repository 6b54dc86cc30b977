/// The check stage's bound on a row's width. PostgreSQL stores a row in one 8 KB page: a row longer than
/// 8,160 bytes is refused ("row is too big") unless TOAST can move its variable-length values out of line,
/// which leaves an 18-byte pointer for each. Fixed-size values (uuid, bigint, timestamptz, …) never move, so
/// an entity with enough of them cannot hold a row with every field set, and neither can its history table,
/// which copies the row beside its own columns: every insert of such a row would fail.
enum RowWidthRules {
    /// PostgreSQL's `MaxHeapTupleSize` with 8 KB pages: the page less its header and one line pointer.
    static let maximumRowBytes = 8160

    /// The bytes a row can take at most once TOAST has moved every variable-length value out: the tuple
    /// header and null bitmap, then each column at its alignment (a variable-length one as an 18-byte pointer).
    static func worstCaseBytes(_ columns: [(size: Int, alignment: Int)]) -> Int {
        var bytes = align(23 + (columns.count + 7) / 8, to: 8)
        for column in columns {
            bytes = align(bytes, to: column.alignment) + column.size
        }
        return bytes
    }

    /// The width and alignment of a column's stored value: fixed-size types as PostgreSQL lays them out,
    /// variable-length ones as the TOAST pointer they become.
    static func storage(of type: FieldType) -> (size: Int, alignment: Int) {
        switch type {
        case .uuid, .ref, .primaryKey: (16, 1)
        case .bigint, .double, .timestamp: (8, 8)
        case .int, .date: (4, 4)
        case .bool: (1, 1)
        case .string, .text, .decimal, .json, .array, .vector, .enumeration, .sealed: (18, 1)
        }
    }

    /// Refuses an entity whose row, or whose history table's row, can pass `maximumRowBytes` with every field set.
    static func check(_ draft: EntityDraft, columns: [Column], into log: inout DiagnosticLog) {
        var stored = columns.map { storage(of: $0.type) }
        if draft.traits.tenantKey != nil { stored.append(storage(of: .uuid)) }
        let row = worstCaseBytes(stored)
        let hint = "a row holds at most \(maximumRowBytes) bytes and fixed-size values (uuid, ref, bigint, double, timestamp, int, date, bool) "
            + "cannot move out of it: split the entity into entities linked by refs"
        if row > maximumRowBytes {
            log.error("a row of entity '\(draft.name)' takes up to \(row) bytes with every field set, more than the \(maximumRowBytes) bytes a PostgreSQL row can hold",
                      at: draft.nameLocation, hint: hint)
        } else if draft.traits.history {
            // history_id bigint, history_operation text, history_at timestamptz, history_principal text, then the row.
            let history = worstCaseBytes([(8, 8), (18, 1), (8, 8), (18, 1)] + stored)
            if history > maximumRowBytes {
                log.error("a row of the history table of entity '\(draft.name)' takes up to \(history) bytes with every field set, more than the \(maximumRowBytes) bytes a PostgreSQL row can hold",
                          at: draft.nameLocation, hint: hint + ", or drop `history: true`")
            }
        }
    }

    private static func align(_ offset: Int, to alignment: Int) -> Int {
        (offset + alignment - 1) / alignment * alignment
    }
}
