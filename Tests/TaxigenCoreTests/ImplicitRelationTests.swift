import Foundation
import Testing
@testable import TaxigenCore

/// The relations the generated SQL makes without naming them (a history's identity sequence, a partitioned
/// table's partitions and the indexes PostgreSQL clones onto them, the migration ledger) share the schema's
/// namespace with every table and index; and the tenant key is held to the column-name rules fields are.
/// The names PostgreSQL picks were read back from PostgreSQL 15 and 18 (`pg_class`).
@Suite("Names and values: relations PostgreSQL names itself")
struct ImplicitRelationTests {
    static let payment = "entity: Payment\nhistory: true\nfields:\n  amount: { type: decimal, precision: 10, scale: 2 }\n"
    static let event = "entity: Event\nappend_only:\n  partition: { interval: month, ahead: 1 }\nfields:\n  kind: { type: string, max_length: 20, index: true }\n"

    @Test("an index named like a history table's identity sequence is refused at the index, naming the sequence")
    func indexNamedLikeHistorySequence() {
        let diagnostics = SpecHarness.diagnostics([
            "specs/payment.yaml": Self.payment,
            "specs/refund.yaml": "entity: Refund\nfields:\n  reason: { type: string, max_length: 200 }\nindexes:\n  - fields: [reason]\n    name: payments_history_history_id_seq\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/refund.yaml:5:5: error: index 'payments_history_history_id_seq' of table 'refunds' has the name of identity sequence 'payments_history_history_id_seq' of history table 'payments_history' (specs/payment.yaml:1:9): tables, indexes and sequences share one namespace per schema\n    hint: give the declared index another `name:`",
        ])
    }

    @Test("a history whose identity sequence takes an earlier table's name is refused at the entity")
    func historySequenceNamedLikeTable() {
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Other\ntable: payments_history_history_id_seq\nfields:\n  note: { type: text }\n",
            "specs/payment.yaml": Self.payment,
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/payment.yaml:1:9: error: identity sequence 'payments_history_history_id_seq' of history table 'payments_history' has the name of table 'payments_history_history_id_seq' of entity 'Other' (specs/a.yaml:2:8): tables, indexes and sequences share one namespace per schema\n    hint: the history table is named after the entity's table; set another `table:`",
        ])
    }

    @Test("the identity sequence's name is cut to 63 bytes as PostgreSQL cuts it")
    func historySequenceTruncation() {
        #expect(ImplicitRelations.historySequence(of: "payments") == "payments_history_history_id_seq")
        // pg_get_serial_sequence of a 63-byte history table (a 55-byte table + `_history`).
        let table = String(repeating: "a", count: 55)
        #expect(ImplicitRelations.historySequence(of: table) == String(repeating: "a", count: 48) + "_history_id_seq")
        // A longer table's history name is itself shortened (`DerivedNames.fit`), then cut the same way.
        let long = String(repeating: "b", count: 60)
        let sequence = ImplicitRelations.historySequence(of: long)
        #expect(sequence.utf8.count == 63 && sequence.hasSuffix("_history_id_seq") && sequence.hasPrefix(String(repeating: "b", count: 48)))
    }

    @Test("a table named like a partition that create_partitions() makes is refused, for any date")
    func tableNamedLikePartition() {
        for table in ["events_p20261201", "events_p19990101", "events_p00000000"] {
            let diagnostics = SpecHarness.diagnostics([
                "specs/event.yaml": Self.event,
                "specs/legacy.yaml": "entity: LegacyEvent\ntable: \(table)\nfields:\n  kind: { type: string, max_length: 20 }\n",
            ]).filter { $0.severity == .error }
            #expect(diagnostics.map(\.description) == [
                "specs/legacy.yaml:2:8: error: table '\(table)' of entity 'LegacyEvent' has the name of a partition of table 'events' of entity 'Event' (specs/event.yaml:2:1), which `events_create_partitions()` names `events_pYYYYMMDD`: tables and indexes share one namespace per schema\n    hint: set another `table:`",
            ])
        }
    }

    @Test("an index named like one PostgreSQL makes on a partition is refused", arguments: [
        ("events_p20270115_pkey", "the primary-key index PostgreSQL makes on each partition of table 'events' of entity 'Event' (specs/event.yaml:2:1), `events_pYYYYMMDD_pkey`"),
        ("events_p20270115_kind_idx", "an index PostgreSQL makes on each partition of table 'events' of entity 'Event' (specs/event.yaml:2:1), named after the partition `events_pYYYYMMDD` and the indexed columns"),
        ("events_p20270115_created_at_idx1", "an index PostgreSQL makes on each partition of table 'events' of entity 'Event' (specs/event.yaml:2:1), named after the partition `events_pYYYYMMDD` and the indexed columns"),
    ])
    func indexNamedLikePartitionIndex(name: String, what: String) {
        let diagnostics = SpecHarness.diagnostics([
            "specs/event.yaml": Self.event,
            "specs/note.yaml": "entity: Note\nfields:\n  body: { type: text }\nindexes:\n  - fields: [body]\n    name: \(name)\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/note.yaml:5:5: error: index '\(name)' of table 'notes' has the name of \(what): tables and indexes share one namespace per schema\n    hint: give the declared index another `name:`",
        ])
    }

    @Test("partition index names are cut to 63 bytes as PostgreSQL cuts them, the date too")
    func partitionIndexTruncation() throws {
        let table = String(repeating: "e", count: 45)
        let schema = try #require(SpecHarness.schema(["specs/e.yaml": """
            entity: Wide
            table: \(table)
            append_only:
              partition: { interval: month }
            fields:
              kind2: { type: string, max_length: 20, index: true }
              tenant_key: { type: uuid }
              kind_of_a_very_long_column_name_here: { type: string, max_length: 20 }
            indexes:
              - fields: [tenant_key, kind_of_a_very_long_column_name_here]
            """]))
        let patterns = ImplicitRelations.partitionPatterns(of: schema.entities[0])
        func matched(_ name: String) -> Bool { patterns.contains { $0.matches(Array(name.utf8)) } }
        // Read back from pg_class after `CREATE TABLE … PARTITION OF` on PostgreSQL 15 and 18.
        #expect(matched(table + "_p20261201"))
        #expect(matched(table + "_p20261201_pkey"))
        #expect(matched(table + "_p202612_kind2_idx"))
        #expect(matched(table + "_p20261_kind2_idx1"))
        #expect(matched(table + "_p2_created_at_idx"))
        #expect(matched(String(repeating: "e", count: 29) + "_tenant_key_kind_of_a_very_lon_idx"))
        #expect(!matched(table + "_p20261201_kind2_idx"))   // too long: PostgreSQL never makes it
        #expect(!matched(table + "_p2026120"))
        #expect(!matched(table + "_p2026120a"))
    }

    @Test("a table named like the migration ledger is refused, and so is its key index")
    func tableNamedLikeLedger() {
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Migration\ntable: taxiway_migrations\nfields:\n  note: { type: text }\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:2:8: error: table 'taxiway_migrations' of entity 'Migration' has the name of the migration ledger table 'taxiway_migrations' that taxigen's migrations create: tables and indexes share one namespace per schema\n    hint: set another `table:`",
            "specs/a.yaml:2:8: error: primary-key index 'pk_taxiway_migrations' of table 'taxiway_migrations' has the name of the primary-key index 'pk_taxiway_migrations' of taxigen's migration ledger: tables and indexes share one namespace per schema\n    hint: set another `table:`",
        ])
    }

    @Test("a relation named like the temporary name a migration rebuilds an index under is refused, cut to 63 bytes too")
    func relationNamedLikeRebuiltIndex() {
        let long = String(repeating: "k", count: 52)   // ix_things_<52 k> is 62 bytes; its temporary name cuts it
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Thing\nfields:\n  kind: { type: string, max_length: 20, index: true }\n"
                + "  \(long): { type: string, max_length: 20, index: true }\n"
                + "indexes:\n  - { fields: [kind], name: ix_things_kind_rebuilt }\n",
            "specs/b.yaml": "entity: Other\ntable: \(String(("ix_things_" + long).prefix(55)))_rebuilt\nfields:\n  note: { type: text }\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:6:5: error: index 'ix_things_kind_rebuilt' of table 'things' has the temporary name a migration gives index 'ix_things_kind' of table 'things' (specs/a.yaml:3:48) while it rebuilds it: tables and indexes share one namespace per schema\n    hint: give the declared index another `name:`",
            "specs/b.yaml:2:8: error: table '\(String(("ix_things_" + long).prefix(55)))_rebuilt' of entity 'Other' has the temporary name a migration gives index 'ix_things_\(long)' of table 'things' (specs/a.yaml:4:96) while it rebuilds it: tables and indexes share one namespace per schema\n    hint: set another `table:`",
        ])
        // A field named `rebuilt` makes an ordinary index name.
        #expect(SpecHarness.errors([
            "specs/a.yaml": "entity: Thing\nfields:\n  rebuilt: { type: bool, index: true }\n",
        ]) == [])
    }

    @Test("ordinary names beside histories and partitioned tables still pass")
    func ordinaryNamesPass() {
        let errors = SpecHarness.errors([
            "specs/payment.yaml": Self.payment,
            "specs/event.yaml": Self.event,
            "specs/archive.yaml": "entity: EventArchive\ntable: events_archive\nfields:\n  kind: { type: string, max_length: 20 }\nindexes:\n  - fields: [kind]\n    name: payments_history_seq\n",
            "specs/p.yaml": "entity: EventPeriod\ntable: events_p2026\nfields:\n  kind: { type: string, max_length: 20 }\n",
            "specs/q.yaml": "entity: EventPart\ntable: events_p20261201x\nfields:\n  kind: { type: string, max_length: 20 }\n",
            "specs/r.yaml": "entity: Migration\ntable: taxiway_migrations_log\nfields:\n  note: { type: text }\n",
        ])
        #expect(errors == [])
    }

    @Test("a tenant key named like a PostgreSQL system column is refused at the key",
          arguments: ["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"])
    func tenantKeySystemColumn(key: String) throws {
        let directory = FileManager.default.temporaryDirectory.path + "/tenancy-system-column-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "specs: specs\ntenancy: { key: \(key) }\n".write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: directory, into: &log)
        #expect(config.tenancy == nil)
        #expect(log.sorted.filter { $0.severity == .error }.map(\.description) == [
            "taxigen.yaml:2:17: error: tenant key '\(key)' has the name of a PostgreSQL system column\n    hint: every table has the hidden columns cmax, cmin, ctid, tableoid, xmax, xmin; name the tenant key column something else, e.g. 'tenant_id'",
        ])
    }
}
