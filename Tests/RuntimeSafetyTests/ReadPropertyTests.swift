import ExampleDomain
import Foundation
import PropertyBased
import Taxiway
import TaxiwayTesting
import Testing

/// Every generated filter, finder, page and keyset cursor of the example domain, given random and extreme
/// values (cursors: random text, base64 garbage, valid cursors tampered with) on the real database: each
/// call answers or is refused with `IllegalArgument`; nothing traps or hangs.
@Suite("Random and extreme filters, pages and cursors")
struct ReadPropertyTests {
    /// Drawn inputs per test.
    static let count = 40

    /// Page sizes and offsets at every edge, or any `Int`.
    static func pageNumber(_ rng: inout RNG) -> Int {
        Extreme.chance(0.7, &rng)
            ? Extreme.pick([.min, -1, 0, 1, 2, 50, 1000, 1001, 100_000, 100_001, .max - 1, .max], &rng)
            : Int.random(in: .min ... .max, using: &rng)
    }

    /// Runs `body`; records an issue unless it answers or refuses with a client rejection.
    func answersOrRefuses(_ what: @autoclosure () -> String, _ body: () async throws -> Void,
                          sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
        } catch {
            expectClientRejection(error, what(), sourceLocation: sourceLocation)
        }
    }

    /// The page request of drawn numbers (a refusal must be `IllegalArgument`).
    struct DrawnPage: Sendable {
        var limit: Int
        var offset: Int
        var ascending: Bool

        func request() throws -> PageRequest {
            try PageRequest(limit: limit, offset: offset)
        }
    }

    static func page(_ rng: inout RNG) -> DrawnPage {
        DrawnPage(limit: pageNumber(&rng), offset: Extreme.chance(0.5, &rng) ? 0 : pageNumber(&rng),
                  ascending: Extreme.chance(0.5, &rng))
    }

    @Test("filters, finders and offset pages of every repository answer or refuse any value")
    func filters() async throws {
        let database = try await SafetyHarness.database()
        let customers = CustomerRepository(on: database, cipher: SafetyHarness.cipher)
        let employees = EmployeeRepository(on: database)
        let orders = OrderRepository(on: database)
        let lines = OrderLineRepository(on: database)
        let products = ProductRepository(on: database)
        let tickets = SupportTicketRepository(on: database)
        let users = UserRepository(on: database)
        await propertyCheck(count: Self.count, input: extreme { rng in
            (text: Extreme.string(&rng), number: Extreme.int64(&rng), small: Extreme.int32(&rng), id: Extreme.uuid(&rng),
             page: Self.page(&rng), json: Extreme.json(&rng), sort: Extreme.int(0...3, &rng))
        }) { input in
            let (text, number, small, id, drawn, json, sort) = input
            await answersOrRefuses("customers with \(summary(input))") {
                let ascending = drawn.ascending
                _ = try await customers.list(
                    where: { $0.email == text && $0.status == .active && $0.accountManagerID == id || $0.name.hasPrefix(text) },
                    orderBy: { columns in
                        let terms = [columns.createdAt.ascending(), columns.email.descending(), columns.credit.ascending(nulls: .first),
                                     columns.status.descending(nulls: .last)]
                        return ascending ? [terms[sort % 4]] : [terms[sort % 4], columns.name.descending()]
                    },
                    page: try drawn.request())
                _ = try await customers.count(where: { $0.email == text && $0.credit < Decimal(number) }, includeDeleted: true)
                _ = try await customers.find(byEmail: text)
                _ = try await customers.list(where: { $0.accountManagerID == id || $0.tags.overlaps([text]) }, page: try drawn.request())
                _ = try await customers.find(ids: [id, id])
            }
            await answersOrRefuses("employees with \(summary(input))") {
                _ = try await employees.list(where: { $0.email == text && $0.managerID == id }, page: try drawn.request())
                _ = try await employees.find(byEmail: text)
                _ = try await employees.count(where: { $0.email.in([text, text]) })
            }
            await answersOrRefuses("orders with \(summary(input))") {
                let ascending = drawn.ascending
                _ = try await orders.list(
                    where: { $0.customerID == id && $0.number >= number && !($0.status == .paid) },
                    orderBy: { columns in
                        let terms = [columns.placedAt.ascending(), columns.number.descending(), columns.notes.ascending(nulls: .first),
                                     columns.deliveryDate.descending(nulls: .last)]
                        return ascending ? [terms[sort % 4]] : [terms[sort % 4], columns.total.descending()]
                    },
                    page: try drawn.request())
                _ = try await orders.find(byNumber: number)
                _ = try await orders.count(where: { $0.number.in([number]) || $0.notes.hasPrefix(text) })
                _ = try await orders.list(where: { $0.data.contains(json) }, page: try drawn.request())
                _ = try await orders.exists(where: { $0.trackingID == id })
            }
            await answersOrRefuses("order lines with \(summary(input))") {
                _ = try await lines.list(where: { $0.orderID == id && $0.productID == id }, page: try drawn.request())
                _ = try await lines.list(where: { $0.productID == id }, page: try drawn.request())
            }
            await answersOrRefuses("products with \(summary(input))") {
                _ = try await products.list(where: { $0.sku == text && $0.order == small }, page: try drawn.request())
                _ = try await products.find(bySku: text)
                _ = try await products.count(where: { $0.order > small })
            }
            await answersOrRefuses("tickets with \(summary(input))") {
                _ = try await tickets.list(where: { $0.customerID == id || $0.publicToken == id }, page: try drawn.request())
                _ = try await tickets.find(byPublicToken: id)
            }
            await answersOrRefuses("users with \(summary(input))") {
                _ = try await users.list(where: { $0.login == text && $0.employeeID == id }, page: try drawn.request())
                _ = try await users.find(byLogin: text)
            }
        }
    }

    /// A cursor string: random text, base64url garbage, a real cursor with bytes flipped, or the JSON of a
    /// cursor with tampered keys (timestamps of any `Int64`, text with NUL, wrong kinds, huge numbers).
    static func cursorString(_ rng: inout RNG) -> String {
        switch Extreme.int(0...5, &rng) {
        case 0:
            return Extreme.string(&rng)
        case 1:
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            let length = Extreme.pick([0, 1, 2, 3, 5, 64, 4096, 4097, 100_000], &rng)
            return String((0..<length).map { _ in Extreme.pick(alphabet, &rng) })
        case 2:
            var bytes = Array(KeysetCursor(keys: [.timestamp(Date())], id: UUID()).encoded.utf8)
            for _ in 0..<Extreme.int(1...4, &rng) {
                bytes[Extreme.int(0...(bytes.count - 1), &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            return String(decoding: bytes, as: UTF8.self)
        default:
            let keys = (0..<Extreme.int(0...3, &rng)).map { _ in tamperedKey(&rng) }
            let id = Extreme.pick([UUID().uuidString, "", "not-a-uuid", "00000000-0000-0000-0000-000000000000"], &rng)
            var json = #"{"id":"\#(id)","keys":[\#(keys.joined(separator: ","))]}"#
            if Extreme.chance(0.2, &rng) { json = String(json.prefix(Extreme.int(0...json.count, &rng))) }
            return Data(json.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }

    /// One key of a cursor's JSON, as clients could forge it.
    static func tamperedKey(_ rng: inout RNG) -> String {
        switch Extreme.int(0...4, &rng) {
        case 0, 1:
            return #"{"timestamp":{"microsecondsSince2000":\#(Extreme.int64(&rng))}}"#
        case 2:
            let text = Extreme.string(&rng, allowHuge: false)
            let encoded = (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            return #"{"string":{"_0":\#(encoded)}}"#
        default:
            return Extreme.pick([
                #"{"double":{"_0":"nan"}}"#, #"{"double":{"_0":1e400}}"#, #"{"int":{"_0":99999999999999999999999}}"#,
                #"{"date":{"_0":"0000-01-01"}}"#, #"{"date":{"_0":"9999-12-31"}}"#, #"{"uuid":{"_0":"nope"}}"#,
                #"{"bool":{"_0":true}}"#, "null", "{}", "[]", #"{"timestamp":{"microsecondsSince2000":1e400}}"#,
                #"{"timestamp":{"microsecondsSince2000":9223372036854775807}}"#,
            ], &rng)
        }
    }

    @Test("keyset cursors from any string are refused with IllegalArgument or list a page")
    func cursors() async throws {
        let database = try await SafetyHarness.database()
        let customers = CustomerRepository(on: database, cipher: SafetyHarness.cipher)
        let orders = OrderRepository(on: database)
        let products = ProductRepository(on: database)
        let users = UserRepository(on: database)
        await propertyCheck(count: 150, input: extreme { rng in (Self.cursorString(&rng), Self.pageNumber(&rng)) }) { input in
            let (cursor, limit) = input
            await answersOrRefuses("the cursor \(summary(cursor))") {
                let page = try KeysetPageRequest(limit: limit == .min ? 10 : limit, after: cursor)
                _ = try await customers.list(where: { $0.status == .closed }, after: page)
                _ = try await orders.list(where: { $0.status == .onHold }, orderBy: { [$0.notes.descending()] }, after: page)
                _ = try await products.list(after: page)
                _ = try await users.list(after: page)
            }
        }
    }

    @Test("a cursor of any keys encodes to a non-empty string that decodes to it, or is refused")
    func cursorRoundTrip() async {
        await propertyCheck(count: 300, input: extreme { rng in
            (0..<Extreme.int(0...4, &rng)).map { _ -> KeysetCursor.Key in
                switch Extreme.int(0...6, &rng) {
                case 0: .timestamp(Extreme.date(&rng))
                case 1: .timestamp(microsecondsSince2000: Extreme.int64(&rng))
                case 2: .string(Extreme.string(&rng, allowHuge: false))
                case 3: .int(Extreme.int64(&rng))
                case 4: .double(Extreme.double(&rng))
                case 5: .date(Extreme.calendarDate(&rng))
                default: .bool(Extreme.chance(0.5, &rng))
                }
            }
        }) { keys in
            let cursor = KeysetCursor(keys: keys, id: UUID())
            let encoded = cursor.encoded
            let bindable = keys.allSatisfy { $0.isBindable }
            #expect(!encoded.isEmpty)
            do {
                let decoded = try KeysetCursor(encoded: encoded)
                #expect(decoded.keys.count == cursor.keys.count && decoded.id == cursor.id)
                #expect(bindable)
            } catch {
                #expect(error is IllegalArgument)
                #expect(encoded.utf8.count > KeysetCursor.maximumEncodedLength || !bindable)
            }
        }
    }
}
