import Foundation
import InMemoryTracing
import Logging
import MetricsTestKit
import PostgresNIO
import Taxiway
import Testing
import Tracing

/// A memo: the smallest stored entity, for a real ``Repository`` in these tests.
struct Memo: StoredModel {
    let id: UUID
    let code: String
    let createdAt: Date
    let updatedAt: Date
    let deletedAt: Date?
    let version: Int32
}

/// A memo to insert; an empty code is invalid.
struct MemoCreate: Validatable {
    var code: String

    func validationIssues() -> [ValidationIssue] {
        code.isEmpty ? [ValidationIssue(field: "code", rule: "required", message: "a memo needs a code")] : []
    }
}

/// A memo's partial update.
/// The fields a `MemoPatch` sets.
struct MemoPatchFields: PatchFields {
    typealias Create = MemoCreate
    static let fields = MemoPatchFields()
    static let all: [any FieldDescription<MemoCreate>] = [fields.code]
    let code: PatchableField<String> = .init(\.code, MemoColumns().code)
}

typealias MemoPatch = Patch<MemoPatchFields>

/// The typed columns of `memos`.
struct MemoColumns: Sendable {
    var code: Column<Memo, String> { Column("code") { $0.code } }
}

/// `memos` in a schema of this process's own (the suite is serialized: each test creates and drops it).
struct MemoTable: PlainEntityTable {
    static let schemaName = "tw_obs_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    static let schema = TableSchema(
        table: "\(schemaName).memos", entity: "Memo", key: "memo_id",
        selectColumns: ["memo_id", "code", "created_at", "updated_at", "deleted_at", "version"],
        inserted: [InsertedColumn("code", arrayType: "text[]")],
        uniqueFields: ["ux_memos_code": "code"])
    static var columns: MemoColumns { MemoColumns() }

    init() {}

    func decode(_ row: PostgresRow) throws -> Memo {
        var reader = RowReader(row)
        return Memo(id: try reader.next(UUID.self), code: try reader.next(String.self),
                    createdAt: try reader.next(Date.self), updatedAt: try reader.next(Date.self),
                    deletedAt: try reader.next(Date?.self), version: try reader.next(Int32.self))
    }

    func write(_ request: MemoCreate, to row: inout InsertRow) throws {
        try row.write(request.code)
    }

    func bindChanges(_ patch: MemoPatch, id: UUID, into changes: inout ChangeSet) throws {
        try patch.write(to: &changes, id: id, cipher: nil)
    }
}

typealias MemoRepository = Repository<MemoTable>

@Suite("Observability: operation metrics, statement spans, slow-statement log", .serialized)
struct ObservabilityTests {
    /// Runs `body` on a database observed by `observability`, with `memos` created (and dropped afterwards).
    static func withMemos(
        _ observability: Observability,
        logger: Logger = Logger(label: "taxiway.tests"),
        _ body: (Database) async throws -> Void
    ) async throws {
        var options = Database.Options()
        options.observability = observability
        try await TestDatabase.withDatabase(logger: logger, options: options) { database, _ in
            let schema = MemoTable.schemaName
            try await TestDatabase.sql(database, "CREATE SCHEMA \(schema)")
            try await TestDatabase.sql(database, """
                CREATE TABLE \(schema).memos (
                    memo_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), code text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
                    deleted_at timestamptz, version integer NOT NULL DEFAULT 1)
                """)
            try await TestDatabase.sql(database, "CREATE UNIQUE INDEX ux_memos_code ON \(schema).memos (code) WHERE deleted_at IS NULL")
            do {
                try await body(database)
                try await TestDatabase.sql(database, "DROP SCHEMA \(schema) CASCADE")
            } catch {
                try? await TestDatabase.sql(database, "DROP SCHEMA \(schema) CASCADE")
                throw error
            }
        }
    }

    /// The total of `taxiway.operation.count` with exactly these dimensions.
    static func count(_ metrics: TestMetrics, _ operation: String, _ outcome: String) -> Int64 {
        metrics.counters(label: "taxiway.operation.count")
            .filter { Dictionary(uniqueKeysWithValues: $0.dimensions) == ["operation": operation, "entity": "Memo", "outcome": outcome] }
            .reduce(0) { $0 + $1.totalValue }
    }

    /// The number of durations `taxiway.operation.duration` recorded with exactly these dimensions.
    static func timings(_ metrics: TestMetrics, _ operation: String, _ outcome: String) -> Int {
        metrics.timers(label: "taxiway.operation.duration")
            .filter { Dictionary(uniqueKeysWithValues: $0.dimensions) == ["operation": operation, "entity": "Memo", "outcome": outcome] }
            .reduce(0) { $0 + $1.values.count }
    }

    @Test("each repository operation records one duration and one count by operation, entity and outcome")
    func operationMetrics() async throws {
        let metrics = TestMetrics()
        try await Self.withMemos(Observability(metricsFactory: metrics, tracer: nil)) { database in
            let memos = MemoRepository(on: database)
            let memo = try await memos.create(MemoCreate(code: "a-1"))
            await #expect(throws: DuplicateEntity.self) { try await memos.create(MemoCreate(code: "a-1")) }
            await #expect(throws: ValidationError.self) { try await memos.create(MemoCreate(code: "")) }
            await #expect(throws: EntityNotFound.self) { try await memos.get(id: UUID()) }
            _ = try await memos.get(id: memo.id)
            // A guarded update that matched nothing, then the version probe: one operation, a conflict.
            await #expect(throws: OptimisticLockError.self) {
                try await memos.update(id: memo.id, MemoPatch(expectedVersion: 7).setting(\.code, to: "a-2"))
            }
            _ = try await memos.first(where: { $0.code == "a-1" })
        }
        #expect(Self.count(metrics, "create", "success") == 1)
        #expect(Self.count(metrics, "create", "duplicate") == 1)
        #expect(Self.count(metrics, "create", "invalid") == 1)
        #expect(Self.count(metrics, "get", "notFound") == 1)
        #expect(Self.count(metrics, "get", "success") == 1)
        #expect(Self.count(metrics, "update", "conflict") == 1)
        #expect(Self.count(metrics, "first", "success") == 1)
        #expect(Self.timings(metrics, "create", "duplicate") == 1)
        #expect(Self.timings(metrics, "get", "notFound") == 1)
        #expect(Self.timings(metrics, "update", "conflict") == 1)
        // Nested operations (get → find, first → list) and the version probe are part of their operation.
        let operations = Set(metrics.counters(label: "taxiway.operation.count").compactMap {
            Dictionary(uniqueKeysWithValues: $0.dimensions)["operation"]
        })
        #expect(operations == ["create", "get", "update", "first"])
        #expect(metrics.counterTotal(label: "taxiway.operation.count") == 7)
    }

    @Test("repository operations in a transaction are measured with the database's observability")
    func transactionMetrics() async throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        try await Self.withMemos(Observability(metricsFactory: metrics, tracer: tracer)) { database in
            try await database.transaction { tx in
                _ = try await MemoRepository(on: tx).create(MemoCreate(code: "t-1"))
            }
        }
        #expect(Self.count(metrics, "create", "success") == 1)
        let names = tracer.finishedSpans.map(\.operationName)
        #expect(names.contains("BEGIN"))
        #expect(names.contains("INSERT \(MemoTable.schema.table)"))
        #expect(names.contains("COMMIT"))
    }

    @Test("each statement is a client span named and attributed by the OpenTelemetry database conventions")
    func statementSpans() async throws {
        let tracer = InMemoryTracer()
        let url = try TestDatabase.url()
        let configuration = try Database.clientConfiguration(url: url)
        try await Self.withMemos(Observability(metricsFactory: nil, tracer: tracer)) { database in
            tracer.clearAll()
            let memos = MemoRepository(on: database)
            try await tracer.withSpan("request") { _ in
                _ = try await memos.create(MemoCreate(code: "secret-code-771"))
            }
        }
        let request = try #require(tracer.finishedSpans.first { $0.operationName == "request" })
        let table = MemoTable.schema.table
        let insert = try #require(tracer.finishedSpans.first { $0.operationName == "INSERT \(table)" })
        #expect(insert.kind == .client)
        #expect(insert.traceID == request.traceID)
        #expect(insert.parentSpanID == request.spanID)
        let attributes = insert.attributes
        #expect(attributes.get("db.system.name") == .string("postgresql"))
        #expect(attributes.get("db.collection.name") == .string(table))
        #expect(attributes.get("db.operation.name") == .string("INSERT"))
        #expect(attributes.get("db.query.text") == .string(MemoTable.schema.insert))
        #expect(attributes.get("taxiway.operation") == .string("create"))
        #expect(attributes.get("db.namespace") == configuration.database.map { .string($0) })
        #expect(attributes.get("server.address") == configuration.host.map { .string($0) })
        #expect(attributes.get("server.port") == configuration.port.map { .int64(Int64($0)) })
        #expect(attributes.get("db.response.status_code") == nil)
        #expect(insert.status == nil)
        #expect(insert.errors.isEmpty)
        var text = ""
        attributes.forEach { key, value in text += "\(key)=\(value) " }
        #expect(!text.contains("secret-code-771"))
    }

    @Test("a failed statement's span carries the SQLSTATE, the error type, the error and the error status")
    func failedStatementSpan() async throws {
        let tracer = InMemoryTracer()
        try await Self.withMemos(Observability(metricsFactory: nil, tracer: tracer)) { database in
            let memos = MemoRepository(on: database)
            _ = try await memos.create(MemoCreate(code: "dup"))
            tracer.clearAll()
            await #expect(throws: DuplicateEntity.self) { try await memos.create(MemoCreate(code: "dup")) }
        }
        let insert = try #require(tracer.finishedSpans.first { $0.operationName == "INSERT \(MemoTable.schema.table)" })
        #expect(insert.attributes.get("db.response.status_code") == .string("23505"))
        #expect(insert.attributes.get("error.type") == .string("23505"))
        #expect(insert.status?.code == .error)
        #expect(insert.errors.count == 1)
        #expect(insert.errors.first?.error is DuplicateEntity)
    }

    @Test("a statement slower than the threshold is logged at warning with its text, never its values")
    func slowStatementLog() async throws {
        let capture = LogCapture()
        // A threshold far above what a quick statement takes on a loaded machine, far below the sleep.
        let observability = Observability(metricsFactory: nil, tracer: nil, slowStatementThreshold: .seconds(1))
        try await TestDatabase.withDatabase(logger: capture.logger(), options: Self.options(observability)) { database, _ in
            var slow = PostgresQuery(unsafeSQL: "SELECT pg_sleep($1), length($2)")
            slow.binds.append(1.3)
            slow.binds.append("secret-value-4242")
            try await database.run(slow, context: QueryContext(operation: "nap", table: "-"))
            var fast = PostgresQuery(unsafeSQL: "SELECT length($1)")
            fast.binds.append("secret-value-4242")
            try await database.run(fast, context: QueryContext(operation: "quick", table: "-"))
        }
        // (PostgresNIO may warn that a lease was asked for before `run()` started; that is not ours.)
        // (The harness's own CREATE SCHEMA and DROP SCHEMA are observed too; only this test's statements count.)
        let warnings = capture.records.filter {
            $0.level == .warning && $0.metadata[LogKeys.statement] != nil
                && ["nap", "quick"].contains($0.metadata[LogKeys.operation].map { "\($0)" })
        }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.message == "slow statement")
        #expect(warning.metadata[LogKeys.statement] == "SELECT pg_sleep($1), length($2)")
        #expect(warning.metadata[LogKeys.operation] == "nap")
        let milliseconds = try #require(warning.metadata[LogKeys.durationMilliseconds].flatMap { Double("\($0)") })
        #expect(milliseconds >= 1300)
        for record in capture.records {
            #expect(!"\(record.message) \(record.metadata)".contains("secret-value-4242"))
        }
    }

    @Test("off, nothing is reported; each part is off on its own")
    func off() async throws {
        #expect(Database.Options().observability == .off)
        #expect(Observability.off.isOff)
        #expect(Observability(metrics: false, tracing: false).isOff)
        #expect(Observability(metricsFactory: nil, tracer: nil).isOff)
        #expect(!Observability(metricsFactory: nil, tracer: nil, slowStatementThreshold: .seconds(1)).isOff)

        // Default options: a slow statement logs no warning (and there is nowhere metrics or spans could go).
        let capture = LogCapture()
        try await TestDatabase.withDatabase(logger: capture.logger()) { database, _ in
            try await database.execute("SELECT pg_sleep(0.05)")
        }
        #expect(capture.records.allSatisfy { $0.message != "slow statement" })

        // Metrics only: no spans; tracing only: no metrics.
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        try await Self.withMemos(Observability(metricsFactory: metrics, tracer: nil)) { database in
            _ = try await MemoRepository(on: database).create(MemoCreate(code: "m"))
        }
        try await Self.withMemos(Observability(metricsFactory: nil, tracer: tracer)) { database in
            _ = try await MemoRepository(on: database).create(MemoCreate(code: "t"))
        }
        #expect(Self.count(metrics, "create", "success") == 1)
        #expect(tracer.finishedSpans.contains { $0.operationName == "INSERT \(MemoTable.schema.table)" })
        #expect(metrics.counterTotal(label: "taxiway.operation.count") == 1)
    }

    static func options(_ observability: Observability) -> Database.Options {
        var options = Database.Options()
        options.observability = observability
        return options
    }
}
