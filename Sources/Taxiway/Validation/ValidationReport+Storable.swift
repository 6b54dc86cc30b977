import Foundation
import TaxiwayRules

/// The checks generated for every field of a type whose Swift values reach beyond what PostgreSQL stores
/// (see ``PostgresRange``), whatever the spec says: a value they pass is stored and read back as it is.
extension ValidationReport {
    /// Checks that a `timestamptz` column stores the instant: finite and between 4713 BC and 294276 AD
    /// (rule `range`). PostgresNIO would trap on a date past ±292,000 years, the server refuses the rest.
    public mutating func checkStorable(_ value: Date?, of field: String) {
        guard let value else { return }
        if !PostgresRange.isStorable(value) {
            add(field, .range, "must be \(PostgresRange.timestampRangeDescription)")
        }
    }

    /// Checks that a `double precision` value is finite (rule `finite`). PostgreSQL would store NaN and
    /// infinity, but they slip through `minimum`/`maximum` (every comparison with NaN is false) and JSON
    /// cannot carry them, so a row holding one could not be sent to a client.
    public mutating func checkFinite(_ value: Double?, of field: String) {
        guard let value else { return }
        if !value.isFinite {
            add(field, .finite, "must be a finite number")
        }
    }

    /// Checks that every item of a `double precision[]` is finite, reporting each bad item by index.
    public mutating func checkEachFinite(_ value: [Double]?, of field: String) {
        guard let value else { return }
        for (index, item) in value.enumerated() {
            checkFinite(item, of: "\(field)[\(index)]")
        }
    }

    /// Checks that `jsonb` stores a JSON value as it is: nested at most ``JSONValue/maximumDepth`` deep (rule
    /// `max_depth`), no U+0000 in any string or key (rule `null_character`; `jsonb` refuses it) and no NaN or
    /// infinite number (rule `finite`; JSON has none, it would be written as `null`). The value is walked
    /// without recursion, so any depth is measured safely.
    public mutating func checkJSON(_ value: JSONValue?, of field: String) {
        guard let value else { return }
        let scan = value.storageScan()
        if scan.depth > JSONValue.maximumDepth {
            add(field, .maxDepth, "must not nest arrays and objects more than \(JSONValue.maximumDepth) levels deep")
        }
        if scan.hasNullCharacter {
            add(field, .nullCharacter, "must not contain the NUL character (U+0000) in any string or key")
        }
        if scan.hasNonFiniteNumber {
            add(field, .finite, "must contain only finite numbers")
        }
    }
}
