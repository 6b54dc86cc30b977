import Foundation
import Testing
import Taxiway

/// `EntityResponse`: a model's JSON without its sensitive keys, read back as cleared values.
@Suite("EntityResponse")
struct EntityResponseTests {
    /// A model shaped like a generated one: a NOT NULL and a nullable sensitive field, nested and optional values.
    struct Account: ResponseModel {
        var accountID: UUID
        var name: String
        var pin: String
        var recoveryCode: String?
        var tags: [String]
        var limit: Decimal?
        var nested: [String: Int]

        static let sensitiveKeys: Set<String> = ["pin", "recovery_code"]

        func withoutSensitiveValues() -> Account {
            var model = self
            model.pin = ""
            model.recoveryCode = nil
            return model
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id"
            case name, pin
            case recoveryCode = "recovery_code"
            case tags, limit, nested
        }
    }

    /// A model with no sensitive field keeps the protocol's defaults.
    struct Note: ResponseModel {
        var text: String
        var count: Int?
    }

    static let account = Account(accountID: UUID(), name: "Ann", pin: "1234", recoveryCode: "r-9", tags: ["a", "b"],
                                 limit: Decimal(string: "12.50"), nested: ["x": 1])

    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the sensitive keys are neither kept nor encoded; every other key is encoded as the model encodes it")
    func encodesWithoutSensitiveKeys() throws {
        let response = EntityResponse(Self.account)
        #expect(response.pin == "" && response.recoveryCode == nil)
        #expect(response.name == "Ann" && response.tags == ["a", "b"] && response.accountID == Self.account.accountID)
        let object = try json(response)
        #expect(Set(object.keys) == ["account_id", "name", "tags", "limit", "nested"])
        var withoutSecrets = try json(Self.account)
        withoutSecrets["pin"] = nil
        withoutSecrets["recovery_code"] = nil
        #expect(NSDictionary(dictionary: object) == NSDictionary(dictionary: withoutSecrets))
    }

    @Test("a response's JSON decodes to the same response; sensitive keys in the JSON are ignored")
    func decodes() throws {
        let response = EntityResponse(Self.account)
        let data = try JSONEncoder().encode(response)
        #expect(try JSONDecoder().decode(EntityResponse<Account>.self, from: data) == response)
        // A client that sends the model's full JSON (secrets included) gets them dropped on the way in.
        let full = try JSONEncoder().encode(Self.account)
        let decoded = try JSONDecoder().decode(EntityResponse<Account>.self, from: full)
        #expect(decoded == response && decoded.pin == "" && decoded.recoveryCode == nil)
    }

    @Test("a missing ordinary key still fails to decode, naming the key")
    func missingKeyFails() throws {
        let text = #"{"account_id":"\#(UUID().uuidString)","tags":[],"nested":{}}"#
        #expect {
            _ = try JSONDecoder().decode(EntityResponse<Account>.self, from: Data(text.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "name"
        }
    }

    @Test("a model without sensitive fields encodes and decodes exactly as the model does")
    func noSensitiveFields() throws {
        let note = Note(text: "hi", count: nil)
        let response = EntityResponse(note)
        #expect(try JSONEncoder().encode(response) == JSONEncoder().encode(note))
        #expect(try JSONDecoder().decode(EntityResponse<Note>.self, from: JSONEncoder().encode(note)) == response)
        #expect(response.text == "hi" && response.count == nil)
    }
}
