@testable import TaxigenCore
import Testing

/// What an imported index's keys say besides their columns, as `pg_get_indexdef` and pg_dump print them.
@Suite("Import: index key options")
struct IndexKeyOptionTests {
    @Test("operator classes and collations are kept per key; order and NULLS placement are not; quoted names are skipped whole")
    func keyOptions() throws {
        let cases: [(String, [String], [String], String?)] = [
            ("CREATE INDEX a ON public.t USING btree (name varchar_pattern_ops)", ["name"], ["varchar_pattern_ops"], "varchar_pattern_ops"),
            ("CREATE INDEX a ON public.t USING btree (bio text_pattern_ops DESC NULLS LAST)", ["bio"], ["text_pattern_ops"], "text_pattern_ops"),
            (#"CREATE INDEX a ON public.t USING btree ("Odd ""name""" text_pattern_ops)"#, [#"Odd "name""#], ["text_pattern_ops"], "text_pattern_ops"),
            (#"CREATE INDEX a ON public.t USING btree (name COLLATE "C")"#, ["name"], [#"COLLATE "C""#], nil),
            ("CREATE INDEX a ON public.t USING btree (name DESC, slug)", ["name", "slug"], ["", ""], nil),
            ("CREATE INDEX a ON public.t USING btree (name varchar_pattern_ops, slug)", ["name", "slug"], ["varchar_pattern_ops", ""], nil),
            ("CREATE INDEX a ON public.t USING gin (data jsonb_path_ops)", ["data"], ["jsonb_path_ops"], nil),
        ]
        for (statement, columns, options, pattern) in cases {
            let parsed = try #require(DumpText.index(statement, schema: "public"))
            #expect(parsed.columns == columns, "\(statement)")
            #expect(parsed.keyOptions == options, "\(statement)")
            let index = ImportedSchema.Index(name: parsed.name, columns: parsed.columns, unique: parsed.unique, method: parsed.method,
                                             predicate: parsed.predicate, hasExpression: parsed.hasExpression,
                                             keyOptions: parsed.keyOptions, definition: parsed.definition)
            #expect(index.patternClass == pattern, "\(statement)")
            #expect(BaselineSnapshot.isPlain(index) == (pattern != nil || options.allSatisfy(\.isEmpty)), "\(statement)")
        }
    }
}
