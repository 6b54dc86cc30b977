import TaxigenCore
import Testing

/// What `migrate new` warns about existing rows: only what can stop the migration or leave rows behind, in
/// words that fit the index or CHECK.
@Suite("Migration warnings about existing rows")
struct MigrationWarningTests {
    @Test("an enum that only gains values rebuilds its CHECK without a warning; one that loses a value warns")
    func enumValues() throws {
        let old = try Specs.thing("  status: { type: enum, values: [open, closed] }")
        let gained = try Specs.plan(from: old, to: try Specs.thing("  status: { type: enum, values: [open, closed, held] }"))
        #expect(!gained.warnings.contains { $0.contains("ck_things_status_values") }, "\(gained.warnings)")
        #expect(gained.summary.contains { $0.contains("~ CHECK ck_things_status_values") }, "\(gained.summary)")
        let lost = try Specs.plan(from: old, to: try Specs.thing("  status: { type: enum, values: [open, held] }"))
        #expect(lost.warnings.contains("CHECK ck_things_status_values is validated against existing rows: the migration stops there if one breaks it"),
                "\(lost.warnings)")
    }

    @Test("a lookup added to a sealed field: its digests are NULL until the reseal, said so; no duplicate warning for an all-NULL column")
    func lookupAdded() throws {
        let old = try Specs.thing("  iban: { type: string, max_length: 34, sensitive: true }")
        let plan = try Specs.plan(from: old, to: try Specs.thing("  iban: { type: string, max_length: 34, sensitive: true, lookup: true, unique: true }"))
        #expect(plan.warnings.contains("things.iban_lookup is NULL in existing rows until resealSensitiveFields writes their digests: the finder of iban misses them until then, and they are not held unique"),
                "\(plan.warnings)")
        #expect(!plan.warnings.contains { $0.contains("share a value") }, "\(plan.warnings)")
    }

    @Test("a unique index over every row says soft-deleted rows count; a partial one says active rows")
    func uniqueWording() throws {
        let old = try Specs.thing("  code: { type: string, max_length: 10 }")
        let partial = try Specs.plan(from: old, to: try Specs.thing("  code: { type: string, max_length: 10, unique: true }"))
        #expect(partial.warnings.contains("unique index ux_things_code is built on existing rows: it fails if two active rows share a value"),
                "\(partial.warnings)")
        let every = try Specs.plan(from: old, to: try Specs.thing("  code: { type: string, max_length: 10 }",
                                                                extra: "indexes:\n  - { fields: [code], unique: true, include_deleted: true }\n"))
        #expect(every.warnings.contains { $0.hasSuffix("it fails if two rows (soft-deleted ones too) share a value") }, "\(every.warnings)")
    }

    @Test("narrowing a field of an entity with a history warns that older entries may not fit, with the way round")
    func historyNarrowing() throws {
        let old = try Specs.schema(["specs/thing.yaml": "entity: Thing\nhistory: true\nfields:\n  number: { type: string, max_length: 100 }\n"])
        let new = try Specs.schema(["specs/thing.yaml": "entity: Thing\nhistory: true\nfields:\n  number: { type: string, max_length: 20 }\n"])
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.warnings.contains { $0.hasPrefix("narrows history table things_history too (number: varchar(100) → varchar(20))")
            && $0.hasSuffix("add a new field, copy the values over in a data step, and remove this one later") }, "\(plan.warnings)")
        let widened = try Specs.plan(from: new, to: old)
        #expect(!widened.warnings.contains { $0.contains("narrows") }, "\(widened.warnings)")
    }
}
