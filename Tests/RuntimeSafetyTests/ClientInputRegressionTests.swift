import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import Testing

/// One test per failure of issue 12's "Client input must never crash or hang the service", on the real
/// server. Each of them trapped (killing the test process) or misbehaved before the fix.
@Suite("Client input never crashes the service")
struct ClientInputRegressionTests {
    /// The issues of a `ValidationError`, or nil for any other outcome.
    func issues(_ body: () async throws -> Void) async -> [ValidationIssue]? {
        do {
            try await body()
            return nil
        } catch let error as ValidationError {
            return error.issues
        } catch {
            return nil
        }
    }

    // MARK: Timestamps

    @Test("a create or patch with a timestamp outside PostgreSQL's range is a ValidationError, not a trap")
    func farTimestamps() async throws {
        let orders = OrderRepository(on: try await SafetyHarness.database())
        for date in [Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: -1e300), Date(timeIntervalSince1970: .nan),
                     PostgresRange.endTimestamp, PostgresRange.minimumTimestamp.addingTimeInterval(-1)] {
            let request = OrderCreate(customerID: UUID(), number: 700_000_000_000 + Int64(TestSequence.next()), placedAt: date)
            let refused = await issues { _ = try await orders.create(request) }
            #expect(refused?.map(\.rule) == ["range"], "\(date.timeIntervalSince1970)")
            #expect(refused?.first?.field == "placed_at")
            #expect(await issues { _ = try await orders.create([request]) }?.map(\.field) == ["[0].placed_at"])
        }
        // The edges themselves are stored and read back.
        for date in [PostgresRange.minimumTimestamp, PostgresRange.endTimestamp.addingTimeInterval(-0.01), .distantFuture, .distantPast] {
            let stored = try await orders.create(OrderCreate(customerID: UUID(), number: 700_000_000_000 + Int64(TestSequence.next()),
                                                             placedAt: date))
            #expect(sameInstant(try await orders.get(id: stored.id).placedAt, date), "\(date.timeIntervalSince1970)")
            let patch = OrderPatch(expectedVersion: stored.version).setting(\.placedAt, to: Date(timeIntervalSince1970: 1e300))
            #expect(await issues { _ = try await orders.update(id: stored.id, patch) }?.map(\.rule) == ["range"])
        }
        let users = UserRepository(on: try await SafetyHarness.database())
        let user = UserCreate(login: "far_\(TestSequence.next())", lastLoginAt: Date(timeIntervalSince1970: 1e300))
        #expect(await issues { _ = try await users.create(user) }?.map(\.field) == ["last_login_at"])
    }

    @Test("a Date PostgreSQL cannot store is refused by the server through any binding, never trapped on")
    func timestampBindings() async throws {
        let database = try await SafetyHarness.database()
        for date in [Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: -.infinity)] {
            var bindings = PostgresBindings()
            bindings.append(date)
            do {
                _ = try await database.fetchOne(PostgresQuery(unsafeSQL: "SELECT $1::timestamptz", binds: bindings),
                                                context: QueryContext(operation: "probe", table: "none"))
                Issue.record("the server took \(date.timeIntervalSince1970)")
            } catch {
                #expect((error as? IllegalArgument)?.sqlState == "22008", "\(error)")
            }
            var column = ByteBuffer()
            #expect(throws: IllegalArgument.self) {
                try BulkColumn([date]).encode(into: &column, context: .default)
            }
            // A keyset key from such a date saturates to ±infinity instead of trapping.
            #expect(KeysetCursor.Key.timestamp(date).dateValue != nil)
        }
        var bindings = PostgresBindings()
        bindings.append(Optional(PostgresRange.minimumTimestamp))
        let row = try await database.fetchOne(PostgresQuery(unsafeSQL: "SELECT $1::timestamptz = '4714-11-24 00:00:00+00 BC'", binds: bindings),
                                              context: QueryContext(operation: "probe", table: "none"))
        #expect(try row?.decode(Bool.self) == true)
    }

    @Test("keyset listing over a row whose created_at is 'infinity' throws UnreadableValue at that row, never traps")
    func infiniteCreatedAt() async throws {
        // Decided: such a row (only raw SQL makes one) is not skipped silently; reading it throws the mapped
        // UnreadableValue, so the pages before it still list and the operator learns which column is bad.
        let database = try await SafetyHarness.unreadableRowsDatabase()
        let customers = CustomerRepository(on: database, cipher: SafetyHarness.cipher)
        let manager = UUID()
        var finite: [UUID] = []
        for _ in 0..<2 {
            finite.append(try await customers.create(CustomerCreate(
                name: "Finite", email: "finite\(TestSequence.next())@example.com", accountManagerID: manager)).id)
        }
        for sign in ["", "-"].shuffled() + ["", ""] {
            let n = TestSequence.next()
            try await sql(database, """
                INSERT INTO customers (name, email, account_manager_id, created_at)
                VALUES ('Infinite', 'infinite\(n)@example.com', '\(manager.uuidString)', '\(sign)infinity')
                """)
        }
        // -infinity sorts first, so the first page already meets it.
        await #expect(throws: UnreadableValue.self) { _ = try await customers.list(where: { $0.accountManagerID == manager }, after: KeysetPageRequest(limit: 1)) }
        try await sql(database, "DELETE FROM customers WHERE account_manager_id = '\(manager.uuidString)' AND created_at = '-infinity'")
        // A page reads one row more than its limit: the first page (two finite rows) lists, the second meets
        // the infinite rows.
        let first = try await customers.list(where: { $0.accountManagerID == manager }, after: KeysetPageRequest(limit: 1))
        #expect(first.items.map(\.id) == [finite[0]])
        let next = try #require(first.nextCursor)
        do {
            _ = try await customers.list(where: { $0.accountManagerID == manager }, after: KeysetPageRequest(limit: 1, after: next))
            Issue.record("a row created at infinity was read")
        } catch let error as UnreadableValue {
            #expect(error.column == "created_at" && error.swiftType == "Date")
            #expect(error.reason.contains("infinity"))
        }
        await #expect(throws: UnreadableValue.self) { _ = try await customers.list(where: { $0.accountManagerID == manager }, page: PageRequest(limit: 10)) }
    }

    // MARK: Numbers

    @Test("numeric NaN, Infinity and values beyond Decimal read as UnreadableValue, not as 0 or a trap")
    func unreadableNumerics() async throws {
        let database = try await SafetyHarness.unreadableRowsDatabase()
        let orders = OrderRepository(on: database)
        let order = try await orders.create(OrderCreate(customerID: UUID(), number: 700_000_000_000 + Int64(TestSequence.next()), total: 5))
        try await sql(database, "UPDATE orders SET total = 'NaN' WHERE order_id = '\(order.id.uuidString)'")
        await #expect(throws: UnreadableValue.self) { _ = try await orders.get(id: order.id) }
        for literal in ["'NaN'::numeric", "'Infinity'::numeric", "'-Infinity'::numeric", "'1e200'::numeric", "'1e-200'::numeric",
                        "'1234567890123456789012345678901234567890.5'::numeric"] {
            let rows = try await database.fetchAll(PostgresQuery(unsafeSQL: "SELECT \(literal), NULL::numeric"),
                                                   context: QueryContext(operation: "probe", table: "none"))
            let reader = RowReader(try #require(rows.first))
            #expect(throws: UnreadableValue.self, "\(literal)") { _ = try reader.column(0, as: Decimal.self) }
            #expect(throws: UnreadableValue.self, "\(literal)") { _ = try reader.column(0, as: Decimal?.self) }
            #expect(try reader.column(1, as: Decimal?.self) == nil)
        }
        for (literal, value) in [("'-12.340'::numeric(10,3)", Decimal(string: "-12.34")!), ("0::numeric", Decimal(0)),
                                 ("'99999999999999999999999999999999999999'::numeric", Decimal(string: "99999999999999999999999999999999999999")!),
                                 ("'1e127'::numeric", Decimal(sign: .plus, exponent: 127, significand: 1)),
                                 ("'1e-128'::numeric", Decimal(sign: .plus, exponent: -128, significand: 1))] {
            let rows = try await database.fetchAll(PostgresQuery(unsafeSQL: "SELECT \(literal)"),
                                                   context: QueryContext(operation: "probe", table: "none"))
            var reader = RowReader(try #require(rows.first))
            #expect(try reader.next(Decimal.self) == value, "\(literal)")
        }
    }

    @Test("Decimal NaN and doubles that are NaN or infinite are ValidationErrors; a NaN binding throws IllegalArgument")
    func nonFiniteNumbers() async throws {
        let database = try await SafetyHarness.database()
        let products = ProductRepository(on: database)
        for value in [Double.nan, .infinity, -.infinity] {
            let request = ProductCreate(sku: "NAN-\(TestSequence.next())", name: "NaN", weightKg: value)
            // ±infinity also breaks `maximum`/`minimum`; NaN slips past both, which is why `finite` exists.
            let refused = await issues { _ = try await products.create(request) }
            #expect(refused?.first?.rule == "finite" && refused?.allSatisfy { $0.field == "weight_kg" } == true, "\(value)")
            let line = OrderLineCreate(orderID: UUID(), productID: UUID(), quantity: 1, unitPrice: 1, discounts: [0.5, value])
            let lineIssues = await issues { _ = try await OrderLineRepository(on: database).create(line) }
            #expect(lineIssues?.first?.rule == "finite" && lineIssues?.allSatisfy { $0.field == "discounts[1]" } == true)
        }
        var report = ValidationReport()
        report.checkDecimal(Decimal.nan, of: "amount", precision: 12, scale: 2)
        #expect(report.issues.map(\.rule) == ["finite"])
        var bindings = PostgresBindings()
        #expect(throws: IllegalArgument.self) { try bindings.append(Decimal.nan) }
        var column = ByteBuffer()
        #expect(throws: IllegalArgument.self) {
            try BulkColumn([Decimal(1), Decimal.nan]).encode(into: &column, context: .default)
        }
        // Wide columns: the precision check counts digits even past 10^127.
        var wide = ValidationReport()
        let huge = try #require(Decimal(string: "1" + String(repeating: "0", count: 140)))   // 141 digits
        wide.checkDecimal(huge, of: "wide", precision: 200, scale: 0)
        wide.checkDecimal(huge, of: "narrow", precision: 140, scale: 0)
        #expect(wide.issues.map(\.field) == ["narrow"])
    }

    @Test("a vector with NaN or infinite components, or the wrong dimensions, is a ValidationError")
    func vectors() async throws {
        let products = ProductRepository(on: try await SafetyHarness.database())
        for (embedding, fields) in [([Float.nan, 0, 0, 0, 0, 0, 0, 0], ["embedding[0]"]),
                                    ([0, 0, 0, 0, 0, 0, 0, .infinity], ["embedding[7]"]),
                                    ([0, 0, 0], ["embedding"]),
                                    (Array(repeating: Float(0), count: 16_001), ["embedding"])] {
            let request = ProductCreate(sku: "VEC-\(TestSequence.next())", name: "Vector", embedding: embedding)
            #expect(await issues { _ = try await products.create(request) }?.map(\.field) == fields)
        }
        let tiny = ProductCreate(sku: "VEC-\(TestSequence.next())", name: "Vector",
                                 embedding: [.leastNonzeroMagnitude, .greatestFiniteMagnitude, -0.0, 1, 2, 3, 4, 5])
        let stored = try await products.create(tiny)
        #expect(try await products.get(id: stored.id).embedding == tiny.embedding)
    }

    // MARK: Text and JSON

    @Test("NUL in text, text arrays and JSON strings or keys is a ValidationError, not a server error")
    func nulCharacters() async throws {
        let database = try await SafetyHarness.database()
        let products = ProductRepository(on: database)
        let cases: [(JSONValue, String)] = [(["a": "b\0c"], "null_character"), (["a\0": 1], "null_character"),
                                            ([["deep": ["\0"]]], "null_character"), (["n": .number(.nan)], "finite")]
        for (attributes, rule) in cases {
            let request = ProductCreate(sku: "NUL-\(TestSequence.next())", name: "NUL", attributes: attributes)
            #expect(await issues { _ = try await products.create(request) }?.map(\.rule) == [rule])
        }
        let users = UserRepository(on: database)
        let user = UserCreate(login: "nul_\(TestSequence.next())", displayName: "a\0b", roles: ["x\0"], profile: ["k": "\0"])
        #expect(await issues { _ = try await users.create(user) }?.map(\.field) == ["display_name", "roles[0]", "profile"])
        // As a filter value, the server refuses NUL: IllegalArgument, never a raw server error.
        await #expect(throws: IllegalArgument.self) { _ = try await users.find(byLogin: "a\0b") }
    }

    @Test("JSON nested 100,000 deep from a client is a DecodingError; deeper than 256 is refused; 256 round-trips")
    func deepJSON() async throws {
        let deep = #"{"sku":"DEEP-1","name":"Deep","attributes":\#(Extreme.nestedArrayText(100_000))}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProductCreate.self, from: Data(deep.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSONValue.self, from: Data(Extreme.nestedArrayText(300).utf8)) }
        let limit = try JSONDecoder().decode(JSONValue.self, from: Data(Extreme.nestedArrayText(JSONValue.maximumDepth).utf8))
        #expect(limit.nestingDepth == JSONValue.maximumDepth)

        let products = ProductRepository(on: try await SafetyHarness.database())
        let tooDeep = ProductCreate(sku: "DEEP-\(TestSequence.next())", name: "Deep",
                                    attributes: Extreme.nested(JSONValue.maximumDepth + 1, around: 1))
        #expect(await issues { _ = try await products.create(tooDeep) }?.map(\.rule) == ["max_depth"])
        let deepest = ProductCreate(sku: "DEEP-\(TestSequence.next())", name: "Deep",
                                    attributes: Extreme.nested(JSONValue.maximumDepth, around: "leaf"))
        let stored = try await products.create(deepest)
        #expect(try await products.get(id: stored.id).attributes == deepest.attributes)
    }

    @Test("JSON whose values change kind at every step, deep down, is refused at once; regular deep JSON decodes; stored JSON of any shape reads back")
    func irregularJSON() async throws {
        let clock = ContinuousClock()
        func body(depth: Int, items: [String]) -> Data {
            let array = String(repeating: "[", count: depth) + items.joined(separator: ",") + String(repeating: "]", count: depth)
            return Data(#"{"sku":"IRREGULAR-1","name":"Irregular","price":1,"stock":0,"order":0,"visibility":"public","attributes":\#(array)}"#.utf8)
        }
        // Each wrong guess of a value's kind costs Foundation time quadratic in the depth: 20,000 values that
        // alternate kinds 250 levels deep took 26 s to decode. Now the effort limit refuses them.
        let alternating = Array(repeating: ["1", "{}", "\"a\"", "[]", "true"], count: 4_000).flatMap { $0 }
        var start = clock.now
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProductCreate.self, from: body(depth: 250, items: alternating)) }
        #expect(clock.now - start < .seconds(2))
        // Regular values decode, however deep: homogeneous arrays 250 levels deep, records 30 levels deep, a
        // chain of arrays and objects as deep as allowed.
        for (depth, items) in [(250, Array(repeating: "{}", count: 20_000)), (250, Array(repeating: "1", count: 20_000)),
                               (30, Array(repeating: #"{"id":1,"name":"a","tags":["x"],"ok":true,"note":null}"#, count: 2_000))] {
            start = clock.now
            let decoded = try JSONDecoder().decode(ProductCreate.self, from: body(depth: depth, items: items))
            #expect(decoded.attributes.nestingDepth >= depth)
            #expect(clock.now - start < .seconds(2))
        }
        let chain = try JSONEncoder().encode(Extreme.nested(JSONValue.maximumDepth, around: "leaf"))
        #expect(try JSONDecoder().decode(JSONValue.self, from: chain).nestingDepth == JSONValue.maximumDepth)
        // Irregular values near the surface decode: 20,000 alternating values at depth 1.
        let flat = try JSONDecoder().decode(ProductCreate.self, from: body(depth: 1, items: alternating))
        guard case .array(let items) = flat.attributes else {
            Issue.record("not an array: \(flat.attributes.nestingDepth)")
            return
        }
        #expect(items.count == 20_000)

        // What the database stores is read back whatever its shape: the limit is for clients' JSON only.
        var irregular: [JSONValue] = []
        for index in 0..<2_000 { irregular.append([.number(1), .object([:]), .string("a"), .array([]), .bool(true)][index % 5]) }
        let deepIrregular = Extreme.nested(200, around: .array(irregular))
        let products = ProductRepository(on: try await SafetyHarness.database())
        let stored = try await products.create(ProductCreate(sku: "IRREGULAR-\(TestSequence.next())", name: "Irregular",
                                                             attributes: deepIrregular))
        #expect(try await products.get(id: stored.id).attributes == deepIrregular)
    }

    // MARK: Paging and cursors

    @Test("PageRequest.next near Int.max throws instead of trapping; offsets and limits are bounded")
    func pageBounds() async throws {
        let far = try PageRequest(limit: 1000, offset: Int.max - 10, maximumOffset: .max)
        #expect(throws: IllegalArgument.self) { try far.next }
        #expect(far.sqlOffset == Int64.max - 10)
        #expect(try PageRequest(limit: .max, maximumLimit: .max).fetchLimit == .max)
        #expect(try KeysetPageRequest(limit: .max, maximumLimit: .max).fetchLimit == .max)
        #expect(throws: IllegalArgument.self) { try PageRequest(offset: PageRequest.defaultMaximumOffset + 1) }
        let last = try PageRequest(limit: 50, offset: PageRequest.defaultMaximumOffset - 50)
        #expect(try last.next.offset == PageRequest.defaultMaximumOffset)
        #expect(throws: IllegalArgument.self) { try last.next.next }
        let orders = OrderRepository(on: try await SafetyHarness.database())
        #expect(try await orders.list(page: PageRequest(limit: 10, offset: PageRequest.defaultMaximumOffset)).items.isEmpty)
    }

    @Test("malformed, huge, hostile and tampered cursor strings throw IllegalArgument before any SQL")
    func hostileCursors() throws {
        let started = Date()
        #expect(throws: IllegalArgument.self) { try KeysetCursor(encoded: String(repeating: "A", count: 10_000_000)) }
        #expect(Date().timeIntervalSince(started) < 1)
        func forged(_ key: String) -> String {
            Data(#"{"id":"\#(UUID().uuidString)","keys":[\#(key)]}"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        for key in [#"{"string":{"_0":"a\u0000b"}}"#, #"{"timestamp":{"microsecondsSince2000":9223372036854775806}}"#,
                    #"{"timestamp":{"microsecondsSince2000":-9223372036854775807}}"#] {
            #expect(throws: IllegalArgument.self, "\(key)") { try KeysetPageRequest(after: forged(key)) }
        }
        #expect(throws: IllegalArgument.self) { try KeysetCursor(encoded: "e30=") }   // padding is not base64url
        #expect(throws: IllegalArgument.self) { try KeysetCursor(encoded: "e30 ") }
        // A cursor after a NaN double key still encodes (it used to encode as "", which restarts paging).
        let nan = KeysetCursor(keys: [.double(.nan), .double(.infinity)], id: UUID())
        #expect(!nan.encoded.isEmpty)
        let decoded = try KeysetCursor(encoded: nan.encoded)
        if case .double(let value) = decoded.keys[0] { #expect(value.isNaN) } else { Issue.record("not a double") }
        #expect(decoded.keys[1] == .double(.infinity))
    }

    // MARK: Calendar dates

    @Test("CalendarDate from an out-of-range Date is nil and day arithmetic never overflows")
    func calendarDates() {
        // `distantPast` is 0001-01-01 in the Julian calendar: 0000-12-30 in the proleptic Gregorian one.
        for date in [Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: .nan), .distantPast,
                     Date(timeIntervalSince1970: 253_402_300_800), Date(timeIntervalSince1970: -62_135_596_801)] {
            #expect(CalendarDate(date) == nil, "\(date.timeIntervalSince1970)")
        }
        #expect(CalendarDate(Date(timeIntervalSince1970: 253_402_300_799)) == CalendarDate(year: 9999, month: 12, day: 31))
        #expect(CalendarDate(Date(timeIntervalSince1970: -62_135_596_800)) == CalendarDate(year: 1, month: 1, day: 1))
        let day = CalendarDate(year: 2024, month: 2, day: 29)!
        #expect(day.adding(days: .max) == nil && day.adding(days: .min) == nil)
        #expect(day.adding(days: 1) == CalendarDate(year: 2024, month: 3, day: 1))
        // Days agree with PostgreSQL's proleptic Gregorian count, in any zone.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(CalendarDate(Date(timeIntervalSince1970: 1_709_161_200), in: berlin) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(day.startOfDay(in: berlin) == Date(timeIntervalSince1970: 1_709_161_200))
        #expect(CalendarDate(year: 1000, month: 3, day: 1)!.startOfDay().timeIntervalSince1970 == -30_605_126_400)
    }
}
