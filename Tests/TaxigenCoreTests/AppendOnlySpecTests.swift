import Foundation
import TaxigenCore
import Testing

/// `append_only:` in the check stage and the plan: the key's forms and every mistake in them (located, with
/// a hint), the columns and indexes an append-only table has, the refused combinations, and the files and
/// DDL it gets.
@Suite("Append-only specs")
struct AppendOnlySpecTests {
    static func spec(_ head: String, fields: String = "  kind: { type: string, max_length: 40 }\n") -> [String: String] {
        ["specs/event.yaml": "entity: Event\n" + head + "fields:\n" + fields]
    }

    static func diagnostics(_ files: [String: String]) -> [Diagnostic] {
        SpecHarness.diagnostics(files).filter { $0.severity == .error }
    }

    @Test("append_only: true, false and a mapping are read; a plain table and a partitioned one")
    func readsTheKey() throws {
        let plain = try #require(SpecHarness.schema(Self.spec("append_only: true\n")))
        #expect(plain.entities[0].traits.appendOnly != nil && plain.entities[0].traits.appendOnly?.partitioning == nil)
        let off = try #require(SpecHarness.schema(Self.spec("append_only: false\n")))
        #expect(off.entities[0].traits.appendOnly == nil)
        let empty = try #require(SpecHarness.schema(Self.spec("append_only: {}\n")))
        #expect(empty.entities[0].traits.appendOnly != nil)
        let partitioned = try #require(SpecHarness.schema(Self.spec("append_only:\n  partition: { by: created_at, interval: week, ahead: 8 }\n")))
        #expect(partitioned.entities[0].traits.appendOnly?.partitioning
                == AppendOnlyTrait.Partitioning(column: "created_at", interval: .week, ahead: 8))
        let defaults = try #require(SpecHarness.schema(Self.spec("append_only: { partition: { interval: day } }\n")))
        #expect(defaults.entities[0].traits.appendOnly?.partitioning?.ahead == AppendOnlyTrait.Partitioning.defaultAhead)
    }

    @Test("an append-only table has created_at but no updated_at, deleted_at or version, and an index on created_at")
    func columnsAndIndexes() throws {
        let entity = try #require(SpecHarness.schema(Self.spec("append_only: true\n"))).entities[0]
        #expect(entity.columns.map(\.name) == ["event_id", "kind", "created_at"])
        #expect(entity.indexes.map(\.name) == ["ix_events_created_at"])
        let ordinary = try #require(SpecHarness.schema(Self.spec(""))).entities[0]
        #expect(ordinary.columns.map(\.name).suffix(4) == ["created_at", "updated_at", "deleted_at", "version"])
    }

    @Test("every mistake in append_only is an error at its location, with a hint, all in one run")
    func mistakes() {
        let cases: [(String, String)] = [
            ("append_only: sometimes\n", "specs/event.yaml:2:14: 'append_only' in the spec must be true, false or a mapping"),
            ("append_only: [month]\n", "specs/event.yaml:2:14: 'append_only' in the spec must be true, false or a mapping"),
            ("append_only: { partitions: { interval: month } }\n", "specs/event.yaml:2:16: unknown key 'partitions' in 'append_only'"),
            ("append_only: { partition: month }\n", "specs/event.yaml:2:27: 'partition' in 'append_only' must be a mapping"),
            ("append_only: { partition: { ahead: 2 } }\n", "'partition' has no 'interval'"),
            ("append_only: { partition: { interval: year } }\n", "specs/event.yaml:2:39: 'year' is not a valid 'interval' in 'partition'"),
            ("append_only: { partition: { interval: month, ahead: 0 } }\n", "'ahead' in 'partition' must be a whole number between 1 and 366, not the number 0"),
            ("append_only: { partition: { interval: month, ahead: many } }\n", "'ahead' in 'partition' must be a whole number between 1 and 366, not the string 'many'"),
            ("append_only: { partition: { interval: month, by: kind } }\n", "can only be partitioned by created_at, not 'kind'"),
            ("append_only: { partition: { interval: month, every: day } }\n", "unknown key 'every' in 'partition'"),
        ]
        for (head, expected) in cases {
            let errors = Self.diagnostics(Self.spec(head))
            #expect(errors.count == 1, "\(head): \(errors)")
            #expect(errors.first.map { "\($0.location): \($0.message)".contains(expected) } == true, "\(head): \(errors)")
            #expect(errors.first?.hint?.isEmpty == false, "\(head) has no hint")
        }
        // Two mistakes, two errors, one run.
        let both = Self.diagnostics(Self.spec("append_only: { partition: { interval: year, ahead: 0 } }\n"))
        #expect(both.count == 2)
    }

    @Test("a partitioned table refuses unique fields and unique indexes at their location; a plain one keeps them")
    func uniqueOnPartitioned() {
        let fields = "  code: { type: string, max_length: 20, unique: true }\n  email: { type: string, max_length: 99, sensitive: true, lookup: true, unique: true }\n"
        let head = "append_only: { partition: { interval: month } }\n"
        let errors = Self.diagnostics(Self.spec(head, fields: fields)
            .mapValues { $0 + "indexes:\n  - fields: [code, created_at]\n    unique: true\n" })
        #expect(errors.map { "\($0.location)" } == ["specs/event.yaml:4:3", "specs/event.yaml:5:3", "specs/event.yaml:7:5"])
        #expect(errors.allSatisfy { $0.hint?.contains("partition key") == true })
        #expect(SpecHarness.errors(Self.spec("append_only: true\n", fields: fields)) == [])
    }

    @Test("append_only with history: true is refused")
    func withHistory() {
        let errors = SpecHarness.errors(Self.spec("append_only: true\nhistory: true\n"))
        #expect(errors.count == 1 && errors[0].contains("history"), "\(errors)")
    }

    @Test("a partitioned table's derived names must fit 63 bytes: a table of 46 bytes is refused, 45 accepted")
    func longNames() throws {
        func spec(_ table: String) -> [String: String] {
            Self.spec("table: \(table)\nappend_only: { partition: { interval: day } }\n")
        }
        let refused = SpecHarness.errors(spec(String(repeating: "t", count: 46)))
        #expect(refused.count == 1 && refused[0].hasPrefix("specs/event.yaml:3:1:") && refused[0].contains("_create_partitions"), "\(refused)")
        #expect(SpecHarness.errors(spec(String(repeating: "t", count: 45))) == [])
        #expect(SpecHarness.errors(Self.spec("table: \(String(repeating: "t", count: 63))\nappend_only: true\n")) == [])
    }

    @Test("append-only entities get no patch, an AppendOnlyRepository, their own tests, and DDL without update machinery")
    func plannedOutput() throws {
        let files = try SpecHarness.render(Self.spec("append_only: { partition: { interval: month, ahead: 2 } }\njson_data: true\n")
            .map { SpecLoader.Source(path: $0.key, text: $0.value) })
        #expect(Set(files.map(\.path)).contains("Swift/Event/EventCreate.swift"))
        #expect(!files.contains { $0.contents.contains("EventPatch") })
        let repository = try #require(files.first { $0.path == "Swift/Event/EventRepository.swift" }).contents
        #expect(repository.contains("Taxiway.AppendOnlyRepository<EventTable>"))
        #expect(!repository.contains("func update") && !repository.contains("softDelete") && !repository.contains("setData"))
        let model = try #require(files.first { $0.path == "Swift/Event/Event.swift" }).contents
        #expect(model.contains("AppendedModel") && !model.contains("isDeleted") && !model.contains("let version"))
        let sql = try #require(files.first { $0.path == "SQL/schema.sql" }).contents
        #expect(sql.contains(") PARTITION BY RANGE (created_at);"))
        #expect(sql.contains("CONSTRAINT pk_events PRIMARY KEY (event_id, created_at)"))
        #expect(sql.contains("CREATE TRIGGER trg_events_append_only BEFORE UPDATE OR DELETE ON events"))
        #expect(!sql.contains("trg_events_touch"))
        #expect(sql.contains("CREATE FUNCTION events_create_partitions(ahead integer DEFAULT 2) RETURNS SETOF text"))
        #expect(sql.contains("CREATE FUNCTION events_detach_partitions(older_than timestamptz) RETURNS SETOF text"))
        let tests = try #require(files.first { $0.path == "Tests/Event/EventRepositoryTests.swift" }).contents
        #expect(tests.contains("func updateAndDeleteRefused()"))
    }
}
