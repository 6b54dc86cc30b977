import Foundation
import PostgresNIO
import Taxiway
import Testing

@Suite("Values through a real PostgreSQL")
struct ValueRoundTripTests {
    static let select = QueryContext(operation: "find", table: "values")

    @Test("JSONValue round-trips through jsonb, and the server reads it as the same JSON")
    func jsonRoundTrip() async throws {
        let document: JSONValue = [
            "name": "Zoë \"quoted\" \\ back\nslash \u{01}",
            "count": 3,
            "ratio": 0.125,
            "tiny": -2e-7,
            "huge": 1e300,
            "flags": [true, false, nil],
            "nested": ["empty": [], "object": [:]],
        ]
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).docs"
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id int PRIMARY KEY, data jsonb)")
            let none: JSONValue? = nil
            let jsonNull: JSONValue = .null
            try await database.execute(
                "INSERT INTO \(unescaped: table) VALUES (1, \(document)), (2, \(none)), (3, \(jsonNull))",
                context: QueryContext(operation: "insert", table: table))
            let rows = try await database.fetchAll(
                "SELECT data, data->>'name', jsonb_typeof(data->'count'), data IS NULL FROM \(unescaped: table) ORDER BY id",
                context: Self.select)
            let (back, name, type, _) = try rows[0].decode((JSONValue, String, String, Bool).self)
            #expect(back == document)
            #expect(name == document["name"]?.stringValue)
            #expect(type == "number")
            let (_, _, _, isSQLNull) = try rows[1].decode((JSONValue?, String?, String?, Bool).self)
            #expect(isSQLNull)
            let (storedNull, _, _, _) = try rows[2].decode((JSONValue?, String?, String?, Bool).self)
            #expect(storedNull == .null)
        }
    }

    @Test("numeric reads back as the Decimal it is: 600 random values of 1 to 38 significant digits, either sign, any scale")
    func numericRoundTrip() async throws {
        var state: UInt64 = 0x0DEC_1A1
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var texts = ["0", "1", "-1", "0.01", "99999999999999999999999999999999999999", "-0.00000000000000000000000000000000000001",
                     "18446744073709551615", "18446744073709551616", "9999999999999999999", "10000000000000000000"]
        while texts.count < 600 {
            let count = 1 + next(38)
            var digits = String((0..<count).map { _ in Character(String(next(10))) })
            if digits.first == "0" { digits = "1" + digits.dropFirst() }
            let scale = next(count + 1)
            let point = digits.count - scale
            let text = (next(2) == 0 ? "-" : "") + (scale == 0 ? digits
                : (point == 0 ? "0" : String(digits.prefix(point))) + "." + digits.suffix(scale))
            texts.append(text)
        }
        try await TestDatabase.withDatabase { database, _ in
            let rows = try await database.fetchAll("SELECT t, t::numeric FROM unnest(\(texts)::text[]) WITH ORDINALITY AS v(t, n) ORDER BY n",
                                                   context: Self.select)
            #expect(rows.count == texts.count)
            for row in rows {
                var reader = RowReader(row)
                let text = try reader.next(String.self)
                let value = try reader.next(Decimal.self)
                #expect(value == Decimal(string: text), "\(text)")
            }
        }
    }

    @Test("CalendarDate round-trips through date and agrees with the server's calendar")
    func dateRoundTrip() async throws {
        let dates = ["2000-01-01", "1999-12-31", "2024-02-29", "1970-01-01", "0001-01-01", "9999-12-31", "2100-03-01"]
            .map { CalendarDate(iso8601: $0)! }
        try await TestDatabase.withDatabase { database, _ in
            for date in dates {
                let row = try #require(await database.fetchOne(
                    "SELECT \(date), \(date)::text, \(date) - date '2000-01-01'", context: Self.select))
                let (back, text, days) = try row.decode((CalendarDate, String, Int32).self)
                #expect(back == date)
                #expect(text == date.iso8601)
                #expect(days == date.daysSince2000)
            }
            let literal = try #require(await database.fetchOne("SELECT date '2024-03-01'", context: Self.select))
            #expect(try literal.decode(CalendarDate.self) == CalendarDate(year: 2024, month: 3, day: 1))
        }
    }

    @Test("a pgvector binds as text cast to ::vector and reads back exactly, as real[] and as vector")
    func vectorRoundTrip() async throws {
        let vector: PGVector = [0.1, -1.5e-8, 3, 123456.79, -0.0]
        try await TestDatabase.withDatabase { database, schema in
            try await Self.createVectorExtension(database)
            let table = "\(schema).embeddings"
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id int PRIMARY KEY, embedding vector(5))")
            try await database.execute(
                "INSERT INTO \(unescaped: table) VALUES (1, \(vector)::vector)", context: QueryContext(operation: "insert", table: table))
            let row = try #require(await database.fetchOne(
                "SELECT embedding::real[], embedding::real[], embedding, embedding::text FROM \(unescaped: table)", context: Self.select))
            let (floats, asVector, binary, text) = try row.decode(([Float], PGVector, PGVector, String).self)
            #expect(floats == vector.values)
            #expect(asVector == vector)
            #expect(binary == vector)
            #expect(PGVector(text: text) == vector)
            let probe: PGVector = [0.1, 0, 3, 123456.79, 0]
            let distance = try #require(await database.fetchOne(
                "SELECT embedding <-> \(probe)::vector FROM \(unescaped: table)", context: Self.select))
            #expect(try distance.decode(Double.self) < 1e-3)
        }
    }

    /// Creates pgvector once per database; parallel tests may race on it.
    static func createVectorExtension(_ database: Database) async throws {
        for attempt in 1...3 {
            do {
                try await TestDatabase.sql(database, "CREATE EXTENSION IF NOT EXISTS vector")
                return
            } catch where attempt < 3 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    @Test("Bytea binds and reads bytea; a plain [UInt8] would bind as \"char\"[] instead")
    func bytesRoundTrip() async throws {
        let bytes = Bytea([0, 1, 2, 255, 128, 0])
        try await TestDatabase.withDatabase { database, _ in
            let row = try #require(await database.fetchOne(
                "SELECT \(bytes), pg_typeof(\(bytes))::text, octet_length(\(bytes))", context: Self.select))
            let (back, type, length) = try row.decode((Bytea, String, Int32).self)
            #expect(back == bytes)
            #expect(type == "bytea")
            #expect(length == 6)
            let plain: [UInt8] = [1, 2]
            let plainType = try #require(await database.fetchOne("SELECT pg_typeof(\(plain))::text", context: Self.select))
            #expect(try plainType.decode(String.self) == "\"char\"[]")
        }
    }
}

@Suite("Values without a database")
struct ValueTests {
    @Test("JSONValue encodes as plain JSON and decodes every JSON kind")
    func jsonCodable() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": [:]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"n":1,"t":true,"s":"s","z":null,"l":[]}"#.utf8))
        #expect(parsed == ["n": 1, "t": true, "s": "s", "z": nil, "l": []])
        #expect(parsed["n"]?.intValue == 1)
        #expect(parsed["t"]?.boolValue == true)
        #expect(value.jsonText == #"{"a":[1,2.5,"x",true,null],"b":{}}"#)
        #expect(JSONValue.number(.nan).jsonText == "null")
        let reparsed = try JSONDecoder().decode(JSONValue.self, from: Data(JSONValue.string("\u{1F}\"\\").jsonText.utf8))
        #expect(reparsed == .string("\u{1F}\"\\"))
    }

    @Test("CalendarDate parses, validates, orders and encodes as YYYY-MM-DD")
    func calendarDate() throws {
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2024-2-01") == nil)
        #expect(CalendarDate(iso8601: "2024-02-29x") == nil)
        #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
        let leap = try #require(CalendarDate(iso8601: "2024-02-29"))
        #expect(leap.adding(days: 1)?.iso8601 == "2024-03-01")
        #expect(CalendarDate(iso8601: "2000-01-01")?.daysSince2000 == 0)
        #expect(CalendarDate(daysSince2000: -1)?.iso8601 == "1999-12-31")
        #expect(CalendarDate(iso8601: "2024-01-31")! < CalendarDate(iso8601: "2024-02-01")!)
        #expect(String(decoding: try JSONEncoder().encode([leap]), as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode(CalendarDate.self, from: Data(#""0042-07-04""#.utf8)).year == 42)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CalendarDate.self, from: Data(#""2024-02-30""#.utf8)) }
        #expect(CalendarDate(Date(timeIntervalSince1970: 86_400 * 365))?.iso8601 == "1971-01-01")
        for days in stride(from: Int32(-730_000), through: 2_900_000, by: 997) {
            let date = try #require(CalendarDate(daysSince2000: days))
            #expect(date.daysSince2000 == days)
        }
    }

    @Test("PGVector's text form parses back and rejects malformed text")
    func vectorText() {
        #expect(PGVector([1, 2.5, -3]).text == "[1,2.5,-3]")
        #expect(PGVector(text: " [1, 2.5 ,-3] ")?.values == [1, 2.5, -3])
        #expect(PGVector(text: "[]")?.values == [])
        #expect(PGVector(text: "[1,,2]") == nil)
        #expect(PGVector(text: "1,2") == nil)
    }
}
