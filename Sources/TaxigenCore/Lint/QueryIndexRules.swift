/// Which indexes serve a spec's named queries, for lint (a query no index serves fails the indexes item) and
/// for the generated tests that prove, with `EXPLAIN`, that the database uses one of them.
///
/// A btree index serves a query when its leading column is compared by equality, `in` or `IS NULL`, or
/// when the query has a range condition on it, or orders first by it in an order the index gives (ascending
/// with NULLs last, or descending with NULLs first; see ``NamedQuery/Ordering/isIndexScanOrder``); a prefix index (`prefix: true`, the
/// pattern operator class) serves equality, `in`, `IS NULL` and `prefix` on its column, not ranges or
/// orderings. A plain btree does not serve a `prefix` condition: PostgreSQL reads it as an index range only
/// under the C collation, and databases rarely use it. A GIN index serves a query that has `contains` or
/// `overlaps` on one of its columns. Every repository query reads active rows, so partial indexes
/// (`WHERE deleted_at IS NULL`) serve as well as full ones.
///
/// On a tenant-scoped table, row-level security applies the tenant policy before the query's own conditions,
/// and PostgreSQL then makes an index condition only of a condition whose operator is leakproof: `contains`
/// and `overlaps` (arrays, JSON), `prefix` (`LIKE`) and the comparisons of `decimal`, JSON and array values
/// are not, so they are applied row by row and serve no index (``isIndexCondition(_:in:)``).
enum QueryIndexRules {
    /// The indexes that serve `query`, strongest first: equality on the leading column (or a GIN
    /// containment), then a range or a prefix (on a prefix index), then the ordering.
    static func servingIndexes(_ query: NamedQuery, of entity: Entity) -> [Index] {
        var ranked: [(rank: Int, position: Int, index: Index)] = []
        for (position, index) in entity.indexes.enumerated() {
            if let rank = rank(of: index, for: query, in: entity) { ranked.append((rank, position, index)) }
        }
        return ranked.sorted { ($0.rank, $0.position) < ($1.rank, $1.position) }.map(\.index)
    }

    /// How well `index` serves `query` (0 best), or nil when it does not. An index that leads with the tenant
    /// key is read from its next column: row-level security compares the key in every query.
    static func rank(of index: Index, for query: NamedQuery, in entity: Entity) -> Int? {
        let usable = query.conditions.filter { isIndexCondition($0, in: entity) }
        switch index.kind {
        case .gin:
            let contained = usable.contains {
                ginComparisons.contains($0.comparison) && index.columns.contains($0.column)
            }
            return contained ? 0 : nil
        case .btree:
            guard let leading = leadingColumn(of: index, tenantKey: entity.traits.tenantKey) else { return nil }
            let conditions = usable.filter { $0.column == leading }
            if conditions.contains(where: { [.eq, .in, .isNull].contains($0.comparison) }) { return 0 }
            if index.patternColumn == leading {
                return conditions.contains(where: { $0.comparison == .prefix }) ? 1 : nil
            }
            if conditions.contains(where: { $0.comparison.isRange }) { return 1 }
            if let first = query.ordering.first, first.column == leading, first.isIndexScanOrder { return 2 }
            return nil
        case .hnsw, .ivfflat:
            return nil
        }
    }

    /// Whether PostgreSQL can make an index condition of `condition`. Always, but on a tenant-scoped table
    /// (row-level security) only when its operator is leakproof for the column's type: `IS NULL` is no
    /// operator; equality, `in` and ranges are leakproof on text, integers, floats, booleans, dates, timestamps
    /// and UUIDs (enums are text), not on `numeric`, `jsonb` or arrays; `LIKE` and the containments are not.
    static func isIndexCondition(_ condition: NamedQuery.Condition, in entity: Entity) -> Bool {
        guard entity.traits.tenantKey != nil else { return true }
        return isLeakproof(condition.comparison, on: entity.column(named: condition.column)?.type)
    }

    /// The comparisons a GIN index serves.
    static let ginComparisons: Set<NamedQuery.Comparison> = [.contains, .overlaps]

    /// Whether PostgreSQL's operator for `comparison` on a column of `type` is leakproof (`IS NULL` is no
    /// operator); the type matters only for equality, `in` and ranges.
    static func isLeakproof(_ comparison: NamedQuery.Comparison, on type: FieldType?) -> Bool {
        switch comparison {
        case .isNull, .isNotNull: return true
        case .prefix, .contains, .overlaps: return false
        case .eq, .ne, .lt, .lte, .gt, .gte, .in:
            switch type {
            case .decimal, .json, .array, .vector: return false
            default: return true
            }
        }
    }

    /// Whether a GIN index can serve a query on a tenant-scoped table: only when one of its comparisons is
    /// leakproof, which none is (the check stage warns at such an index).
    static var ginServesUnderRowSecurity: Bool {
        ginComparisons.contains { isLeakproof($0, on: nil) }
    }

    /// The column a btree index is read from: its first, or its second when the tenant key leads it (row-level
    /// security compares the key in every query).
    static func leadingColumn(of index: Index, tenantKey: String?) -> String? {
        tenantKey != nil && index.columns.first == tenantKey ? index.columns.dropFirst().first : index.columns.first
    }

    /// A finding at each named query of `entity` that no index serves.
    static func findings(_ entity: Entity) -> [LintFinding] {
        entity.queries.filter { servingIndexes($0, of: entity).isEmpty }.map { query in
            let compared = query.conditions.filter { $0.comparison != .ne && $0.comparison != .isNotNull }
            if let kept = compared.first(where: { condition in
                !isIndexCondition(condition, in: entity) && entity.indexes.contains { $0.columns.contains(condition.column) }
            }) {
                let usable = compared.first { isIndexCondition($0, in: entity) }
                let alternative = usable.map { "add an index on a field it compares otherwise (e.g. `- fields: [\($0.column)]`)" }
                    ?? "compare another field by equality or range as well, with an index on it"
                return LintFinding("named query '\(query.name)' is served by no index: on a tenant-scoped table, row-level security lets PostgreSQL make index conditions only of leakproof operators, and `\(kept.comparison.rawValue)` on '\(kept.column)' (\(entity.column(named: kept.column)?.type.keyword ?? "?")) is not one, so it is checked row by row; \(alternative)",
                                   at: kept.location)
            }
            let candidates = compared.map(\.column) + query.ordering.prefix(1).map(\.column)
            if let prefixed = compared.first(where: { $0.comparison == .prefix })?.column, candidates.first == prefixed {
                let plain = entity.indexes.first { index in
                    index.kind == .btree && index.patternColumn == nil
                        && leadingColumn(of: index, tenantKey: entity.traits.tenantKey) == prefixed
                }
                let why = plain.map { "'\(prefixed)' leads the btree '\($0.name)', but a plain btree serves a prefix only under the C collation" }
                    ?? "no index serves its prefix on '\(prefixed)'"
                return LintFinding("named query '\(query.name)' is served by no index: \(why); add a prefix index (`- { fields: [\(prefixed)], prefix: true }`)",
                                   at: query.location)
            }
            if let first = query.ordering.first, !first.isIndexScanOrder,
               let index = entity.indexes.first(where: { index in
                   index.kind == .btree && index.patternColumn == nil
                       && leadingColumn(of: index, tenantKey: entity.traits.tenantKey) == first.column
               }) {
                let nulls = "nulls \(first.nullsFirst == true ? "first" : "last")"
                let written = "\(first.ascending ? "" : "-")\(first.column) \(nulls)"
                let alternative = compared.first.map { ", or add an index on a field it compares (e.g. `- fields: [\($0.column)]`)" } ?? ""
                return LintFinding("named query '\(query.name)' is served by no index: '\(first.column)' leads the btree '\(index.name)', but a btree gives '\(first.column)' ascending with NULLs last or descending with NULLs first, not `\(written)`; drop `\(nulls)` (on a field that is never NULL it changes nothing)\(alternative)",
                                   at: first.location)
            }
            let example = candidates.first.map { " (e.g. `- fields: [\($0)]`)" } ?? ""
            return LintFinding("named query '\(query.name)' is served by no index: no index leads with a field it compares by equality, range, prefix or ordering, nor is a GIN index on a field it searches with contains/overlaps; add one\(example)",
                               at: query.location)
        }
    }
}
