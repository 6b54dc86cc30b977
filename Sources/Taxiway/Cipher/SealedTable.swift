import Foundation
import PostgresNIO

/// The sensitive columns of one table, with what maintenance needs to find its rows: generated repositories
/// keep one (`Rows.sealedTable`) and run ``reseal(on:cipher:batchSize:after:maxBatches:context:)`` and
/// ``erase(id:on:returning:context:)`` on it.
public struct SealedTable: Sendable {
    /// The table as SQL writes it.
    public let sqlName: String
    /// The key column as SQL writes it.
    public let keyColumn: String
    /// The sealed columns.
    public let fields: [SealedField]

    /// A table whose rows have the key `keyColumn` and the sealed columns `fields`.
    public init(sqlName: String, keyColumn: String, fields: [SealedField]) {
        self.sqlName = sqlName
        self.keyColumn = keyColumn
        self.fields = fields
    }

    /// The largest batch ``reseal(on:cipher:batchSize:after:maxBatches:context:)`` takes.
    public static let maximumBatchSize = 10_000

    /// `UPDATE … SET` every sealed column to NULL (or ``FieldCipher/erasedValue`` where NOT NULL) and every
    /// lookup column to NULL, for the row `$1`, then `returning`.
    public func eraseStatement(returning: String) -> String {
        var assignments: [String] = []
        for field in fields {
            assignments.append(field.sqlColumn + (field.isNullable ? " = NULL" : " = '\\x00'::bytea"))
            if let lookup = field.lookupSQLColumn { assignments.append(lookup + " = NULL") }
        }
        return "UPDATE \(sqlName) SET " + assignments.joined(separator: ", ") + " WHERE \(keyColumn) = $1" + returning
    }

    /// Erasure: destroys the sensitive values of the row `id`, soft-deleted or not (the other fields stay).
    /// Nullable columns become NULL, NOT NULL ones ``FieldCipher/erasedValue`` (which reads back as the empty
    /// string), lookup columns NULL. It is an ordinary update: `version` and `updated_at` move on.
    /// - Parameter returning: ` RETURNING …` of the columns the caller decodes.
    /// - Returns: The updated row, or nil when there is no row with this key.
    public func erase(id: UUID, on executor: any DatabaseExecutor, returning: String,
                      context: QueryContext) async throws -> PostgresRow? {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return try await executor.fetchOne(PostgresQuery(unsafeSQL: eraseStatement(returning: returning), binds: bindings),
                                           context: context)
    }

    /// Key rotation, renames and lookup changes: walks the table by key, `batchSize` rows at a time (deleted
    /// rows included), and rewrites every sealed value that is not sealed as it would be now (another key, a
    /// former column name, the older column-bound format) and every lookup digest that differs from the
    /// current one (another lookup key or column name, or missing after `lookup:` was added).
    ///
    /// On a ``Database`` each batch is its own transaction, so a failure loses at most one batch and the walk
    /// resumes from ``ResealProgress/resumeAfter``; running it again from the start is also safe (rows already
    /// current are only read). On a ``Transaction`` the batches run in it. Rows are locked while their batch
    /// runs. The rewrite is not a business change: it runs with `taxiway.maintenance` on, so `version` and
    /// `updated_at` stay as they are and clients holding a row are not turned away by optimistic locking.
    ///
    /// - Parameters:
    ///   - batchSize: Rows per batch, 1…``maximumBatchSize``.
    ///   - start: Start after this key (a previous ``ResealProgress/resumeAfter``); from the first row when nil.
    ///   - maxBatches: Stop after this many batches (the progress then says where to resume).
    /// - Throws: ``IllegalArgument`` for a batch size out of range; ``FieldCipherError/missingLookupKeys`` when a
    ///   field has a lookup column and the cipher no lookup keys; ``DuplicateEntity`` when two rows' lookup
    ///   digests, made again, collide on a unique lookup; database errors.
    public func reseal(on executor: any DatabaseExecutor, cipher: FieldCipher, batchSize: Int = 500,
                       after start: UUID? = nil, maxBatches: Int = .max, context: QueryContext) async throws -> ResealProgress {
        guard (1...Self.maximumBatchSize).contains(batchSize) else {
            throw IllegalArgument(message: "batchSize must be 1…\(Self.maximumBatchSize), got \(batchSize)")
        }
        var progress = ResealProgress(after: start)
        var batches = 0
        while batches < maxBatches, !progress.isComplete {
            let after = progress.resumeAfter
            let batch = try await unitOfWork(on: executor) { unit in
                try await resealBatch(on: unit, cipher: cipher, after: after, limit: batchSize, context: context)
            }
            progress.examined += batch.examined
            progress.resealed += batch.resealed
            progress.unreadable += batch.unreadable
            progress.resumeAfter = batch.last ?? progress.resumeAfter
            progress.isComplete = batch.examined < batchSize
            batches += 1
        }
        return progress
    }

    /// What one batch did.
    private struct Batch: Sendable {
        var examined = 0
        var resealed = 0
        var unreadable: [UUID] = []
        var last: UUID?
    }

    /// Runs `body` in a transaction of its own on a `Database`, in the caller's on anything else.
    private func unitOfWork<Result: Sendable>(on executor: any DatabaseExecutor,
                                              _ body: (any DatabaseExecutor) async throws -> Result) async throws -> Result {
        if let database = executor as? Database {
            return try await database.transaction { transaction in try await body(transaction) }
        }
        return try await body(executor)
    }

    /// `SELECT key, sealed, lookup, … FROM table [WHERE key > $1] ORDER BY key LIMIT $n FOR UPDATE`.
    private func batchQuery(after: UUID?, limit: Int) -> PostgresQuery {
        var columns = [keyColumn]
        for field in fields {
            columns.append(field.sqlColumn)
            if let lookup = field.lookupSQLColumn { columns.append(lookup) }
        }
        var bindings = PostgresBindings(capacity: 2)
        var sql = "SELECT " + columns.joined(separator: ", ") + " FROM \(sqlName)"
        if let after {
            bindings.append(after)
            sql += " WHERE \(keyColumn) > $1"
        }
        bindings.append(Int64(limit))
        sql += " ORDER BY \(keyColumn) LIMIT $\(bindings.count) FOR UPDATE"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private func resealBatch(on executor: any DatabaseExecutor, cipher: FieldCipher, after: UUID?, limit: Int,
                             context: QueryContext) async throws -> Batch {
        try await executor.execute(PostgresQuery(unsafeSQL: "SELECT set_config('taxiway.maintenance', 'on', true)"),
                                   context: context)
        var batch = Batch()
        for row in try await executor.fetchAll(batchQuery(after: after, limit: limit), context: context) {
            var reader = RowReader(row)
            let key = try reader.next(UUID.self)
            batch.examined += 1
            batch.last = key
            var assignments: [String] = []
            var bindings = PostgresBindings(capacity: fields.count * 2 + 1)
            var readable = true
            for field in fields {
                let sealed = try reader.next(Bytea?.self)
                let storedDigest = field.lookupSQLColumn == nil ? nil : try reader.next(Bytea?.self)
                var digest: Bytea?
                if let sealed, !FieldCipher.isErased(sealed.bytes) {
                    guard let opened = try? cipher.inspect(sealed.bytes, for: field, row: key) else {
                        readable = false
                        break
                    }
                    if !opened.isCurrent {
                        bindings.append(try cipher.seal(opened.plaintext, for: field, row: key))
                        assignments.append(field.sqlColumn + " = $\(bindings.count)")
                    }
                    if field.lookup != nil { digest = try cipher.lookupDigest(of: opened.plaintext, for: field) }
                }
                if let lookup = field.lookupSQLColumn, storedDigest != digest {
                    bindings.append(digest)
                    assignments.append(lookup + " = $\(bindings.count)")
                }
            }
            guard readable else {
                batch.unreadable.append(key)
                continue
            }
            guard !assignments.isEmpty else { continue }
            bindings.append(key)
            let sql = "UPDATE \(sqlName) SET " + assignments.joined(separator: ", ") + " WHERE \(keyColumn) = $\(bindings.count)"
            try await executor.execute(PostgresQuery(unsafeSQL: sql, binds: bindings), context: context)
            batch.resealed += 1
        }
        try await executor.execute(PostgresQuery(unsafeSQL: "SELECT set_config('taxiway.maintenance', 'off', true)"),
                                   context: context)
        return batch
    }
}
