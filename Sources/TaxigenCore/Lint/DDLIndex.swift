/// The rendered DDL indexed once for lint: each statement uppercased, and the statements naming each word,
/// so checking every entity costs time in proportion to its own statements, not to the whole DDL.
struct DDLIndex: Sendable {
    /// The statements, in order.
    let statements: [SQLScript.Statement]
    /// Each statement's normalized text, uppercased.
    let uppercased: [String]
    /// Word → the positions of the statements that contain it.
    private let positionsByWord: [String: [Int]]
    /// The position of `CREATE EXTENSION IF NOT EXISTS vector`, if the DDL has it.
    let vectorExtensionPosition: Int?
    /// The uppercased text of the first `CREATE OR REPLACE FUNCTION` of the touch function, if any.
    let touchFunction: String?

    init(_ script: SQLScript) {
        statements = script.statements
        uppercased = statements.map { $0.normalized.uppercased() }
        var positions: [String: [Int]] = [:]
        for (position, statement) in statements.enumerated() {
            for word in Set(statement.words) {
                positions[word, default: []].append(position)
            }
        }
        positionsByWord = positions
        vectorExtensionPosition = uppercased.firstIndex { $0 == "CREATE EXTENSION IF NOT EXISTS VECTOR" }
        let touchHead = "CREATE OR REPLACE FUNCTION \(SQLStatements.touchFunction)()".uppercased()
        touchFunction = uppercased.first { $0.hasPrefix(touchHead) }
    }

    /// The positions of the statements that name `table` (as a bare or quoted identifier), in order.
    func positions(naming table: String) -> [Int] {
        let bare = positionsByWord[table] ?? []
        let upper = table.uppercased() == table ? [] : positionsByWord[table.uppercased()] ?? []
        return Array(Set(bare + upper)).sorted()
    }
}
