import ExampleDomain
import Foundation
import Taxiway
import Testing

/// The generated validation types of the example domain, on both sides of every bound the specs declare.
@Suite("Generated validation")
struct ValidationBoundsTests {
    private func customer(name: String = "Ada", email: String = "ada@example.com", credit: Decimal? = nil,
                          tags: [String] = [], website: String? = nil, taxNumber: String? = nil) -> CustomerCreate {
        CustomerCreate(name: name, email: email, credit: credit, tags: tags, website: website, taxNumber: taxNumber)
    }

    private func rules(_ value: some Validatable) -> [String] {
        value.validationIssues().map { "\($0.field):\($0.rule)" }
    }

    @Test("a valid create request has no issues")
    func validRequest() {
        #expect(customer().validationIssues().isEmpty)
    }

    @Test("string length: min_length 1 and max_length 255")
    func stringLength() {
        #expect(rules(customer(name: "")) == ["name:min_length"])
        #expect(rules(customer(name: "a")).isEmpty)
        #expect(rules(customer(name: String(repeating: "a", count: 255))).isEmpty)
        #expect(rules(customer(name: String(repeating: "a", count: 256))) == ["name:max_length"])
    }

    @Test("format: email and url")
    func formats() {
        #expect(rules(customer(email: "not-an-email")) == ["email:format"])
        #expect(rules(customer(website: "https://example.com/a")).isEmpty)
        #expect(rules(customer(website: "ftp://example.com")) == ["website:format"])
    }

    @Test("decimal minimum 0")
    func decimalMinimum() {
        #expect(rules(customer(credit: Decimal(sign: .minus, exponent: -2, significand: 1))) == ["credit:minimum"])
        #expect(rules(customer(credit: 0)).isEmpty)
    }

    @Test("array max_items 20 and item max_length 32")
    func arrayBounds() {
        #expect(rules(customer(tags: Array(repeating: "t", count: 20))).isEmpty)
        #expect(rules(customer(tags: Array(repeating: "t", count: 21))) == ["tags:max_items"])
        #expect(rules(customer(tags: [String(repeating: "x", count: 32)])).isEmpty)
        #expect(rules(customer(tags: ["ok", String(repeating: "x", count: 33)])) == ["tags[1]:max_length"])
    }

    @Test("sensitive field length is validated without echoing the value")
    func sensitiveField() {
        let issues = customer(taxNumber: String(repeating: "9", count: 65)).validationIssues()
        #expect(issues.map(\.rule) == ["max_length"])
        #expect(!issues[0].message.contains("999"))
    }

    @Test("double bounds: minimum 0 and maximum 1000.5")
    func doubleBounds() {
        func product(_ weight: Double) -> ProductCreate { ProductCreate(sku: "A-1", name: "Lamp", weightKg: weight) }
        #expect(rules(product(-0.001)) == ["weight_kg:minimum"])
        #expect(rules(product(0)).isEmpty)
        #expect(rules(product(1000.5)).isEmpty)
        #expect(rules(product(1000.51)) == ["weight_kg:maximum"])
    }

    @Test("pattern and vector dimensions")
    func patternAndVector() {
        #expect(rules(ProductCreate(sku: "lower", name: "Lamp")) == ["sku:pattern"])
        #expect(rules(ProductCreate(sku: "A-1", name: "Lamp", embedding: Array(repeating: 0.5, count: 8))).isEmpty)
        #expect(rules(ProductCreate(sku: "A-1", name: "Lamp", embedding: [1, 2])) == ["embedding:dimensions"])
    }

    @Test("int bounds: minimum 1 and maximum 1000; array item range 0…1")
    func intBounds() {
        func line(_ quantity: Int32, discounts: [Double] = []) -> OrderLineCreate {
            OrderLineCreate(orderID: UUID(), productID: UUID(), quantity: quantity, unitPrice: 1, discounts: discounts)
        }
        #expect(rules(line(0)) == ["quantity:minimum"])
        #expect(rules(line(1)).isEmpty)
        #expect(rules(line(1000)).isEmpty)
        #expect(rules(line(1001)) == ["quantity:maximum"])
        #expect(rules(line(1, discounts: [0, 1])).isEmpty)
        #expect(rules(line(1, discounts: [-0.1, 1.1])) == ["discounts[0]:minimum", "discounts[1]:maximum"])
    }

    @Test("min_items 1 and the login's length and pattern")
    func userBounds() {
        #expect(rules(UserCreate(login: "ab")) == ["login:min_length"])
        #expect(rules(UserCreate(login: "abc")).isEmpty)
        #expect(rules(UserCreate(login: String(repeating: "a", count: 40))).isEmpty)
        #expect(rules(UserCreate(login: String(repeating: "a", count: 41))) == ["login:max_length"])
        #expect(rules(UserCreate(login: "Bad Name")) == ["login:pattern"])
        #expect(rules(UserCreate(login: "abc", roles: [])) == ["roles:min_items"])
        #expect(UserCreate(login: "abc").roles == ["member"])
    }

    @Test("every violation is reported at once, in field order")
    func everyViolationAtOnce() {
        let request = SupportTicketCreate(customerID: UUID(), subject: "Hi", body: "", scores: [11, -1, 5, 5])
        #expect(rules(request) == ["subject:min_length", "body:min_length", "scores:max_items", "scores[0]:maximum",
                                   "scores[1]:minimum"])
        #expect(throws: ValidationError.self) { try request.validate() }
    }

    @Test("a patch validates only the fields it sets, and leaves immutable fields out")
    func patchValidation() throws {
        #expect(CustomerPatch(expectedVersion: 1).validationIssues().isEmpty)
        #expect(CustomerPatch(expectedVersion: 1).isEmpty)
        #expect(rules(CustomerPatch(expectedVersion: 1).setting(\.name, to: "")) == ["name:min_length"])
        #expect(rules(CustomerPatch(expectedVersion: 1).setting(\.credit, to: nil)).isEmpty)
        #expect(!CustomerPatch(expectedVersion: 1).setting(\.credit, to: nil).isEmpty)
        // Immutable fields are listed (a create request validates and encodes them), as fields a patch cannot
        // set: its key paths reach only `PatchField`s, and a patch's JSON with their keys leaves them out.
        let fields = Order.PatchFields.fields
        #expect(type(of: fields.customerID) == RequestField<OrderCreate, UUID>.self)
        #expect(type(of: fields.number) == RequestField<OrderCreate, Int64>.self)
        #expect(type(of: fields.status) == PatchField<OrderCreate, Order.Status>.self)
        let json = #"{"expected_version":1,"number":5,"customer_id":"00000000-0000-4000-8000-000000000001"}"#
        #expect(try JSONDecoder().decode(OrderPatch.self, from: Data(json.utf8)).isEmpty)
    }

    @Test("a patch decodes absent keys as unchanged and null as a set nil")
    func patchCoding() throws {
        let json = #"{"expected_version": 3, "credit": null, "name": "Bea"}"#
        let patch = try JSONDecoder().decode(CustomerPatch.self, from: Data(json.utf8))
        #expect(patch.expectedVersion == 3)
        #expect(patch[\.name] == .set("Bea"))
        #expect(patch[\.credit] == .set(nil))
        #expect(patch[\.email] == .unchanged)
        let encoded = String(decoding: try JSONEncoder().encode(CustomerPatch(expectedVersion: 2).setting(\.name, to: "C")), as: UTF8.self)
        #expect(!encoded.contains("email"))
    }

    @Test("business rules plug in without editing generated files")
    func customRules() {
        let noTestAccounts = ValidationRule<CustomerCreate>(field: "email", rule: "not_test") { request in
            request.email.hasSuffix("@test.invalid") ? "test accounts are not allowed" : nil
        }
        let request = customer(name: "", email: "x@test.invalid")
        #expect(request.allIssues(adding: [noTestAccounts]).map(\.rule) == ["min_length", "not_test"])
    }

    @Test("column constants name every column")
    func columnConstants() {
        #expect(User.tableName == "user")
        #expect(User.columns.default.name == "\"default\"")
        #expect(Customer.Columns.all.first == "customer_id")
        #expect(Customer.Columns.all.suffix(4) == ["created_at", "updated_at", "deleted_at", "version"])
    }

    @Test("json_data helpers read and write typed values")
    func jsonData() throws {
        struct Gift: Codable, Equatable { var message: String }
        var request = OrderCreate(customerID: UUID(), number: 1)
        try request.setData(Gift(message: "hi"), forKey: "gift")
        #expect(try request.value(forDataKey: "gift", as: Gift.self) == Gift(message: "hi"))
        #expect(try request.value(forDataKey: "missing", as: Gift.self) == nil)
    }
}
