import Crypto
import Foundation
import Taxiway
import Testing

/// A table's `write(_:to:)` is its create request's fields list writing each field, in order, to an insert
/// (``RequestFields/write(_:to:id:cipher:)``): a value as is, a vector as pgvector, a sealed value bound to the
/// row's key with its lookup digest after it. A field listed without its column cannot be inserted.
@Suite("Fields list: inserts")
struct RequestFieldsWriteTests {
    struct Note: ModelFields {
        typealias FieldList = NoteFields
        var title: String
        var score: Int32?
        var secret: String?
        var embedding: [Float]?

        init(title: String, score: Int32?, secret: String?, embedding: [Float]?) {
            (self.title, self.score, self.secret, self.embedding) = (title, score, secret, embedding)
        }

        init(from decoder: any Decoder) throws {
            let fields = try Fieldwise.Decoding(decoder)
            try self.init(title: fields.required("title"), score: fields.optional("score"),
                          secret: fields.optional("secret"), embedding: fields.optional("embedding"))
        }
    }

    static let secret = SealedField(table: "notes", column: "secret", lookup: .exact, isNullable: true)

    /// `Note`'s fields as taxigen lists a regular entity's: each names its column.
    struct NoteFields: PatchFields {
        typealias Create = Note
        static let fields = NoteFields()
        static let all: [any FieldDescription<Note>] = [fields.title, fields.score, fields.secret, fields.embedding]
        let title: PatchableField<String> = .init(\.title, Column<Note, String>("title"))
        let score: FixedField<Int32?> = .init(\.score, Column<Note, Int32?>("score"))
        let secret: PatchableField<String?> = .init(\.secret, sealed: RequestFieldsWriteTests.secret)
        let embedding: PatchableField<[Float]?> = .init(\.embedding, vector: Column<Note, [Float]?>("embedding", cast: "::vector"))
    }

    /// `Note`'s fields as an append-only entity's are listed: by key, without columns.
    struct KeyedFields: RequestFields {
        typealias Create = Note
        static let fields = KeyedFields()
        static let all: [any FieldDescription<Note>] = [fields.title]
        let title: FixedField<String> = .init(\.title, key: "title")
    }

    @Test("every field in list order: a nil as NULL, a sealed value's lookup digest after it, a vector as pgvector")
    func writesInOrder() throws {
        let cipher = try FieldCipher(keys: ["k1": SymmetricKey(size: .bits256)], currentKeyID: "k1",
                                     lookupKeys: ["l1": SymmetricKey(size: .bits256)], currentLookupKeyID: "l1")
        let id = UUID()
        var row = InsertRow(insertColumns: 5)
        try NoteFields.write(Note(title: "a", score: nil, secret: nil, embedding: [1, 2]), to: &row, id: id, cipher: cipher)
        var expected = InsertRow(insertColumns: 5)
        try expected.write("a")
        try expected.write(Int32?.none)
        try expected.write(Bytea?.none)
        try expected.write(Bytea?.none)
        try expected.write(PGVector([1, 2]))
        #expect(row.insertBindings == expected.insertBindings)

        // A sealed value has a random nonce, so only its place is compared: with a value, the sealed field
        // and its lookup digest are still two parameters, and the next field follows them.
        var sealed = InsertRow(insertColumns: 5)
        try NoteFields.write(Note(title: "a", score: 7, secret: "s3cret", embedding: nil), to: &sealed, id: id, cipher: cipher)
        #expect(sealed.insertBindings.count == 5)
    }

    @Test("a sealed field without a cipher, or a field listed without its column, is refused, not skipped")
    func refusals() throws {
        var row = InsertRow(insertColumns: 5)
        #expect(throws: IllegalArgument.self) {
            try NoteFields.write(Note(title: "a", score: nil, secret: "s", embedding: nil), to: &row, id: UUID(), cipher: nil)
        }
        var keyed = InsertRow(insertColumns: 1)
        #expect(throws: IllegalArgument.self) {
            try KeyedFields.write(Note(title: "a", score: nil, secret: nil, embedding: nil), to: &keyed, id: nil, cipher: nil)
        }
    }
}
