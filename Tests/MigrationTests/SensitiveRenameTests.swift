import Crypto
import ExampleDomain
import Foundation
import PostgresNIO
import TaxigenCore
import Taxiway
import Testing

/// Renaming a `sensitive` field keeps its values readable, through a chain of renames: three revisions of the
/// example domain name the customers' tax number `tax_code`, then `tax_id` (`renamed_from: tax_code`), then
/// `tax_number` (`renamed_from: [tax_id, tax_code]`, the example spec itself). `migrate new` writes the
/// migrations, `MigrationRunner` applies them on PostgreSQL 18, rows are sealed at each revision as that
/// revision's repository sealed them, and the example domain's generated `CustomerRepository` reads them all.
@Suite("Renaming a sensitive field")
struct SensitiveRenameTests {
    static let cipher: FieldCipher = {
        do {
            return try FieldCipher(keys: ["k1": SymmetricKey(size: .bits256)], currentKeyID: "k1",
                                   lookupKeys: ["l1": SymmetricKey(size: .bits256)], currentLookupKeyID: "l1")
        } catch {
            preconditionFailure("fresh 256-bit keys are always valid: \(error)")
        }
    }()

    /// Every spec of the example domain, with `customer.yaml` as revision 1, 2 or 3 has it.
    static func revisions() throws -> [[String: String]] {
        let folder = Revisions.root + "/specs"
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".yaml") {
            files[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        let customer = try #require(files["customer.yaml"])
        let chain = "renamed_from: [tax_id, tax_code]"
        try #require(customer.contains("  tax_number:\n") && customer.contains("    \(chain)\n"),
                     "specs/customer.yaml no longer renames tax_number from [tax_id, tax_code]")
        let rev1 = customer.replacingOccurrences(of: "  tax_number:\n", with: "  tax_code:\n")
            .replacingOccurrences(of: "    \(chain)\n", with: "")
        let rev2 = customer.replacingOccurrences(of: "  tax_number:\n", with: "  tax_id:\n")
            .replacingOccurrences(of: chain, with: "renamed_from: tax_code")
        return [rev1, rev2, customer].map { text in files.merging(["customer.yaml": text]) { $1 } }
    }

    /// Inserts a customer whose tax number is sealed for `column`, as that revision's repository sealed it
    /// (the generated code binds each value to table, column and row key through the same `FieldCipher` call).
    static func insert(_ id: UUID, taxNumber: String, column: String, on database: Database) async throws {
        let sealed = try cipher.seal(taxNumber, for: SealedField(table: "customers", column: column), row: id)
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(id)
        bindings.append("Renamed \(id)")
        bindings.append("renamed-\(id)@example.com")
        bindings.append(sealed)
        try await database.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO customers (customer_id, name, email, status, \(column)) VALUES ($1, $2, $3, 'active', $4)
            """, binds: bindings), context: QueryContext(operation: "insert", table: "customers"))
    }

    @Test("values sealed under tax_code and tax_id read back after the migrations rename the column to tax_number; reseal moves them")
    func renameChainKeepsValuesReadable() async throws {
        let scenario = try Scenario(try Self.revisions())
        #expect(scenario.history.migrations.count == 3)
        let renames = scenario.history.migrations.dropFirst().map { $0.up.units.flatMap(\.statements).joined(separator: "\n") }
        #expect(renames[0].contains("RENAME COLUMN tax_code TO tax_id"), "\(renames[0])")
        #expect(renames[1].contains("RENAME COLUMN tax_id TO tax_number"), "\(renames[1])")
        try await TestServer.withFreshDatabase { name in
            let database = try Database(url: try TestServer.url(database: name))
            let client = Task { await database.run() }
            defer { client.cancel() }
            try await TestServer.withConnection(to: name) { connection in
                let migrations = NIOMigrationConnection(connection: connection)
                let (first, second, fresh) = (UUID(), UUID(), UUID())
                try await scenario.runner.apply(to: 1, on: migrations)
                try await Self.insert(first, taxNumber: "DE-111", column: "tax_code", on: database)
                try await scenario.runner.apply(to: 2, on: migrations)
                try await Self.insert(second, taxNumber: "DE-222", column: "tax_id", on: database)
                try await scenario.runner.apply(to: 3, on: migrations)

                // The example domain's repository (generated from revision 3) reads the old rows and writes new ones.
                let repository = CustomerRepository(on: database, cipher: Self.cipher)
                #expect(try await repository.get(id: first).taxNumber == "DE-111")
                #expect(try await repository.get(id: second).taxNumber == "DE-222")
                try await Self.insert(fresh, taxNumber: "DE-333", column: "tax_number", on: database)
                let page = try await repository.list(page: try PageRequest(limit: 10))
                #expect(Set(page.items.compactMap(\.taxNumber)) == ["DE-111", "DE-222", "DE-333"])

                // resealSensitiveFields moves the two old rows to the current name: afterwards they open for
                // `tax_number` alone, so the former names could leave the spec.
                let progress = try await repository.resealSensitiveFields()
                #expect(progress.examined == 3 && progress.resealed == 2 && progress.unreadable.isEmpty)
                let current = SealedField(table: "customers", column: "tax_number")
                for (id, value) in [(first, "DE-111"), (second, "DE-222"), (fresh, "DE-333")] {
                    var bindings = PostgresBindings(capacity: 1)
                    bindings.append(id)
                    let row = try #require(try await database.fetchOne(
                        PostgresQuery(unsafeSQL: "SELECT tax_number FROM customers WHERE customer_id = $1", binds: bindings),
                        context: QueryContext(operation: "find", table: "customers")))
                    #expect(try Self.cipher.open(row.decode(Bytea.self), for: current, row: id) == value)
                }
            }
        }
    }

    @Test("with a list of former names, the migration renames from the most recent one the last migration has")
    func renameFromAnOlderListedName() throws {
        let revisions = try Self.revisions()
        let scenario = try Scenario([revisions[0], revisions[2]])   // tax_code straight to tax_number
        let up = scenario.history.migrations[1].up.units.flatMap(\.statements).joined(separator: "\n")
        #expect(up.contains("RENAME COLUMN tax_code TO tax_number"), "\(up)")
        #expect(!up.contains("DROP COLUMN") && !up.contains("ADD COLUMN tax_number"), "\(up)")
    }
}
