import Foundation
import Testing
import Taxiway

/// `EntityModel`: what every generated model gets from Taxiway, its fields (a create request) and its row's
/// metadata behaving as one flat value: JSON, equality and hashing, printing, the response's clearing.
@Suite("EntityModel")
struct EntityModelTests {
    /// Fields shaped like a generated create request, with a NOT NULL and a nullable sensitive field and a
    /// field named `description` (which a model must not take over).
    struct AccountCreate: ModelFields, CustomReflectable {
        typealias FieldList = AccountFields

        var name: String
        var pin: String
        var recoveryCode: String?
        var description: String?

        var customMirror: Mirror {
            Mirror(self, children: ["name": name, "pin": Redacted.value(pin), "recoveryCode": Redacted.value(recoveryCode) as Any,
                                    "description": description as Any], displayStyle: .struct)
        }

        enum CodingKeys: String, CodingKey {
            case name, pin, description
            case recoveryCode = "recovery_code"
        }
    }

    /// The fields of `AccountCreate`, as taxigen lists them.
    struct AccountFields: RequestFields {
        typealias Create = AccountCreate
        static let fields = AccountFields()
        static let all: [any FieldDescription<AccountCreate>] = [fields.name, fields.pin, fields.recoveryCode, fields.description]
        let name: FixedField<String> = .init(\.name, key: "name")
        let pin: FixedField<String> = .init(\.pin, sensitiveKey: "pin")
        let recoveryCode: FixedField<String?> = .init(\.recoveryCode, sensitiveKey: "recovery_code")
        let description: FixedField<String?> = .init(\.description, key: "description")
    }

    /// A model as taxigen writes one.
    struct Account: EntityModel, StoredModel {
        var fieldValues: AccountCreate
        let rowMetadata: StoredRowMetadata
        static let primaryKey = ModelKey("account_id", property: "accountID")
    }

    /// Fields with nothing sensitive, for an append-only model.
    struct EventCreate: ModelFields {
        typealias FieldList = EventFields
        var kind: String

        enum CodingKeys: String, CodingKey { case kind }
    }

    /// The fields of `EventCreate`.
    struct EventFields: RequestFields {
        typealias Create = EventCreate
        static let fields = EventFields()
        static let all: [any FieldDescription<EventCreate>] = [fields.kind]
        let kind: FixedField<String> = .init(\.kind, key: "kind")
    }

    /// An append-only model.
    struct Event: EntityModel, AppendedModel {
        var fieldValues: EventCreate
        let rowMetadata: AppendedRowMetadata
        static let primaryKey = ModelKey("event_id", property: "eventID")
    }

    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    static func account(deletedAt: Date? = nil, version: Int32 = 3) -> Account {
        Account(fieldValues: AccountCreate(name: "Ann", pin: "1234", recoveryCode: "r-9", description: "VIP"),
                rowMetadata: StoredRowMetadata(id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!,
                                               createdAt: created, updatedAt: created.addingTimeInterval(60),
                                               deletedAt: deletedAt, version: version))
    }

    private func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the JSON is one flat object: the key under its column, the fields, the audit columns; a nil deleted_at is left out")
    func flatJSON() throws {
        let active = try object(Self.account())
        #expect(Set(active.keys) == ["account_id", "name", "pin", "recovery_code", "description", "created_at", "updated_at", "version"])
        #expect(active["account_id"] as? String == "00000000-0000-4000-8000-000000000001")
        #expect(active["version"] as? Int == 3)
        let deleted = try object(Self.account(deletedAt: Self.created))
        #expect(deleted["deleted_at"] != nil)
        for model in [Self.account(), Self.account(deletedAt: Self.created)] {
            let decoded = try JSONDecoder().decode(Account.self, from: JSONEncoder().encode(model))
            #expect(decoded == model)
        }
        let event = Event(fieldValues: EventCreate(kind: "opened"), rowMetadata: AppendedRowMetadata(id: UUID(), createdAt: Self.created))
        #expect(Set(try object(event).keys) == ["event_id", "kind", "created_at"])
        #expect(try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event)) == event)
    }

    @Test("a missing key or audit column fails to decode, naming it")
    func missingKeys() throws {
        let full = try object(Self.account())
        for key in ["account_id", "name", "created_at", "version"] {
            var partial = full
            partial[key] = nil
            let data = try JSONSerialization.data(withJSONObject: partial)
            #expect {
                _ = try JSONDecoder().decode(Account.self, from: data)
            } throws: { error in
                guard case DecodingError.keyNotFound(let missing, _) = error else { return false }
                return missing.stringValue == key
            }
        }
    }

    @Test("equality and hashing take both parts: a field, the key, a timestamp or the version each makes models differ")
    func equality() {
        let base = Self.account()
        var renamed = base
        renamed.name = "Bob"
        let variants = [renamed, Self.account(version: 4), Self.account(deletedAt: Self.created),
                        Account(fieldValues: base.fieldValues, rowMetadata: StoredRowMetadata(
                            id: UUID(), createdAt: Self.created, updatedAt: Self.created.addingTimeInterval(60), deletedAt: nil, version: 3))]
        for variant in variants { #expect(variant != base) }
        #expect(Self.account() == base && Self.account().hashValue == base.hashValue)
        #expect(Set(variants + [base, Self.account()]).count == 5)
    }

    @Test("a field reads and writes the fields as the model's own, by name and by key path, a field named description too")
    func dynamicMembers() {
        var account = Self.account()
        #expect(account.name == "Ann" && account.description == "VIP" && account.recoveryCode == "r-9")
        account.name = "Bea"
        account.description = nil
        #expect(account.fieldValues.name == "Bea" && account.fieldValues.description == nil)
        let name: WritableKeyPath<Account, String> = \.name
        account[keyPath: name] = "Cy"
        #expect(account.fieldValues.name == "Cy" && account[keyPath: name] == "Cy")
        #expect(account.rowMetadata == Self.account().rowMetadata, "writing a field leaves the key and audit columns")
    }

    @Test("the key and audit columns read from the metadata; isDeleted follows deleted_at")
    func metadata() {
        let model = Self.account(deletedAt: Self.created)
        #expect(model.id == model.rowMetadata.id && model.version == 3 && model.createdAt == Self.created)
        #expect(model.updatedAt == Self.created.addingTimeInterval(60) && model.isDeleted && !Self.account().isDeleted)
    }

    @Test("printing shows the fields flat, sensitive ones redacted, and a field named description stays a field")
    func printing() {
        let model = Self.account()
        #expect(model.description == "VIP")
        var dumped = ""
        dump(model, to: &dumped)
        for text in [String(describing: model), String(reflecting: model), "\(model)", dumped] {
            #expect(!text.contains("1234") && !text.contains("r-9"), "\(text)")
            #expect(text.contains("<redacted>") && text.contains("Ann") && text.contains("VIP"), "\(text)")
        }
        #expect(String(describing: model).hasPrefix("Account(accountID: 00000000-0000-4000-8000-000000000001, name: \"Ann\""))
        #expect(String(describing: model).hasSuffix("version: 3)"))
    }

    @Test("a response clears and leaves out the sensitive fields, and reads the rest as the model does")
    func response() throws {
        let response = EntityResponse(Self.account())
        #expect(response.fieldValues.pin == "" && response.fieldValues.recoveryCode == nil && response.name == "Ann")
        #expect(Set(try object(response).keys) == ["account_id", "name", "description", "created_at", "updated_at", "version"])
        let full = try JSONEncoder().encode(Self.account())
        let decoded = try JSONDecoder().decode(EntityResponse<Account>.self, from: full)
        #expect(decoded == response && decoded.version == 3)
    }
}
