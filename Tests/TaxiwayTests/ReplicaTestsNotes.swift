import Foundation
import PostgresNIO
import Taxiway

/// A one-column entity for the read-replica tests, so that the generic repository core's reads and writes run
/// through a ``Database`` with replicas: `replica_notes (id, body, created_at, updated_at, deleted_at, version)`.
struct ReplicaNote: StoredModel, Equatable {
    var id: UUID
    var body: String
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?
    var version: Int32
}

/// A new note's text.
struct ReplicaNoteCreate: Validatable {
    var body: String
    func validationIssues() -> [ValidationIssue] { [] }
}

/// A note's changes (none but the version guard).
struct ReplicaNotePatch: EntityPatch {
    var expectedVersion: Int32
    func validationIssues() -> [ValidationIssue] { [] }
}

/// The columns typed queries may name (none here).
struct ReplicaNoteColumns: Sendable {}

/// How notes are bound and decoded.
struct ReplicaNoteTable: PlainEntityTable {
    static let ddl = """
        CREATE TABLE IF NOT EXISTS replica_notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz, version integer NOT NULL DEFAULT 1)
        """
    static let schema = TableSchema(
        table: "replica_notes", entity: "ReplicaNote", key: "id",
        selectColumns: ["id", "body", "created_at", "updated_at", "deleted_at", "version"],
        inserted: [InsertedColumn("body", arrayType: "text[]")])
    static let columns = ReplicaNoteColumns()

    func decode(_ row: PostgresRow) throws -> ReplicaNote {
        let (id, body, createdAt, updatedAt, deletedAt, version) = try row.decode((UUID, String, Date, Date, Date?, Int32).self)
        return ReplicaNote(id: id, body: body, createdAt: createdAt, updatedAt: updatedAt, deletedAt: deletedAt, version: version)
    }

    func write(_ request: ReplicaNoteCreate, to row: inout InsertRow) throws {
        try row.write(request.body)
    }

    func bindChanges(_ patch: ReplicaNotePatch, id: UUID, into changes: inout ChangeSet) throws {}
}

typealias ReplicaNoteRepository = Repository<ReplicaNoteTable>
