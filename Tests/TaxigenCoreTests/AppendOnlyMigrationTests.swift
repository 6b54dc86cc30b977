import Foundation
import TaxigenCore
import Testing

/// Migrations of append-only tables: a new one (plain and partitioned) is created as `schema.sql` creates it,
/// with the shared function first; turning an existing table append-only, ordinary, partitioned or not, and
/// changing a partitioned table's indexes are refused at the spec with a hint.
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

    @Test("a partitioned table's new index is refused (no CONCURRENTLY on partitioned tables); a plain one's is built")
    func partitionedIndexes() throws {
        let index = "indexes:\n  - fields: [kind]\n"
        let monthly = "append_only: { partition: { interval: month } }\n"
        let errors = Self.errors(from: try Self.schema(monthly), to: try Self.schema(monthly, extra: index))
        #expect(errors.count == 1 && errors[0].message.contains("ix_events_kind"), "\(errors)")
        #expect(errors.first?.location.line == 6)
        #expect(Self.errors(from: try Self.schema("append_only: true\n"), to: try Self.schema("append_only: true\n", extra: index)).isEmpty)
    }
}
