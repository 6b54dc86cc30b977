/// The rules of `deprecated: true` on a field: the column stays in the table while the generated code no
/// longer reads or writes it, so every row the new code inserts must be valid without it, and nothing the
/// generated code still has (a named query, a declared index's finder) may need it.
enum DeprecationRules {
    /// The checks of one field's own keys; false when one failed (each failure is an error in `log`).
    static func checkField(_ name: String, reader: MappingReader, nullable: Bool, hasDefault: Bool, unique: Bool,
                           renamed: Bool, into log: inout DiagnosticLog) -> Bool {
        var ok = true
        if !nullable, !hasDefault {
            log.error("deprecated field '\(name)' is NOT NULL without a default: the generated code no longer writes it, so its inserts would fail",
                      at: reader.keyLocation(of: "deprecated"),
                      hint: "give it a `default:` (rows the new release writes get it, and the release still running reads it), or `nullable: true`")
            ok = false
        }
        if unique, hasDefault {
            log.error("deprecated field '\(name)' is unique and has a default: every row the new code inserts would get the same value",
                      at: reader.keyLocation(of: "deprecated"),
                      hint: "make it `nullable: true` without a default (NULLs never conflict), or drop `unique` first")
            ok = false
        }
        if renamed {
            log.error("deprecated field '\(name)' also has `renamed_from`: a field is either renamed or on its way out",
                      at: reader.keyLocation(of: "deprecated"),
                      hint: "rename it in one migration and deprecate it in a later one, or deprecate the old field and add the new one")
            ok = false
        }
        return ok
    }

    /// The checks that need the whole entity: a named query may not use a deprecated field (its generated
    /// method would read a column the code no longer knows), nor may a declared unique index over several
    /// fields include one with a default (every new row would share that value).
    static func checkEntity(queries: [NamedQuery], indexes: [Index], columns: [Column], into log: inout DiagnosticLog) {
        let deprecated = Dictionary(columns.filter(\.isDeprecated).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard !deprecated.isEmpty else { return }
        for query in queries {
            let used = query.conditions.map { ($0.column, $0.location) } + query.ordering.map { ($0.column, $0.location) }
            for (column, location) in used where deprecated[column] != nil {
                log.error("named query '\(query.name)' uses deprecated field '\(column)', which the generated code no longer reads",
                          at: location, hint: "remove the condition or ordering on '\(column)', or the query")
            }
        }
        for index in indexes where index.isUnique && index.origin == .declared && index.columns.count > 1 {
            for column in index.columns.compactMap({ deprecated[$0] }) where column.defaultValue != nil {
                log.error("unique index '\(index.name)' includes deprecated field '\(column.name)', which has a default: every row the new code inserts gets that value",
                          at: index.location, hint: "make '\(column.name)' `nullable: true` without a default, or remove it from the index")
            }
        }
    }
}
