import Foundation
import Testing
@testable import TaxigenCore

/// What the checker says about `sensitive`, `lookup` and `renamed_from` lists, and what a lookup field and
/// redaction generate, for every spec that combines them wrongly or rightly.
@Suite("Sensitive field specs")
struct SensitiveSpecTests {
    static func spec(_ fields: String) -> [String: String] {
        ["specs/rider.yaml": "entity: Rider\nfields:\n" + fields]
    }

    @Test("lookup needs sensitive; unique needs lookup; a sensitive field is never indexed; each error at its key")
    func lookupRules() {
        let errors = SpecHarness.errors(Self.spec("""
              phone: { type: string, max_length: 32, lookup: true }
              ssn: { type: string, max_length: 32, sensitive: true, unique: true }
              pin: { type: string, max_length: 8, sensitive: true, lookup: true, index: true }
              age: { type: int, lookup: true }
              mail: { type: string, max_length: 99, sensitive: true, lookup: sometimes }
            """))
        #expect(errors.count == 5, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:3:42: 'lookup' of field 'phone' needs `sensitive: true`") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:4:57: sensitive field 'ssn' cannot be unique without a lookup column") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:5:70: sensitive field 'pin' cannot be indexed") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:6:21: 'lookup' does not apply to field 'age' of type int") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:7:66: 'lookup' of field 'mail' must be true, false, exact or case_insensitive") })
    }

    @Test("a declared field named like a lookup column, and renamed_from lists that are not names, are refused")
    func collisionsAndLists() {
        let errors = SpecHarness.errors(Self.spec("""
              phone: { type: string, max_length: 32, sensitive: true, lookup: true }
              phone_lookup: { type: string, max_length: 32 }
              email: { type: string, max_length: 99, renamed_from: [] }
              code: { type: string, max_length: 9, renamed_from: [old_code, old_code] }
              tag: { type: string, max_length: 9, renamed_from: [Tag] }
            """))
        #expect(errors.count == 4, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:4:3: field 'phone_lookup' collides with the lookup column of sensitive field 'phone'") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:5:56: 'renamed_from' of field 'email' must be its previous snake_case name or a list of them, not a list") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:6:65: 'renamed_from' of field 'code' lists 'old_code' twice") })
        #expect(errors.contains { $0.hasPrefix("specs/rider.yaml:7:54: 'renamed_from' must be the field's previous snake_case name") })
    }

    @Test("a unique lookup: the digest column after its field, a unique index on it, former names on both")
    func lookupSchema() throws {
        let schema = try #require(SpecHarness.schema(Self.spec("""
              mobile: { type: string, max_length: 32, sensitive: true, lookup: case_insensitive, unique: true, renamed_from: [cell, phone] }
              note: { type: text, sensitive: true }
            """)))
        let rider = try #require(schema.entity(named: "Rider"))
        #expect(rider.columns.map(\.name).prefix(4) == ["rider_id", "mobile", "mobile_lookup", "note"])
        let lookup = try #require(rider.column(named: "mobile_lookup"))
        #expect(lookup.role == .lookup && lookup.isNullable && !lookup.isSensitive && lookup.formerNames == ["cell_lookup", "phone_lookup"])
        #expect(rider.column(named: "mobile")?.renamedFrom == "cell")
        let index = try #require(rider.indexes.first { $0.columns == ["mobile_lookup"] })
        #expect(index.isUnique && index.isPartial && index.name == "ux_riders_mobile_lookup")
        #expect(!rider.indexes.contains { $0.columns.contains("mobile") || $0.columns.contains("note") })
    }

    @Test("generated code: a finder through the digests, the key made in Swift, redaction that spares a `description` field")
    func generatedCode() throws {
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/rider.yaml", text: """
            entity: Rider
            fields:
              phone: { type: string, max_length: 32, sensitive: true, lookup: true, unique: true }
              description: { type: text, nullable: true }
              nickname: { type: string, max_length: 32, sensitive: true, lookup: true, nullable: true }
            """)])
        func file(_ suffix: String) throws -> String { try #require(files.first { $0.path.hasSuffix(suffix) }).contents }
        let repository = try file("RiderRepository.swift")
        #expect(repository.contains("public func find(byPhone value: String) async throws -> Rider?"))
        #expect(repository.contains("public func list(byNickname value: String, page: PageRequest, includeDeleted: Bool = false)"))
        #expect(repository.contains("return try await first(where: { $0.phoneLookup.matches(digests) })"))
        #expect(repository.contains(#"InsertedColumn("phone_lookup", arrayType: "bytea[]")"#))
        #expect(repository.contains(#""ux_riders_phone_lookup": "phone""#))
        #expect(repository.contains("try reader.nextSealed(cipher, field: RiderTable.Sealed.phone, row: id)"))
        #expect(repository.contains(#""rider_id", "phone", "description", "nickname", "created_at""#),
                "the digest is never read into the model")
        let columns = try file("/Rider.swift")
        #expect(columns.contains(#"public let phone: Column<Rider, OpaqueValue> = .init("phone")"#), "a sealed value is never compared")
        let model = try file("Rider.swift")
        #expect(!model.contains("fieldValues.description") && columns.contains("{ $0.description }"),
                "the model prints through its mirror (Taxiway's EntityModel), so a field may be named description and read through dynamic member lookup")
        #expect(!model.contains("var phoneLookup"))
        let create = try file("RiderCreate.swift")
        #expect(create.contains("extension RiderCreate: CustomReflectable {"))
        #expect(create.contains(#""phone": Redacted.value(self.phone),"#))
        #expect(create.contains("= .init(\\.phone, sealed: RiderTable.Sealed.phone)")
                    && create.contains("= .init(\\.nickname, sealed: RiderTable.Sealed.nickname)"),
                "every sensitive field is listed as sealed: the response leaves it out")
        let sql = try file("schema.sql")
        #expect(sql.contains("CREATE UNIQUE INDEX ux_riders_phone_lookup ON riders USING btree (phone_lookup) WHERE deleted_at IS NULL;"))
        #expect(sql.contains("CREATE INDEX ix_riders_nickname_lookup ON riders USING btree (nickname_lookup);"))
    }

    @Test("a renamed entity's sealed fields keep opening values sealed under its former tables (the cipher binds the table)")
    func renamedEntity() throws {
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/lead.yaml", text: """
            entity: Lead
            renamed_from: [contacts, people]
            fields:
              email: { type: string, max_length: 320, sensitive: true, lookup: case_insensitive, unique: true, renamed_from: mail }
              note: { type: text, sensitive: true, nullable: true }
            """)])
        let repository = try #require(files.first { $0.path.hasSuffix("LeadRepository.swift") }).contents
        #expect(repository.contains(#"static let email: SealedField = .init(table: "leads", column: "email", formerColumns: ["mail"], formerTables: ["contacts", "people"], lookup: .caseInsensitive, isNullable: false)"#), "\(repository)")
        #expect(repository.contains(#"static let note: SealedField = .init(table: "leads", column: "note", formerTables: ["contacts", "people"], isNullable: true)"#))
    }

    @Test("a field named customMirror is refused: every model prints through its mirror, sensitive fields redacted")
    func customMirrorField() {
        for extra in ["", "  pin: { type: text, sensitive: true }\n"] {
            let errors = SpecHarness.errors(Self.spec("  custom_mirror: { type: text }\n" + extra))
            #expect(errors.count == 1 && errors[0].contains("'customMirror', which is the model's `customMirror`"), "\(errors)")
        }
    }
}
