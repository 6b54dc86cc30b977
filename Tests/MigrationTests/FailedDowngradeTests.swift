import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A downgrade that stops after some of its units committed (a `VALIDATE` that a row breaks, a unique
/// index over duplicates) leaves the database partly reverted. Either direction must then finish: fixing
/// the data and running the downgrade again, or going back up, which runs the upgrade again from its
/// first unit after dropping the downgrade's temporary objects (`RollForward`).
@Suite("A failed downgrade finishes either way")
struct FailedDowngradeTests {
    /// rev1 → rev2: a column renamed, an enum value added (CHECK rebuilt), a NOT NULL column made
    /// nullable, and two indexes rebuilt in place (include_deleted toggled, one of them unique).
    static let revisions: [[String: String]] = [
        ["account.yaml": """
            entity: Account
            fields:
              email: { type: string, max_length: 100 }
              status: { type: enum, values: [active, closed], default: active }
              nickname: { type: string, max_length: 50 }
              code: { type: string, max_length: 20 }
            indexes:
              - fields: [status]
              - fields: [code]
                unique: true
                include_deleted: true
            """],
        ["account.yaml": """
            entity: Account
            fields:
              email_address: { type: string, max_length: 100, renamed_from: email }
              status: { type: enum, values: [active, paused, closed], default: active }
              nickname: { type: string, max_length: 50, nullable: true }
              code: { type: string, max_length: 20 }
            indexes:
              - fields: [status]
                include_deleted: true
              - fields: [code]
                unique: true
            """],
    ]

    private func columns(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.texts("""
            SELECT attname::text FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 0 AND NOT attisdropped
            AND attname IN ('email', 'email_address') ORDER BY 1
            """).map { $0[0] ?? "" }
    }

    /// A row with the new enum value and a NULL nickname: the downgrade's VALIDATE of the old CHECK and of
    /// nickname's NOT NULL helper fail on it.
    private func seedValidationBreakers(_ connection: PostgresConnection) async throws {
        try await connection.run("""
            INSERT INTO accounts (email_address, status, nickname, code) VALUES
                ('paused@example.com', 'paused', NULL, 'P1'), ('fine@example.com', 'active', 'fine', 'F1')
            """)
    }

    private func validationUnit(_ scenario: Scenario) throws -> Int {
        let down = try #require(scenario.history.migrations[1].down)
        return try #require(down.units.firstIndex { $0.body.contains("VALIDATE CONSTRAINT") }) + 1
    }

    @Test("a downgrade whose VALIDATE fails after its rename back committed: the state is reported; going up runs the upgrade again and equals a fresh rev2")
    func backUpAfterAFailedValidation() async throws {
        let scenario = try Scenario(Self.revisions)
        let second = scenario.history.migrations[1]
        let failing = try validationUnit(scenario)
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 2, on: migrate)
                try await seedValidationBreakers(connection)
                let error = await migrationError { try await scenario.runner.apply(to: 1, on: migrate) }
                let message = error?.description ?? ""
                #expect(message.contains("unit \(failing) of \(second.down!.units.count) of its downgrade failed"), "\(message)")
                #expect(message.contains("It was rolled back; units 1–\(failing - 1) of its downgrade are committed"), "\(message)")
                #expect(message.contains("go back up with --to head"), "\(message)")
                // The state the failure left: renamed back, the old CHECK and the helper NOT VALID, the ledger partly reverted.
                #expect(try await columns(connection) == ["email"], "unit 1 renamed the column back and committed")
                #expect(try await connection.text("""
                    SELECT string_agg(conname || ' ' || convalidated::text, ', ' ORDER BY conname) FROM pg_constraint
                    WHERE conrelid = 'accounts'::regclass AND conname IN ('ck_accounts_status_values', 'ck_accounts_nickname_not_null')
                    """) == "ck_accounts_nickname_not_null false, ck_accounts_status_values false")
                #expect(try await Scenario.ledger(connection)
                        == [scenario.complete(1), "\(second.id) \(second.up.units.count) \(failing - 1) true"])
                // Going up: the upgrade runs again from its first unit.
                let report = try await scenario.runner.apply(to: 2, on: migrate)
                #expect(report.applied == [second.id])
                try await expectCatalog(of: connection, equalsFresh: 2, "back up after a failed downgrade", fixtures: scenario.fixtures)
                #expect(try await Scenario.ledger(connection) == [scenario.complete(1), scenario.complete(2)])
                #expect(try await connection.text("SELECT email_address || ' ' || status FROM accounts WHERE code = 'P1'")
                        == "paused@example.com paused", "the rows keep their values through the rename back and forth")
            }
        }
    }

    @Test("the same failed downgrade, finished: after the data is fixed, running it again resumes at the failed unit and equals a fresh rev1")
    func finishTheDowngrade() async throws {
        let scenario = try Scenario(Self.revisions)
        let failing = try validationUnit(scenario)
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 2, on: migrate)
                try await seedValidationBreakers(connection)
                _ = await migrationError { try await scenario.runner.apply(to: 1, on: migrate) }
                #expect(try await connection.text("SELECT units_reverted::text FROM taxiway_migrations WHERE version = '\(scenario.history.migrations[1].id)'")
                        == "\(failing - 1)")
                try await connection.run("UPDATE accounts SET status = 'active', nickname = 'was null' WHERE code = 'P1'")
                let report = try await scenario.runner.apply(to: 1, on: migrate)
                #expect(report.reverted == [scenario.history.migrations[1].id])
                try await expectCatalog(of: connection, equalsFresh: 1, "the downgrade finished", fixtures: scenario.fixtures)
                #expect(try await columns(connection) == ["email"])
                #expect(try await Scenario.ledger(connection) == [scenario.complete(1)])
            }
        }
    }

    @Test("a downgrade whose unique index rebuild fails (a deleted row shares an active row's code): the invalid index is dropped, the other rebuild's temporary index is dropped on the way up, which equals a fresh rev2")
    func backUpAfterAFailedIndexRebuild() async throws {
        let scenario = try Scenario(Self.revisions)
        let down = try #require(scenario.history.migrations[1].down)
        let failing = try #require(down.units.firstIndex { $0.concurrentIndex == "ux_accounts_code_rebuilt" }) + 1
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 2, on: migrate)
                try await connection.run("""
                    INSERT INTO accounts (email_address, nickname, code, deleted_at) VALUES ('old@example.com', 'old', 'K-SECRET-1', now());
                    """)
                try await connection.run("INSERT INTO accounts (email_address, nickname, code) VALUES ('new@example.com', 'new', 'K-SECRET-1')")
                let error = await migrationError { try await scenario.runner.apply(to: 1, on: migrate) }
                let message = error?.description ?? ""
                #expect(message.contains("unit \(failing) of \(down.units.count) of its downgrade failed"), "\(message)")
                #expect(message.contains("The invalid index ux_accounts_code_rebuilt it left was dropped"), "\(message)")
                #expect(!message.contains("rolled back"), "a CONCURRENTLY unit is not rolled back: \(message)")
                #expect(try await connection.text("SELECT count(*)::text FROM pg_index WHERE NOT indisvalid") == "0", "no invalid index is left")
                #expect(try await connection.text("SELECT pg_get_indexdef('ix_accounts_status_rebuilt'::regclass)")?.contains("WHERE (deleted_at IS NULL)") == true,
                        "the first rebuild's temporary index (the old definition) is there")
                try await scenario.runner.apply(to: 2, on: migrate)
                try await expectCatalog(of: connection, equalsFresh: 2, "back up after a failed index rebuild", fixtures: scenario.fixtures)
                #expect(try await Scenario.ledger(connection) == [scenario.complete(1), scenario.complete(2)])
            }
        }
    }

    @Test("through psql: the downgrade script stops at the VALIDATE; the upgrade script then runs the migration again and equals a fresh rev2")
    func offlineScriptBackUp() async throws {
        let scenario = try Scenario(Self.revisions)
        let second = scenario.history.migrations[1]
        try await TestServer.withFreshDatabase { database in
            let up = try OfflineScript(history: scenario.history, from: 0, to: 2).text()
            #expect((try await Psql.run(script: up, database: database)).status == 0)
            try await TestServer.withConnection(to: database) { connection in try await seedValidationBreakers(connection) }
            let down = try await Psql.run(script: try OfflineScript(history: scenario.history, from: 2, to: 1).text(), database: database)
            #expect(down.status == 3, "\(down.output)")
            try await TestServer.withConnection(to: database) { connection in
                let renamedBack = try await columns(connection)
                #expect(renamedBack == ["email"])
                #expect(try await connection.text("SELECT (units_reverted > 0 AND applied_at IS NOT NULL)::text FROM taxiway_migrations WHERE version = '\(second.id)'") == "true")
            }
            let again = try await Psql.run(script: up, database: database)
            #expect(again.status == 0, "\(again.output)")
            #expect(again.standardOutput.contains("\(second.id): its downgrade stopped partway; the upgrade runs again from its first unit"), "\(again.standardOutput)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 2, "psql, back up", fixtures: scenario.fixtures)
                #expect(try await Scenario.ledger(connection) == [scenario.complete(1), scenario.complete(2)])
            }
            let third = try await Psql.run(script: up, database: database)
            #expect(third.status == 0 && !third.standardOutput.contains("stopped partway"), "\(third.output)")
        }
    }
}
