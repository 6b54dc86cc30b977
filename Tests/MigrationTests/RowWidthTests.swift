import Foundation
@testable import TaxigenCore
import Testing

/// The checker's bound on a row's width against PostgreSQL itself: the widest entity of uuid fields it
/// accepts takes a row with every field set (and so does its history table); a table a few columns wider,
/// which it refuses, cannot.
@Suite("Row width on PostgreSQL")
struct RowWidthTests {
    static func spec(_ fields: Int, history: Bool) -> String {
        "entity: Wide\n" + (history ? "history: true\n" : "") + "fields:\n"
            + (0..<fields).map { "  u\($0): { type: uuid }\n" }.joined()
    }

    /// The most uuid fields the checker accepts.
    static func widest(history: Bool) -> Int {
        var fields = 400
        while SpecHarnessLite.accepts(spec(fields + 1, history: history)) { fields += 1 }
        return fields
    }

    @Test("the widest accepted entity inserts a row with every field set, and updates it (its history row too); ten uuid columns more do not fit",
          arguments: [false, true])
    func widestFits(history: Bool) async throws {
        let fields = Self.widest(history: history)
        #expect(!SpecHarnessLite.accepts(Self.spec(fields + 1, history: history)))
        let scenario = try Scenario([["wide.yaml": Self.spec(fields, history: history)]])
        let values = (0..<fields).map { _ in "gen_random_uuid()" }.joined(separator: ", ")
        let names = (0..<fields).map { "u\($0)" }.joined(separator: ", ")
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                try await scenario.runner.apply(to: 1, on: NIOMigrationConnection(connection: connection))
                try await connection.run("INSERT INTO wides (\(names)) VALUES (\(values))")
                try await connection.run("UPDATE wides SET u0 = gen_random_uuid(), deleted_at = now()")
                if history {
                    #expect(try await connection.text("SELECT count(*)::text FROM wides_history") == "2")
                }
                let wider = (0..<(fields + 10)).map { "v\($0) uuid NOT NULL DEFAULT gen_random_uuid()" }.joined(separator: ", ")
                try await connection.run("CREATE TABLE too_wide (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), \(wider), "
                                         + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                                         + "deleted_at timestamptz, version integer NOT NULL DEFAULT 1)")
                if !history {
                    await #expect(throws: (any Error).self, "a row ten uuid columns wider is too big for PostgreSQL") {
                        try await connection.run("INSERT INTO too_wide (deleted_at) VALUES (now())")
                    }
                }
            }
        }
    }
}

/// Whether the checker accepts one spec.
enum SpecHarnessLite {
    static func accepts(_ text: String) -> Bool {
        var log = DiagnosticLog()
        let schema = Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/wide.yaml", text: text)], into: &log),
                                   options: Checker.Options(), into: &log)
        return schema != nil && !log.hasErrors
    }
}
