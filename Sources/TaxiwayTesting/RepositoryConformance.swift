import Foundation
import PostgresNIO
import Taxiway

/// One property every generated repository must have, checked on the real test database by
/// ``RepositoryConformance``. Generated tests run every case for every entity.
public enum ConformanceCheck: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `create` returns the stored row (version 1, not deleted) and `get` reads it back.
    case createAndGet
    /// An update with the current version applies the patch and bumps the version.
    case update
    /// An update with a stale version fails with `OptimisticLockError` and changes nothing.
    case staleVersion
    /// Soft delete hides the row unless deleted rows are asked for; restore brings it back; both are guarded
    /// by the version.
    case softDeleteAndRestore
    /// Offset pages and keyset pages, ascending and descending, cover the rows once each, in order.
    case pages
    /// A keyset cursor is refused with another ordering or filter.
    case foreignCursor
    /// `find(ids:)` reads rows in the order asked, once each, without missing or deleted ones; `count` and
    /// `exists` agree with it.
    case batchGetCountExists
    /// A bulk create stores every request, in batches, in request order.
    case bulkCreate
    /// A unit of work that throws rolls its insert back.
    case transactionRollsBack

    /// The check's name.
    public var description: String { rawValue }
}

/// A failed ``ConformanceCheck``: what was expected and what happened.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// The entity and the check.
    public let check: String
    /// What went wrong.
    public let message: String

    /// The failure as one line.
    public var description: String { "\(check): \(message)" }
}

/// The contract of the repository core, run against one entity's generated table on the real test database:
/// generated tests hold only what is specific to the entity (its rules, unique fields, refs, sensitive
/// fields, declared queries) and run every ``ConformanceCheck`` through this.
///
/// Every check works only on rows it creates itself (found by key), so checks of many entities run at
/// once on one shared database. An entity whose unique fields allow only a few distinct fixture values
/// (a unique `bool`, an enum) gets a `rowLimit`: its checks then run one at a time on a database of the
/// entity's own, each emptying the table first, numbering its rows from 1 and making at most that many.
public struct RepositoryConformance<Table: EntityTable>: Sendable where Table.Model: Equatable {
    /// The repository's table description (with its cipher, if it has one).
    public let table: Table
    /// The test database of a check, with the generated schema (with a `rowLimit`, a database of the entity's
    /// own, whose table each check empties).
    public let database: @Sendable (ConformanceCheck) async throws -> Database
    /// A valid create request for the check's row number `n` (1, 2, …; distinct unique values per number).
    public let create: @Sendable (_ n: Int) -> Table.Create
    /// The most rows a check makes (at least 2), or nil for no limit.
    public let rowLimit: Int?
    /// A patch at `version` that sets a field to what `other` holds, or nil when the entity has no field a
    /// patch can change.
    public let patch: (@Sendable (_ version: Int32, _ other: Table.Create) -> Table.Patch)?
    /// Whether a stored row holds what the patch took from `other`.
    public let patched: (@Sendable (_ stored: Table.Model, _ other: Table.Create) -> Bool)?
    /// A patch at `version` that sets nothing (it still moves the version on).
    public let emptyPatch: @Sendable (_ version: Int32) -> Table.Patch

    /// The contract of `table`'s repository on `database`.
    public init(table: Table, database: @escaping @Sendable (ConformanceCheck) async throws -> Database,
                create: @escaping @Sendable (Int) -> Table.Create, rowLimit: Int? = nil,
                patch: (@Sendable (Int32, Table.Create) -> Table.Patch)? = nil,
                patched: (@Sendable (Table.Model, Table.Create) -> Bool)? = nil,
                emptyPatch: @escaping @Sendable (Int32) -> Table.Patch) {
        self.table = table
        self.database = database
        self.create = create
        self.rowLimit = rowLimit.map { max(2, $0) }
        self.patch = patch
        self.patched = patched
        self.emptyPatch = emptyPatch
    }

    /// Runs one check.
    /// - Throws: ``ConformanceFailure`` when the repository breaks the contract, or the error it threw.
    public func run(_ check: ConformanceCheck) async throws {
        let database = try await database(check)
        if rowLimit != nil {
            // The database is the entity's own and its checks run one at a time: rows of an earlier check
            // (soft-deleted ones too, which a unique index over every row still counts) would use up the
            // few distinct values.
            try await database.execute(PostgresQuery(unsafeSQL: "DELETE FROM " + Table.schema.table))
        }
        let repository = Repository(on: database, table: table)
        let rows = Rows(create: create)
        switch check {
        case .createAndGet: try await createAndGet(repository, rows)
        case .update: try await update(repository, rows)
        case .staleVersion: try await staleVersion(repository, rows)
        case .softDeleteAndRestore: try await softDeleteAndRestore(repository, rows)
        case .pages: try await pages(repository, rows)
        case .foreignCursor: try await foreignCursor(repository, rows)
        case .batchGetCountExists: try await batchGetCountExists(repository, rows)
        case .bulkCreate: try await bulkCreate(repository, rows)
        case .transactionRollsBack: try await transactionRollsBack(database, rows)
        }
    }

    /// Numbers the requests of one check from 1.
    private final class Rows {
        private let make: @Sendable (Int) -> Table.Create
        private var number = 0

        init(create: @escaping @Sendable (Int) -> Table.Create) {
            make = create
        }

        /// The next request.
        func next() -> Table.Create {
            number += 1
            return make(number)
        }
    }

    /// How many rows a check that wants `wanted` may make.
    private func count(_ wanted: Int) -> Int {
        min(wanted, rowLimit ?? wanted)
    }

    private typealias Model = Table.Model

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String,
                        check: String = #function) throws {
        if !condition {
            throw ConformanceFailure(check: "\(Table.schema.entity).\(check)", message: message())
        }
    }

    private func expectThrows<Failure: Error>(_ type: Failure.Type, _ message: String, check: String = #function,
                                              _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch is Failure {
            return
        }
        throw ConformanceFailure(check: "\(Table.schema.entity).\(check)", message: message)
    }

    /// The key column, to restrict queries to the rows a check made.
    private var key: Column<Model, UUID> { Column(Table.schema.key) { $0.id } }
    private var createdAt: Column<Model, Date> { Column("created_at") { $0.createdAt } }

    private func createAndGet(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let created = try await repository.create(rows.next())
        try expect(created.version == 1, "a new row's version is \(created.version), not 1")
        try expect(created.deletedAt == nil, "a new row is deleted")
        try expect(try await repository.get(id: created.id) == created, "get does not read back what create returned")
        try expect(try await repository.find(id: UUID()) == nil, "find of an unknown key found a row")
        try await expectThrows(EntityNotFound.self, "get of an unknown key did not throw EntityNotFound") {
            _ = try await repository.get(id: UUID())
        }
    }

    private func update(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let created = try await repository.create(rows.next())
        let other = rows.next()
        let change = patch?(created.version, other) ?? emptyPatch(created.version)
        let updated = try await repository.update(id: created.id, change)
        try expect(updated.version == created.version + 1, "the version went from \(created.version) to \(updated.version)")
        try expect(updated.updatedAt >= created.updatedAt, "updated_at went back")
        try expect(patched?(updated, other) ?? true, "the update did not store the patched value")
        try expect(try await repository.get(id: created.id) == updated, "get does not read back what update returned")
        try await expectThrows(EntityNotFound.self, "an update of an unknown key did not throw EntityNotFound") {
            _ = try await repository.update(id: UUID(), emptyPatch(1))
        }
    }

    private func staleVersion(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let created = try await repository.create(rows.next())
        let touched = try await repository.update(id: created.id, emptyPatch(created.version))
        do {
            _ = try await repository.update(id: created.id, emptyPatch(created.version))
            try expect(false, "an update with a stale version was applied")
        } catch let error as OptimisticLockError {
            try expect(error.actualVersion == touched.version, "the error names version \(String(describing: error.actualVersion)), not \(touched.version)")
        }
        try expect(try await repository.get(id: created.id) == touched, "a refused update changed the row")
    }

    private func softDeleteAndRestore(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let created = try await repository.create(rows.next())
        try await expectThrows(OptimisticLockError.self, "a soft delete with a stale version was applied") {
            _ = try await repository.softDelete(id: created.id, expectedVersion: created.version + 1)
        }
        let deleted = try await repository.softDelete(id: created.id, expectedVersion: created.version)
        try expect(deleted.deletedAt != nil, "a soft-deleted row is not deleted")
        try expect(try await repository.find(id: created.id) == nil, "find sees a soft-deleted row")
        try expect(try await repository.find(id: created.id, includeDeleted: true) == deleted,
                   "find with includeDeleted does not read the deleted row")
        try expect(try await repository.count(where: { _ in key == created.id }) == 0, "count sees a soft-deleted row")
        try expect(try await repository.count(where: { _ in key == created.id }, includeDeleted: true) == 1,
                   "count with includeDeleted misses the deleted row")
        try await expectThrows(EntityNotFound.self, "a second soft delete did not throw EntityNotFound") {
            _ = try await repository.softDelete(id: created.id, expectedVersion: deleted.version)
        }
        try await expectThrows(EntityNotFound.self, "an update of a deleted row did not throw EntityNotFound") {
            _ = try await repository.update(id: created.id, emptyPatch(deleted.version))
        }
        let restored = try await repository.restore(id: created.id, expectedVersion: deleted.version)
        try expect(restored.deletedAt == nil && restored.version == deleted.version + 1, "restore did not bring the row back")
        try expect(try await repository.get(id: created.id) == restored, "get does not read the restored row")
    }

    private func pages(_ repository: Repository<Table>, _ rows: Rows) async throws {
        var ids: [UUID] = []
        let made = count(5)
        // Pages of about half the rows, so every walk has at least two pages.
        let size = max(1, made / 2)
        for _ in 0..<made {
            ids.append(try await repository.create(rows.next()).id)
        }
        let mine = Set(ids)
        let key = self.key
        // Offset pages, in creation order.
        var offsetSeen: [Model] = []
        var page = try PageRequest(limit: size)
        while true {
            let result = try await repository.list(where: { _ in key.in(ids) }, page: page)
            offsetSeen += result.items
            guard result.hasMore else { break }
            page = try page.next
        }
        try expect(offsetSeen.map(\.id).count == made && Set(offsetSeen.map(\.id)) == mine,
                   "offset pages read \(offsetSeen.count) rows, not the \(made) made")
        try expect(zip(offsetSeen, offsetSeen.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt },
                   "offset pages are not in creation order")
        // Keyset pages both ways, each followed by the next page's cursor.
        for ascending in [true, false] {
            let order: SortTerm<Model> = ascending ? createdAt.ascending() : createdAt.descending()
            var seen: [Model] = []
            var request = try KeysetPageRequest(limit: size)
            while true {
                let result = try await repository.list(where: { _ in key.in(ids) }, orderBy: { _ in [order] }, after: request)
                seen += result.items
                guard let cursor = result.nextCursor else { break }
                request = try KeysetPageRequest(limit: size, after: cursor)
            }
            try expect(seen.count == made && Set(seen.map(\.id)) == mine,
                       "keyset pages (\(ascending ? "ascending" : "descending")) read \(seen.count) rows, not the \(made) made once each")
            let ordered = zip(seen, seen.dropFirst()).allSatisfy {
                ascending ? $0.createdAt <= $1.createdAt : $0.createdAt >= $1.createdAt
            }
            try expect(ordered, "keyset pages (\(ascending ? "ascending" : "descending")) are out of order")
        }
    }

    private func foreignCursor(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let ids = [try await repository.create(rows.next()).id, try await repository.create(rows.next()).id]
        let key = self.key
        let first = try await repository.list(where: { _ in key.in(ids) }, after: KeysetPageRequest(limit: 1))
        let cursor = try first.nextCursor.map { $0 } ?? { throw ConformanceFailure(check: "foreignCursor", message: "no next page") }()
        try await expectThrows(IllegalArgument.self, "a cursor was accepted with another ordering") {
            _ = try await repository.list(where: { _ in key.in(ids) }, orderBy: { _ in [createdAt.descending()] },
                                          after: KeysetPageRequest(limit: 1, after: cursor))
        }
        try await expectThrows(IllegalArgument.self, "a cursor was accepted with another filter") {
            _ = try await repository.list(where: { _ in key.in([ids[0]]) }, after: KeysetPageRequest(limit: 1, after: cursor))
        }
        let next = try await repository.list(where: { _ in key.in(ids) }, after: KeysetPageRequest(limit: 1, after: cursor))
        try expect(next.items.count == 1 && next.items[0].id != first.items[0].id, "the cursor did not lead to the second row")
    }

    private func batchGetCountExists(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let a = try await repository.create(rows.next())
        let b = try await repository.create(rows.next())
        let found = try await repository.find(ids: [b.id, UUID(), a.id, b.id])
        try expect(found.map(\.id) == [b.id, a.id], "find(ids:) read \(found.count) rows, not b then a")
        try expect(try await repository.find(ids: []).isEmpty, "find(ids: []) read rows")
        let key = self.key
        try expect(try await repository.count(where: { _ in key.in([a.id, b.id]) }) == 2, "count disagrees with find")
        try expect(try await repository.first(where: { _ in key == b.id }) == b, "first does not read the row")
        let gone = try await repository.softDelete(id: b.id, expectedVersion: b.version)
        try expect(try await repository.find(ids: [b.id, a.id]).map(\.id) == [a.id], "find(ids:) reads a deleted row")
        try expect(try await repository.find(ids: [b.id], includeDeleted: true) == [gone],
                   "find(ids:includeDeleted:) misses a deleted row")
        try expect(try await repository.count(where: { _ in key.in([a.id, b.id]) }) == 1, "count sees a deleted row")
        try expect(try await repository.exists(where: { _ in key == a.id }), "exists misses a row")
        try expect(!(try await repository.exists(where: { _ in key == b.id })), "exists sees a deleted row")
        try expect(try await repository.exists(where: { _ in key == b.id }, includeDeleted: true),
                   "exists with includeDeleted misses a deleted row")
    }

    private func bulkCreate(_ repository: Repository<Table>, _ rows: Rows) async throws {
        let made = count(5)
        let requests = (0..<made).map { _ in rows.next() }
        let stored = try await repository.create(requests, batchSize: 2)
        try expect(stored.count == made && Set(stored.map(\.id)).count == made,
                   "bulk create stored \(stored.count) rows, not \(made)")
        try expect(stored.allSatisfy { $0.version == 1 }, "a bulk-created row's version is not 1")
        try expect(try await repository.find(ids: stored.map(\.id)) == stored, "bulk-created rows do not read back in order")
        try expect(try await repository.create([], batchSize: 2).isEmpty, "an empty bulk create stored rows")
    }

    private struct Abort: Error {}

    private func transactionRollsBack(_ database: Database, _ rows: Rows) async throws {
        let table = self.table
        let request = rows.next()
        var id: UUID?
        do {
            try await database.transaction { transaction in
                let repository = Repository(on: transaction, table: table)
                id = try await repository.create(request).id
                throw Abort()
            }
            try expect(false, "the unit of work did not throw")
        } catch is Abort {
        }
        try expect(id != nil, "the unit of work inserted nothing")
        try expect(try await Repository(on: database, table: table).find(id: id ?? UUID(), includeDeleted: true) == nil,
                   "the insert of a unit of work that threw was kept")
    }
}
