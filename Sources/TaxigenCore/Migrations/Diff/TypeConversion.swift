/// Whether a column can change from one SQL type to another without any value changing silently, and how.
///
/// A conversion is allowed when every stored value either converts exactly or makes the statement fail
/// (a value too long for a shorter `varchar`, a number out of range): PostgreSQL's assignment casts do
/// that. Conversions that would round, truncate or reinterpret values are refused with a hint.
struct TypeConversion: Sendable, Hashable {
    /// What happens to a conversion.
    enum Verdict: Sendable, Hashable {
        /// It can be done; `mayFail` when a stored value might not fit (the statement then fails, atomically).
        case allowed(rewritesTable: Bool, mayFail: Bool)
        /// It cannot be done without losing data.
        case refused(reason: String, hint: String)
    }

    /// The type before.
    let from: ColumnType
    /// The type after.
    let to: ColumnType
    /// Whether and how.
    let verdict: Verdict

    /// Judges a change between two types as the DDL spells them.
    init(from: String, to: String) {
        self.from = ColumnType(from)
        self.to = ColumnType(to)
        verdict = Self.judge(self.from, self.to, top: true)
    }

    /// Whether the conversion is allowed.
    var isAllowed: Bool {
        if case .allowed = verdict { true } else { false }
    }

    /// Whether the table is rewritten (every row copied under an exclusive lock).
    var rewritesTable: Bool {
        if case .allowed(let rewrites, _) = verdict { rewrites } else { false }
    }

    /// Whether a stored value might not fit, so that the statement can fail.
    var mayFail: Bool {
        if case .allowed(_, let mayFail) = verdict { mayFail } else { false }
    }

    /// The `USING` expression for a column (SQL spelling), or nil where PostgreSQL's assignment cast is exact.
    func using(column: String) -> String? {
        guard case .vector(let old) = from, case .vector(let new) = to, new > old else { return nil }
        return "CASE WHEN \(column) IS NULL THEN NULL "
            + "ELSE (\(column)::real[] || array_fill(0::real, ARRAY[\(new - old)]))::vector(\(new)) END"
    }

    private static let rewrite = Verdict.allowed(rewritesTable: true, mayFail: false)
    private static let rewriteMayFail = Verdict.allowed(rewritesTable: true, mayFail: true)
    private static let inPlace = Verdict.allowed(rewritesTable: false, mayFail: false)

    private static let genericHint = "add a new field, copy the values over (an UPDATE your team reviews and runs), "
        + "then remove the old field in a later migration"

    private static func judge(_ from: ColumnType, _ to: ColumnType, top: Bool) -> Verdict {
        switch (from, to) {
        case _ where from == to:
            return inPlace
        case (.varchar(let old), .varchar(let new)):
            return new >= old ? inPlace : rewriteMayFail
        case (.varchar, .text):
            return inPlace
        case (.text, .varchar):
            return rewriteMayFail
        case (.integer, .bigint), (.integer, .double):
            return rewrite
        case (.bigint, .integer):
            return rewriteMayFail
        case (.integer, .numeric(let precision, let scale)):
            return precision - scale >= 10 ? rewrite : rewriteMayFail
        case (.bigint, .numeric(let precision, let scale)):
            return precision - scale >= 19 ? rewrite : rewriteMayFail
        case (.numeric(let oldPrecision, let oldScale), .numeric(let newPrecision, let newScale)):
            if newScale < oldScale {
                return .refused(reason: "numeric(\(oldPrecision),\(oldScale)) to numeric(\(newPrecision),\(newScale)) would round stored values to \(newScale) decimal\(newScale == 1 ? "" : "s")",
                                hint: "keep the scale at \(oldScale) or more, or " + genericHint)
            }
            if newScale == oldScale {
                return newPrecision >= oldPrecision ? inPlace : rewriteMayFail
            }
            return newPrecision - newScale >= oldPrecision - oldScale ? rewrite : rewriteMayFail
        case (.numeric(_, 0), .integer), (.numeric(_, 0), .bigint):
            return rewriteMayFail
        case (.vector(let old), .vector(let new)) where top:
            if new > old { return rewrite }
            return .refused(reason: "vector(\(old)) to vector(\(new)) would cut every stored embedding short",
                            hint: "embeddings of another size come from another model: add a new vector field (say "
                                + "`embedding_v2`), fill it, then remove the old one; or remove the field in one "
                                + "migration and add it back with the new size in the next (dropping the stored embeddings)")
        case (.array(let old), .array(let new)):
            return judge(old, new, top: false)
        case (.varchar, .bytea), (.text, .bytea):
            return .refused(reason: "a field cannot become sensitive in place: its values are sealed (AES-GCM) by the application, not by SQL",
                            hint: "add a new sensitive field, write every value again through the repository, then remove the old field")
        case (.bytea, .varchar), (.bytea, .text):
            return .refused(reason: "a sensitive field cannot become plain text in SQL: its column holds ciphertext",
                            hint: "add a new field, write the opened values through the repository, then remove the sensitive one")
        default:
            return .refused(reason: "\(from.catalogSpelling) cannot become \(to.catalogSpelling) without reinterpreting stored values",
                            hint: genericHint)
        }
    }
}
