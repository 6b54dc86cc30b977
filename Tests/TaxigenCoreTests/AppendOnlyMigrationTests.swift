import Foundation
import TaxigenCore
import Testing

/// Migrations of append-only tables: a new one (plain and partitioned) is created as `schema.sql` creates it,
/// with the shared function first; turning an existing table append-only, ordinary, partitioned or not, is
/// refused at the spec with a hint; a partitioned table's indexes change without CONCURRENTLY.
@Suite("Append-only migrations")
struct AppendOnlyMigrationTests {
    static func schema(_ head: String, extra: String = "") throws -> Schema {
        try #require(SpecHarness.schema(["specs/event.yaml": "entity: Event\n" + head + "fields:\n  kind: { type: string, max_length: 40 }\n" + extra]))
    }

    static func errors(from old: Schema, to new: Schema) -> [Diagnostic] {
        var log = DiagnosticLog()
        _ = SchemaDiffer.diff(from: SchemaSnapshot(schema: old), to: new, into: &log)
        return log.sorted.filter { $0.severity == .error }
    }

    @Test("a new partitioned table gets the shared function, the table, its triggers and maintenance; the downgrade drops them")
    func createsTables() throws {
        let schema = try Self.schema("append_only: { partition: { interval: day, ahead: 7 } }\n")
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: .empty, to: schema, into: &log)
        #expect(log.sorted.isEmpty)
        let plan = try MigrationPlanner(diff: diff, schema: schema, ddl: FreshDDL(templates: TemplateSet.defaults())).plan()
        let up = plan.up.flatMap(\.statements).map(\.sql)
        let function = try #require(up.firstIndex { $0.hasPrefix("CREATE OR REPLACE FUNCTION taxiway_refuse_append_only_change()") })
        let table = try #require(up.firstIndex { $0.hasPrefix("CREATE TABLE events (") })
        #expect(function < table)
        #expect(up[table].hasSuffix("PARTITION BY RANGE (created_at)"))
        #expect(up.contains { $0.hasPrefix("CREATE TRIGGER trg_events_append_only BEFORE UPDATE OR DELETE") })
        #expect(up.contains { $0.hasPrefix("CREATE FUNCTION events_create_partitions(ahead integer DEFAULT 7)") })
        #expect(up.contains { $0.hasPrefix("CREATE FUNCTION events_detach_partitions(older_than timestamptz)") })
        #expect(up.last { $0.contains("events_create_partitions()") } == "SELECT count(*) FROM events_create_partitions()")
        let down = plan.down.flatMap(\.statements).map(\.sql)
        #expect(down.contains("DROP FUNCTION IF EXISTS events_create_partitions(integer)"))
        #expect(down.contains("DROP FUNCTION IF EXISTS taxiway_refuse_append_only_change()"))
    }

    @Test("an existing table is not made append-only, ordinary, partitioned or unpartitioned in place")
    func refusesInPlaceChanges() throws {
        let ordinary = try Self.schema("")
        let plain = try Self.schema("append_only: true\n")
        let monthly = try Self.schema("append_only: { partition: { interval: month } }\n")
        let daily = try Self.schema("append_only: { partition: { interval: day } }\n")
        for (old, new, message) in [(ordinary, plain, "cannot make it append-only in place"),
                                    (plain, ordinary, "cannot make it an ordinary table in place"),
                                    (plain, monthly, "cannot partition it"), (monthly, plain, "cannot stop partitioning it"),
                                    (monthly, daily, "cannot change its partitioning")] {
            let errors = Self.errors(from: old, to: new)
            #expect(errors.count == 1 && errors[0].message.contains(message), "\(message): \(errors)")
            #expect(errors.first?.hint?.isEmpty == false)
        }
        #expect(Self.errors(from: plain, to: plain).isEmpty)
    }

    @Test("a partitioned table's index changes run without CONCURRENTLY on the parent, in one transaction, with a warning; down undoes them; a plain table's index is built CONCURRENTLY")
    func partitionedIndexes() throws {
        let monthly = "append_only: { partition: { interval: month } }\n"
        let before = try Self.schema(monthly, extra: "  code: { type: string, max_length: 9 }\nindexes:\n  - { fields: [code], name: ix_events_lookup }\n")
        let after = try Self.schema(monthly, extra: "  code: { type: string, max_length: 9 }\nindexes:\n  - fields: [kind]\n  - { fields: [code, kind], name: ix_events_lookup }\n")
        #expect(Self.errors(from: before, to: after).isEmpty)
        var log = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: SchemaSnapshot(schema: before), to: after, into: &log)
        let plan = try MigrationPlanner(diff: diff, schema: after, ddl: FreshDDL(templates: TemplateSet.defaults())).plan()
        let unit = try #require(plan.up.first { $0.purpose.hasPrefix("a partitioned table's indexes") })
        #expect(unit.kind == .transaction)
        #expect(unit.statements.map { $0.sql } == [
            "DROP INDEX IF EXISTS ix_events_lookup",
            "CREATE INDEX ix_events_lookup ON events USING btree (code, kind)",
            "CREATE INDEX ix_events_kind ON events USING btree (kind)",
        ])
        #expect(!plan.up.flatMap(\.statements).contains { $0.sql.contains("CONCURRENTLY") })
        #expect(plan.warnings.contains("builds index ix_events_kind on the partitioned table events without CONCURRENTLY: writes to events wait until it is built"))
        let down = try #require(plan.down.first { $0.purpose.hasPrefix("a partitioned table's indexes") })
        #expect(down.statements.map { $0.sql } == [
            "DROP INDEX IF EXISTS ix_events_lookup",
            "DROP INDEX IF EXISTS ix_events_kind",
            "CREATE INDEX ix_events_lookup ON events USING btree (code)",
        ])
        let plain = try MigrationPlanner(diff: SchemaDiffer.diff(from: SchemaSnapshot(schema: try Self.schema("append_only: true\n")),
                                                                 to: try Self.schema("append_only: true\n", extra: "indexes:\n  - fields: [kind]\n"), into: &log),
                                         schema: try Self.schema("append_only: true\n", extra: "indexes:\n  - fields: [kind]\n"),
                                         ddl: FreshDDL(templates: TemplateSet.defaults())).plan()
        #expect(plain.up.flatMap(\.statements).contains { $0.sql.hasPrefix("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_kind") })
    }
}
