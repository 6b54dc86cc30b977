import Crypto
import Foundation
import Testing
import Taxiway

/// `Patch`: the one patch type every entity uses, over a hand-written description shaped like a generated one.
@Suite("Patch")
struct PatchTests {
    struct Row {}

    /// The create request the fields' key paths reach.
    struct Thing {
        var name: String
        var tags: [String]?
        var order: Int32
        var pin: String
        var phone: String?
    }

    /// A `name` with a length rule, a nullable `tags` array with a cast, a renamed column, and two sensitive
    /// fields (one with a lookup digest).
    struct Fields: PatchFields {
        typealias Create = Thing
        static let fields = Fields()
        static let all: [any FieldDescription<Thing>] = [fields.name, fields.tags, fields.order, fields.pin, fields.phone]

        let name: PatchableField<String> = .init(\.name, Column<Row, String>("name")) { value, report in
            report.checkLength(value, of: "name", min: 1, max: 5)
        }
        let tags: PatchableField<[String]?> = .init(\.tags, Column<Row, [String]?>("tags", cast: "::varchar(8)[]"))
        let order: PatchableField<Int32> = .init(\.order, Column<Row, Int32>("\"order\""), key: "order")
        let pin: PatchableField<String> = .init(\.pin, sealed: SealedField(table: "things", column: "pin", isNullable: false)) { value, report in
            report.checkLength(value, of: "pin", max: 4)
        }
        let phone: PatchableField<String?> = .init(\.phone, sealed: SealedField(table: "things", column: "phone", lookup: .exact, isNullable: true))
    }

    typealias ThingPatch = Patch<Fields>

    static let cipher: FieldCipher = {
        let key = SymmetricKey(data: Data(repeating: 7, count: 32))
        let lookup = SymmetricKey(data: Data(repeating: 9, count: 32))
        return try! FieldCipher(keys: ["k": key], currentKeyID: "k", lookupKeys: ["l": lookup], currentLookupKeyID: "l")
    }()

    @Test("fields read back as set; unchanged ones read as unchanged; setting .unchanged clears a field")
    func settingAndReading() {
        var patch = ThingPatch(expectedVersion: 3).setting(\.name, to: "Ann").setting(\.tags, to: nil)
        #expect(patch[\.name] == .set("Ann") && patch[\.tags] == .set(nil) && patch[\.order] == .unchanged)
        #expect(!patch.isEmpty)
        patch[\.name] = .unchanged
        patch[\.tags] = .unchanged
        #expect(patch.isEmpty && patch == ThingPatch(expectedVersion: 3))
        #expect(ThingPatch(expectedVersion: 3) { $0[\.order] = .set(2) } == ThingPatch(expectedVersion: 3).setting(\.order, to: 2))
        #expect(ThingPatch(expectedVersion: 3).setting(\.order, to: 2) != ThingPatch(expectedVersion: 3).setting(\.order, to: 1))
    }

    @Test("JSON: expected_version and the set fields; null sets NULL; an absent key is unchanged; unknown keys are ignored")
    func json() throws {
        let patch = ThingPatch(expectedVersion: 4).setting(\.phone, to: nil).setting(\.order, to: 7).setting(\.name, to: "Bo")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(patch), as: UTF8.self)
        #expect(text == #"{"expected_version":4,"name":"Bo","order":7,"phone":null}"#)
        #expect(try JSONDecoder().decode(ThingPatch.self, from: Data(text.utf8)) == patch)
        let partial = try JSONDecoder().decode(ThingPatch.self, from: Data(#"{"expected_version":1,"tags":["a"],"x":1}"#.utf8))
        #expect(partial[\.tags] == .set(["a"]) && partial[\.name] == .unchanged && partial[\.phone] == .unchanged)
    }

    @Test("JSON of the wrong shape is a DecodingError, never a trap", arguments: [
        #"{"name":"a"}"#, #"{"expected_version":"1"}"#, #"{"expected_version":1,"order":"x"}"#,
        #"{"expected_version":1,"name":null}"#, #"{"expected_version":1,"order":3000000000}"#, "[]", "{",
    ])
    func badJSON(_ text: String) {
        #expect(throws: (any Error).self) { _ = try JSONDecoder().decode(ThingPatch.self, from: Data(text.utf8)) }
    }

    @Test("validation checks only the set fields, in field order, sensitive ones on their plaintext")
    func validation() {
        #expect(ThingPatch(expectedVersion: 1).validationIssues().isEmpty)
        let patch = ThingPatch(expectedVersion: 1).setting(\.pin, to: "123456").setting(\.name, to: "")
        #expect(patch.validationIssues().map { "\($0.field):\($0.rule)" } == ["name:min_length", "pin:max_length"])
    }

    @Test("the assignments: each set field's column and cast in field order; sealed values and their lookup digest")
    func assignments() throws {
        let id = UUID()
        let patch = ThingPatch(expectedVersion: 1)
            .setting(\.phone, to: "555").setting(\.tags, to: ["a"]).setting(\.order, to: 2).setting(\.pin, to: "1234")
        var changes = ChangeSet(capacity: 4)
        try patch.write(to: &changes, id: id, cipher: Self.cipher)
        #expect(changes.assignments == ["tags = $1::varchar(8)[]", "\"order\" = $2", "pin = $3", "phone = $4",
                                        "phone_lookup = $5"])
        #expect(changes.bindings.count == 5)
        var cleared = ChangeSet(capacity: 1)
        try ThingPatch(expectedVersion: 1).setting(\.phone, to: nil).write(to: &cleared, id: id, cipher: Self.cipher)
        #expect(cleared.assignments == ["phone = $1", "phone_lookup = $2"])
    }

    @Test("a sensitive field cannot be written without a cipher: an error, not a plaintext column")
    func noCipher() {
        var changes = ChangeSet(capacity: 1)
        #expect(throws: IllegalArgument.self) {
            try ThingPatch(expectedVersion: 1).setting(\.pin, to: "1").write(to: &changes, id: UUID(), cipher: nil)
        }
        #expect(changes.assignments.isEmpty)
    }

    @Test("printing and dump show the set fields, sensitive values as <redacted>, a NULL as nil")
    func printing() {
        let patch = ThingPatch(expectedVersion: 2).setting(\.pin, to: "9876").setting(\.name, to: "Cy").setting(\.phone, to: nil)
        var dumped = ""
        dump(patch, to: &dumped)
        for text in [String(describing: patch), String(reflecting: patch), dumped] {
            #expect(!text.contains("9876"), "\(text)")
            #expect(text.contains("<redacted>") && text.contains("Cy"), "\(text)")
        }
        #expect(String(describing: patch).contains("phone: nil"), "\(patch)")
        #expect(!String(describing: ThingPatch(expectedVersion: 2).setting(\.phone, to: nil)).contains("<redacted>"))
    }
}
