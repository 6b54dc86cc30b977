import Foundation
import TaxigenCore
import Testing

/// `taxigen lint`'s checklist: the example domain passes every item, and each lintable rule fails,
/// at the right spec location, for a schema or a DDL that breaks it.
@Suite("Lint")
struct LintTests {
    /// The report for a schema rendered with the default templates (optionally with its DDL edited).
    private func lint(_ schema: Schema, editingDDL edit: (String) -> String = { $0 }) throws -> LintReport {
        let generator = Generator(config: ProjectConfig(projectDirectory: ExampleProject.root))
        let plan = generator.plan(schema)
        let ddl = try ExampleProject.ddl(for: schema)
        return Linter(schema: schema, ddl: edit(ddl), plannedPaths: plan.map(\.path)).run()
    }

    private func result(_ report: LintReport, _ entity: String, _ item: ChecklistItem) throws -> LintResult {
        let entityReport = try #require(report.entities.first { $0.entity == entity })
        return try #require(entityReport.results.first { $0.item == item })
    }

    @Test("the example domain passes every item for every entity")
    func examplePasses() throws {
        let schema = try ExampleProject.schema()
        let report = try lint(schema)
        #expect(report.entities.count == schema.entities.count)
        #expect(report.results.count == schema.entities.count * ChecklistItem.allCases.count)
        for result in report.results where !result.passed {
            Issue.record("\(result.item): \(result.findings)")
        }
        #expect(report.passed)
        // The details are computed, not constant.
        #expect(try result(report, "Order", .baseClass).detail == "Base + JsonBase")
        #expect(try result(report, "Customer", .baseClass).detail == "Base")
        #expect(try result(report, "Employee", .noCircularDependencies).detail == "self-reference manager_id is a tree")
        #expect(try result(report, "Customer", .sensitiveData).detail == "sealed (AES-GCM, bytea): tax_number, phone (keyed lookup)")
    }

    /// Two entities that break the rules the checker lets through: a ref cycle (a warning by default), a
    /// unique index over soft-deleted rows, a duplicate index and a plaintext password.
    static let violations = [
        "specs/account.yaml": """
            entity: Account
            fields:
              password: { type: string, max_length: 100 }
              owner_id: { type: ref, entity: Owner }
              email: { type: string, max_length: 320 }
            indexes:
              - fields: [email]
                unique: true
                include_deleted: true
            """,
        "specs/owner.yaml": """
            entity: Owner
            fields:
              account_id: { type: ref, entity: Account, nullable: true }
            """,
    ]

    @Test("lint fails what the checker only warns about or allows, at the spec location of each cause")
    func violationsFail() throws {
        let (schema, diagnostics) = try Specs.check(Self.violations)
        // The checker lets the schema through: the cycle is only a warning.
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.message.contains("ref cycle") == true)

        let report = try lint(schema)
        #expect(!report.passed)

        let cycle = try result(report, "Account", .noCircularDependencies)
        #expect(cycle.findings.map(\.description) == [
            "specs/account.yaml:4:3: ref 'owner_id' closes a cycle between models: Account → Owner → Account; the guidelines forbid circular dependencies",
        ])
        let ownerCycle = try result(report, "Owner", .noCircularDependencies)
        #expect(ownerCycle.findings.map(\.location.description) == ["specs/owner.yaml:3:3"])

        let softDelete = try result(report, "Account", .softDelete)
        #expect(softDelete.findings.count == 1)
        #expect(softDelete.findings.first?.location.description == "specs/account.yaml:7:5")
        #expect(softDelete.findings.first?.message.contains("'ux_accounts_email' covers soft-deleted rows") == true)

        // A declared index that duplicates another is created once, with the checker's warning, so lint finds
        // no duplicate (NameAndValueTests holds the warning).
        var withDuplicate = Self.violations
        withDuplicate["specs/account.yaml"]! += "\n  - fields: [owner_id]\n    include_deleted: true\n    name: ix_accounts_owner_again\n"
        let (deduplicated, warnings) = try Specs.check(withDuplicate)
        #expect(warnings.contains { $0.severity == .warning && $0.message.contains("it is created once") })
        #expect(try result(lint(deduplicated), "Account", .indexes).passed)

        let sensitive = try result(report, "Account", .sensitiveData)
        #expect(sensitive.findings.map(\.location.description) == ["specs/account.yaml:3:3"])
        #expect(sensitive.findings.first?.message.contains("'password' looks sensitive") == true)

        // Everything else holds, so each failure above has exactly its own cause.
        let failed = report.results.filter { !$0.passed }.map(\.item)
        #expect(failed == [.softDelete, .noCircularDependencies, .sensitiveData, .changeTracking, .noCircularDependencies])
        // An account is critical data by its name, and has no history (see HistorySpecTests).
        #expect(try result(report, "Account", .changeTracking).findings.map(\.location.description) == ["specs/account.yaml:1:1"])
    }

    @Test("with ref_cycles: error the checker refuses the cycle before lint runs")
    func cycleIsAnErrorWhenConfigured() {
        var log = DiagnosticLog()
        let sources = Self.violations.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let schema = Checker.check(SpecLoader.load(sources, into: &log), options: Checker.Options(refCycleSeverity: .error), into: &log)
        #expect(schema == nil)
        #expect(log.hasErrors)
    }

    @Test("lint reads the rendered DDL: a foreign key, a missing trigger, CHECK or index fails")
    func ddlEditsFail() throws {
        let schema = try ExampleProject.schema()
        let report = try lint(schema) { ddl in
            ddl.replacingOccurrences(of: "CONSTRAINT pk_orders PRIMARY KEY (order_id),",
                                     with: "CONSTRAINT pk_orders PRIMARY KEY (order_id),\n    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id),")
                .replacingOccurrences(of: "CREATE TRIGGER trg_employees_touch BEFORE UPDATE ON employees FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();", with: "")
                .replacingOccurrences(of: "    CONSTRAINT ck_products_stock_range CHECK (stock >= 0),\n", with: "")
                .replacingOccurrences(of: "CREATE INDEX ix_order_lines_product_id ON order_lines USING btree (product_id);", with: "")
                .replacingOccurrences(of: "deleted_at         timestamptz   NULL,", with: "deleted_at         timestamp     NULL,")
        }
        let failures = report.entities.flatMap { entity in
            entity.results.filter { !$0.passed }.map { "\(entity.entity) \($0.item.rawValue)" }
        }
        #expect(failures == [
            // The foreign key statement names both tables, so both fail.
            "Customer audit-fields", "Customer no-foreign-keys", "Customer postgresql-features",
            "Employee audit-fields",
            "Order no-foreign-keys",
            "OrderLine indexes",
            "Product database-constraints",
        ])
        let foreignKey = try result(report, "Order", .noForeignKeys)
        #expect(foreignKey.findings.first?.message.contains("a foreign key on 'orders'") == true)
        #expect(foreignKey.findings.first?.location == schema.entity(named: "Order")?.location)
        let check = try result(report, "Product", .databaseConstraints)
        #expect(check.findings.first?.message == "the DDL does not declare `CONSTRAINT ck_products_stock_range CHECK (…)`")
        #expect(check.findings.first?.location.description == "specs/product.yaml:11:3")
    }

    @Test("names that read as secrets are recognised by their words, not by substrings")
    func sensitiveNames() {
        for name in ["password", "password_hash", "api_key", "tax_number", "card_number", "refresh_token", "iban", "user_pin"] {
            #expect(Linter.looksSensitive(name), "\(name)")
        }
        for name in ["name", "passage", "spinner", "tokenizer_version", "keyboard", "email", "shipping_address"] {
            #expect(!Linter.looksSensitive(name), "\(name)")
        }
    }

    @Test("personal identifiers are recognised by their words: phones, licences, dates of birth, tax and card numbers")
    func personalIdentifierNames() {
        let sensitive = [
            "phone", "phone_number", "home_phone", "mobile", "mobile_number", "cell_phone", "msisdn", "telephone",
            "license_number", "licence_number", "driver_license", "drivers_license_no", "driving_licence", "license_plate",
            "date_of_birth", "birth_date", "birthdate", "dob", "place_of_birth", "passport", "passport_no",
            "tax_code", "tax_identifier", "vat_number", "card_pan", "debit_card_number", "security_code", "cvv2",
            "national_insurance_number", "sort_code", "recovery_code", "license_key",
        ]
        for name in sensitive {
            #expect(Linter.looksSensitive(name), "\(name)")
        }
        // Ordinary words alone are not: a tax rate, a card brand, a mobile platform, a license URL, an email.
        let ordinary = [
            "tax_rate", "tax_amount", "card_brand", "card_last4", "gift_card_id", "mobile_platform", "cell_count",
            "license_url", "license_type", "birth_order_note", "phonetic_name", "telephony_provider", "email",
            "billing_address", "dobby", "code", "headphones",
        ]
        for name in ordinary {
            #expect(!Linter.looksSensitive(name), "\(name)")
        }
    }

    @Test("lint fails plaintext phones, licence numbers and dates of birth at their spec location; sealed ones pass")
    func personalIdentifiersFail() throws {
        let (schema, diagnostics) = try Specs.check(["specs/driver.yaml": """
            entity: Driver
            fields:
              phone: { type: string, max_length: 32 }
              license_number: { type: string, max_length: 32 }
              date_of_birth: { type: date }
              mobile: { type: string, max_length: 32, sensitive: true, lookup: true, unique: true }
              license_plate: { type: text, sensitive: true }
              birthday_greeting: { type: bool }
            """])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let report = try lint(schema)
        let sensitive = try result(report, "Driver", .sensitiveData)
        #expect(sensitive.findings.map(\.location.description) == ["specs/driver.yaml:3:3", "specs/driver.yaml:4:3", "specs/driver.yaml:5:3"])
        #expect(sensitive.findings[2].message.contains("a date of birth") && sensitive.findings[2].message.contains("sensitive: true"))
        #expect(sensitive.detail == "sealed (AES-GCM, bytea): mobile (keyed lookup), license_plate")
        // The unique lookup digest is the unique field's index.
        #expect(try result(report, "Driver", .indexes).passed)
    }
}
