import Testing
@testable import TaxigenCore

/// Which names are double-quoted in SQL and PL/pgSQL: the words either grammar reserves; nothing else.
@Suite("SQL identifiers")
struct SQLIdentifierTests {
    @Test("words PL/pgSQL reserves and the core grammar does not are quoted too", arguments: [
        "begin", "by", "declare", "execute", "foreach", "if", "loop", "strict", "while",
    ])
    func plpgsqlReserved(_ word: String) {
        #expect(Naming.sqlIdentifier(word) == "\"\(word)\"")
    }

    @Test("the core grammar's reserved words are quoted; ordinary names are not")
    func coreAndOrdinary() {
        #expect(Naming.sqlIdentifier("order") == "\"order\"")
        #expect(Naming.sqlIdentifier("user") == "\"user\"")
        for name in ["name", "if_value", "loops", "begins_at", "status"] {
            #expect(Naming.sqlIdentifier(name) == name)
        }
    }
}
