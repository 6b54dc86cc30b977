import Testing
@testable import TaxigenCore

/// The SQL helpers on their own, without a database: literals, defaults, CHECK bodies, statements, and
/// the script splitter the tests and lint read the DDL with.
@Suite("SQL text")
struct SQLTextTests {
    @Test("string literals double quotes and use an escape string only for control characters")
    func literals() {
        #expect(SQLLiteral.string("plain") == "'plain'")
        #expect(SQLLiteral.string("it's") == "'it''s'")
        #expect(SQLLiteral.string(#"back\slash"#) == #"'back\slash'"#)
        #expect(SQLLiteral.string("two\nlines") == #"E'two\nlines'"#)
        #expect(SQLLiteral.string("tab\tit's \\") == #"E'tab\tit''s \\'"#)
        #expect(SQLLiteral.string("bell\u{7}") == #"E'bell\x07'"#)
    }

    @Test("CHECK bodies write only the bounds that are given")
    func checkBodies() {
        let one = NumberLiteral("1")!, ten = NumberLiteral("10")!, negative = NumberLiteral("-2.5")!
        #expect(SQLCheckExpression.expression(.oneOf(["a", "o'k"]), column: "\"order\"") == "\"order\" IN ('a', 'o''k')")
        #expect(SQLCheckExpression.expression(.length(min: 2, max: nil), column: "name") == "char_length(name) >= 2")
        #expect(SQLCheckExpression.expression(.length(min: nil, max: 9), column: "name") == "char_length(name) <= 9")
        #expect(SQLCheckExpression.expression(.range(min: negative, max: ten), column: "x") == "x >= -2.5 AND x <= 10")
        #expect(SQLCheckExpression.expression(.itemCount(min: 1, max: 3), column: "t") == "cardinality(t) >= 1 AND cardinality(t) <= 3")
        #expect(SQLCheckExpression.expression(.itemRange(min: one, max: nil), column: "t") == "1 <= ALL (t)")
        #expect(SQLCheckExpression.expression(.positiveVersion, column: "version") == "version >= 1")
    }

    @Test("the splitter keeps ; inside strings, identifiers, dollar quotes and comments")
    func splitter() {
        let script = """
            -- a comment; with a semicolon
            BEGIN;
            CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine', y text DEFAULT E'\\'; still');
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN RETURN NEW; END; $body$;
            SELECT $$;$$, 1;;
            COMMIT
            """
        let statements = SQLScript(script).statements
        #expect(statements.map(\.line) == [2, 3, 5, 6, 7])
        #expect(statements.map { $0.words.first ?? "" } == ["BEGIN", "CREATE", "CREATE", "SELECT", "COMMIT"])
        #expect(statements[1].text == #"CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine', y text DEFAULT E'\'; still')"#)
        #expect(statements[1].words.contains("a;b"))
        #expect(statements[2].normalized.hasSuffix("$body$ BEGIN RETURN NEW; END; $body$"))
        #expect(statements[3].normalized == "SELECT $$;$$, 1")
    }

    @Test("the planner's output is deterministic and independent of spec order")
    func deterministic() throws {
        let schema = try ExampleProject.schema()
        let reversed = Schema(entities: schema.entities.reversed())
        #expect(try ExampleProject.ddl(for: schema) == ExampleProject.ddl(for: reversed))
        let context = SQLPlanner(schema: schema).context()
        #expect(context.tables.map(\.tableName) == schema.entities.map(\.sqlTableName))
        #expect(context.usesVector)
        #expect(context.tables.allSatisfy { $0.constraints.last?.hasSuffix(",") == false && $0.columns.allSatisfy { $0.hasSuffix(",") } })
    }
}
