import ExampleDomain
import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting
import Testing

/// The typed query core on the real database: every kind of predicate (`IS NULL`, ranges, `IN`, OR/NOT,
/// literal text prefixes, array and JSON containment), batch gets, `count`/`exists` agreeing with `list`,
/// keyset pages over nullable orderings, cursors refused with another query, and nearest-neighbour search.
/// The tests share one database, so every query is restricted to the rows the test created.
@Suite("Typed queries")
struct TypedQueryTests {
    /// Every page of a list by offset, two rows at a time.
    private func offsetWalk<Table: EntityTable>(
        _ repository: Repository<Table>, limit: Int = 2, includeDeleted: Bool = false,
        where filter: (Table.Columns) -> Condition<Table.Model>,
        orderBy: (Table.Columns) -> [SortTerm<Table.Model>] = { _ in [] }
    ) async throws -> [UUID] {
        var seen: [UUID] = []
        var request = try PageRequest(limit: limit)
        while true {
            let page = try await repository.list(where: filter, orderBy: orderBy, page: request, includeDeleted: includeDeleted)
            seen += page.items.map(\.id)
            guard page.hasMore, seen.count < 10_000 else { return seen }
            request = try request.next
        }
    }

    /// Every page of a list by keyset, `limit` rows at a time, the cursor passed on in its opaque form.
    private func keysetWalk<Table: EntityTable>(
        _ repository: Repository<Table>, limit: Int = 2, includeDeleted: Bool = false,
        where filter: (Table.Columns) -> Condition<Table.Model>,
        orderBy: (Table.Columns) -> [SortTerm<Table.Model>] = { _ in [] }
    ) async throws -> [UUID] {
        var seen: [UUID] = []
        var request = try KeysetPageRequest(limit: limit)
        while true {
            let page = try await repository.list(where: filter, orderBy: orderBy, after: request, includeDeleted: includeDeleted)
            seen += page.items.map(\.id)
            guard let cursor = page.nextCursor, seen.count < 10_000 else { return seen }
            request = try KeysetPageRequest(limit: limit, after: cursor.encoded)
        }
    }

    /// The ids a list of `where` gives, as a set (the first 1000 rows; tests create far fewer).
    private func ids<Table: EntityTable>(
        _ repository: Repository<Table>, includeDeleted: Bool = false,
        where filter: (Table.Columns) -> Condition<Table.Model>
    ) async throws -> Set<UUID> {
        Set(try await repository.list(where: filter, page: PageRequest(limit: 1000), includeDeleted: includeDeleted).items.map(\.id))
    }

    // MARK: - Predicates

    @Test("== nil, .isNull, != nil and .isNotNull on a nullable reference; != and NOT leave NULL rows out, as SQL does")
    func nullOnNullableReference() async throws {
        let repository = SupportTicketRepository(on: try await RepositoryHarness.database())
        let (customer, assignee, other) = (UUID(), UUID(), UUID())
        let unassigned = try await repository.create(Requests.ticket(customer: customer))
        let mine = try await repository.create(Requests.ticket(customer: customer, assignee: assignee))
        let theirs = try await repository.create(Requests.ticket(customer: customer, assignee: other))
        let alsoUnassigned = try await repository.create(Requests.ticket(customer: customer, reporter: UUID()))

        let nullSet: Set = [unassigned.id, alsoUnassigned.id]
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID == nil } == nullSet)
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID.isNull } == nullSet)
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID != nil } == [mine.id, theirs.id])
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID.isNotNull } == [mine.id, theirs.id])
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID == assignee } == [mine.id])
        // `assignee_id <> $1` is NULL (not true) for an unassigned ticket, so only the other assignee's row matches;
        // NOT keeps that meaning.
        #expect(try await ids(repository) { $0.customerID == customer && $0.assigneeID != assignee } == [theirs.id])
        #expect(try await ids(repository) { $0.customerID == customer && !($0.assigneeID == assignee) } == [theirs.id])
        #expect(try await ids(repository) {
            $0.customerID == customer && ($0.assigneeID != assignee || $0.assigneeID.isNull)
        } == nullSet.union([theirs.id]))
        #expect(try await repository.count(where: { $0.customerID == customer && $0.reporterID.isNotNull }) == 1)
        #expect(try await repository.first(where: { $0.customerID == customer && $0.assigneeID.isNull },
                                           orderBy: { [$0.createdAt.descending()] })?.id == alsoUnassigned.id)
    }

    @Test("half-open timestamp ranges with within(from:upTo:) and <, <=, >, >=, on a NOT NULL and a nullable column")
    func timestampRanges() async throws {
        let database = try await RepositoryHarness.database()
        let orders = OrderRepository(on: database)
        let customer = UUID()
        let start = Date(timeIntervalSince1970: 1_750_000_000.25)
        let hour: TimeInterval = 3_600
        var placed: [Order] = []
        for index in 0..<5 {
            var request = Requests.order(customer: customer)
            request.placedAt = start + Double(index) * hour
            placed.append(try await orders.create(request))
        }
        let at = { (index: Int) in start + Double(index) * hour }
        let range = { (indices: [Int]) in Set(indices.map { placed[$0].id }) }
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt.within(from: at(1), upTo: at(3)) } == range([1, 2]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt.within(from: nil, upTo: at(2)) } == range([0, 1]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt.within(from: at(3), upTo: nil) } == range([3, 4]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt.within(from: nil, upTo: nil) } == range([0, 1, 2, 3, 4]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt.within(from: at(2), upTo: at(2)) }.isEmpty)
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt > at(3) } == range([4]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt >= at(3) } == range([3, 4]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt < at(1) } == range([0]))
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt <= at(1) } == range([0, 1]))
        // To the microsecond (bound instants are truncated to whole microseconds, as stored ones are; a Double
        // near 1.75e9 s carries about a quarter microsecond, so the bounds are two microseconds away).
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt >= at(4) + 0.000002 }.isEmpty)
        #expect(try await ids(orders) { $0.customerID == customer && $0.placedAt > at(4) - 0.000002 } == range([4]))

        let users = UserRepository(on: database)
        let employee = UUID()
        var logins: [User] = []
        for index in [0, 1, 2, -1] {
            var request = Requests.user(employee: employee)
            request.lastLoginAt = index < 0 ? nil : at(index)
            logins.append(try await users.create(request))
        }
        #expect(try await ids(users) { $0.employeeID == employee && $0.lastLoginAt.within(from: at(1), upTo: nil) }
                == [logins[1].id, logins[2].id])
        #expect(try await ids(users) { $0.employeeID == employee && $0.lastLoginAt < at(1) } == [logins[0].id])
        #expect(try await ids(users) { $0.employeeID == employee && !($0.lastLoginAt < at(1)) } == [logins[1].id, logins[2].id])

        // Calendar dates, nullable.
        var dated: [Order] = []
        for day in [1, 15, 28, nil] as [Int?] {
            var request = Requests.order(customer: customer)
            request.deliveryDate = day.flatMap { CalendarDate(year: 2027, month: 2, day: $0) }
            dated.append(try await orders.create(request))
        }
        let feb15 = CalendarDate(year: 2027, month: 2, day: 15)!
        #expect(try await ids(orders) { $0.customerID == customer && $0.deliveryDate.within(from: feb15, upTo: nil) }
                == [dated[1].id, dated[2].id])
        #expect(try await ids(orders) { $0.customerID == customer && $0.deliveryDate <= feb15 } == [dated[0].id, dated[1].id])
    }

    @Test("IN on uuid, enum, bigint, decimal, timestamp and nullable columns; an empty list matches nothing")
    func inLists() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let statuses: [Order.Status] = [.pending, .paid, .shipped, .onHold, .paid]
        var stored: [Order] = []
        for (index, status) in statuses.enumerated() {
            var request = Requests.order(customer: customer)
            request.status = status
            request.total = Decimal(index) + Decimal(string: "0.25")!
            request.placedAt = Date(timeIntervalSince1970: 1_760_000_000.5 + Double(index))
            request.notes = index % 2 == 0 ? "note \(index)" : nil
            request.deliveryDate = index == 4 ? nil : CalendarDate(year: 2028, month: 3, day: 1 + index)
            stored.append(try await repository.create(request))
        }
        let mine: (Order.Columns) -> Condition<Order> = { $0.customerID == customer }
        let pick = { (indices: [Int]) in Set(indices.map { stored[$0].id }) }
        #expect(try await ids(repository) { mine($0) && $0.status.in([.paid, .onHold]) } == pick([1, 3, 4]))
        #expect(try await ids(repository) { mine($0) && $0.orderID.in([stored[2].id, stored[0].id, UUID()]) } == pick([0, 2]))
        #expect(try await ids(repository) { mine($0) && $0.number.in([stored[3].number, -1]) } == pick([3]))
        #expect(try await ids(repository) { mine($0) && $0.total.in([Decimal(string: "1.25")!, Decimal(string: "4.250")!]) } == pick([1, 4]))
        #expect(try await ids(repository) { mine($0) && $0.placedAt.in([stored[2].placedAt, stored[4].placedAt]) } == pick([2, 4]))
        #expect(try await ids(repository) { mine($0) && $0.notes.in(["note 0", "note 4", "note 1"]) } == pick([0, 4]))
        #expect(try await ids(repository) { mine($0) && $0.deliveryDate.in([CalendarDate(year: 2028, month: 3, day: 2)!]) } == pick([1]))
        #expect(try await ids(repository) { mine($0) && $0.status.in([]) }.isEmpty)
        #expect(try await ids(repository) { mine($0) && $0.notes.in([]) }.isEmpty)
        #expect(try await ids(repository) { mine($0) && !$0.status.in([.paid]) } == pick([0, 2, 3]))
        #expect(try await repository.count(where: { mine($0) && $0.status.in(Order.Status.allCases) }) == 5)
    }

    @Test("a named query's condition serves count, exists and list, alone and with more conditions, as its own methods select")
    func namedQueryConditions() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        let since = Date(timeIntervalSince1970: 1_770_000_000)
        let cases: [(Order.Status, TimeInterval, Bool)] = [
            (.pending, 10, false), (.paid, 20, true), (.paid, -20, false), (.shipped, 30, false), (.paid, 40, false),
        ]
        var stored: [Order] = []
        for (status, offset, tracked) in cases {
            var request = Requests.order(customer: customer)
            request.status = status
            request.placedAt = since + offset
            request.trackingID = tracked ? UUID() : nil
            stored.append(try await repository.create(request))
        }
        let open = try await repository.openOrdersOfCustomer(customer: customer, since: since, page: PageRequest(limit: 10))
        #expect(open.items.map(\.id) == [stored[4].id, stored[1].id, stored[0].id], "newest first")
        #expect(try await repository.count(where: { _ in .openOrdersOfCustomer(customer: customer, since: since) }) == 3)
        #expect(try await repository.count(where: { .openOrdersOfCustomer(customer: customer, since: since) && $0.status == .paid }) == 2)
        #expect(try await repository.exists(where: { _ in .openOrdersOfCustomer(customer: UUID(), since: since) }) == false)
        let unshipped = try await repository.list(where: { .unshippedWithoutTracking && $0.customerID == customer },
                                                  orderBy: { [$0.placedAt.descending()] }, page: PageRequest(limit: 10))
        #expect(unshipped.items.map(\.id) == [stored[4].id, stored[2].id], "paid, without tracking, in the asked order")
        #expect(try await repository.count(where: { !.unshippedWithoutTracking && $0.customerID == customer }) == 3)
    }

    @Test("OR, NOT, allOf and anyOf combine with the precedence they are written with")
    func orAndNot() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        for (status, credit) in [(Customer.Status.active, Decimal(1)), (.active, 50), (.suspended, 1), (.closed, 50)] {
            var request = Requests.customer(manager: manager)
            request.status = status
            request.credit = credit
            stored.append(try await repository.create(request))
        }
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let pick = { (indices: [Int]) in Set(indices.map { stored[$0].id }) }
        #expect(try await ids(repository) { mine($0) && ($0.status == .suspended || $0.status == .closed) } == pick([2, 3]))
        // `&&` binds tighter than `||`: (suspended) OR (active AND credit > 10), all within mine.
        #expect(try await ids(repository) {
            mine($0) && ($0.status == .suspended || $0.status == .active && $0.credit > Decimal(10))
        } == pick([1, 2]))
        #expect(try await ids(repository) {
            mine($0) && (($0.status == .suspended || $0.status == .active) && $0.credit > Decimal(10))
        } == pick([1]))
        #expect(try await ids(repository) { mine($0) && !($0.status == .active || $0.credit == Decimal(50)) } == pick([2]))
        #expect(try await ids(repository) { mine($0) && !(!($0.status == .closed)) } == pick([3]))
        #expect(try await ids(repository) {
            mine($0) && Condition.anyOf([$0.customerID == stored[0].id, $0.customerID == stored[3].id])
        } == pick([0, 3]))
        #expect(try await ids(repository) { mine($0) && Condition.allOf([$0.status == .active, $0.credit < Decimal(2)]) } == pick([0]))
        #expect(try await ids(repository) { mine($0) && Condition.anyOf([]) }.isEmpty)
        #expect(try await ids(repository) { mine($0) && Condition.allOf([]) } == pick([0, 1, 2, 3]))
        #expect(try await ids(repository) { mine($0) && (Condition.none || $0.status == .closed) } == pick([3]))
        #expect(try await ids(repository) { mine($0) && !Condition.none } == pick([0, 1, 2, 3]))
        #expect(try await ids(repository) { mine($0) && !Condition.all }.isEmpty)
        #expect(try await ids(repository) { Condition.allOf([mine($0), $0.status == .closed, $0.credit >= Decimal(50)]) } == pick([3]))
    }

    @Test("hasPrefix matches a literal prefix: %, _ and \\ in the value are not wildcards; case matters")
    func textPrefix() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let marker = "pfx\(TestSequence.next())"
        let names = [marker + "%_a", marker + "%_b", marker + "XYa", marker + "%Xa", marker + "\\_z", "x" + marker]
        var stored: [Customer] = []
        for name in names {
            var request = Requests.customer(manager: manager)
            request.name = name
            stored.append(try await repository.create(request))
        }
        let pick = { (indices: [Int]) in Set(indices.map { stored[$0].id }) }
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker + "%_") } == pick([0, 1]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker + "%") } == pick([0, 1, 3]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker + "_") }.isEmpty)
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker + "\\") } == pick([4]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker + "\\_") } == pick([4]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker) } == pick([0, 1, 2, 3, 4]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(marker.uppercased()) }.isEmpty)
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix("") } == pick([0, 1, 2, 3, 4, 5]))
        #expect(try await ids(repository) { mine($0) && $0.name.hasPrefix(names[2]) } == pick([2]))

        // A wildcard or backslash inside a longer Character (with a combining accent, after a prepending mark)
        // is still literal: LIKE reads the pattern scalar by scalar.
        let accented = [marker + "abc\u{301}xyz", marker + "Z\u{301}x", marker + "\u{600}\\tail", marker + "\u{600}%", marker + "%\u{301}q"]
        var storedAccented: [UUID] = []
        let accentManager = UUID()
        for name in accented {
            var request = Requests.customer(manager: accentManager)
            request.name = name
            storedAccented.append(try await repository.create(request).id)
        }
        let theirs: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == accentManager }
        #expect(try await ids(repository) { theirs($0) && $0.name.hasPrefix(marker + "%\u{301}") } == [storedAccented[4]])
        #expect(try await ids(repository) { theirs($0) && $0.name.hasPrefix(marker + "_\u{301}x") }.isEmpty)
        #expect(try await ids(repository) { theirs($0) && $0.name.hasPrefix(marker + "\u{600}\\") } == [storedAccented[2]])

        // A nullable text column: NULL never matches a prefix.
        let orders = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        var withNote = Requests.order(customer: customer)
        withNote.notes = "50% off_today"
        let noted = try await orders.create(withNote)
        _ = try await orders.create(Requests.order(customer: customer))
        #expect(try await ids(orders) { $0.customerID == customer && $0.notes.hasPrefix("50% off_") } == [noted.id])
        #expect(try await ids(orders) { $0.customerID == customer && $0.notes.hasPrefix("5_%") }.isEmpty)
        #expect(try await ids(orders) { $0.customerID == customer && !$0.notes.hasPrefix("x") } == [noted.id])
    }

    @Test("array columns: contains (@>) and overlaps (&&) on text, int and double arrays")
    func arrayContainsAndOverlaps() async throws {
        let database = try await RepositoryHarness.database()
        let repository = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let n = TestSequence.next()
        let (a, b, c) = ("a\(n)", "b\(n)", "c\(n)")
        var stored: [Customer] = []
        for tags in [[a], [a, b], [b], [], [c, "%"]] {
            var request = Requests.customer(manager: manager)
            request.tags = tags
            stored.append(try await repository.create(request))
        }
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let pick = { (indices: [Int]) in Set(indices.map { stored[$0].id }) }
        #expect(try await ids(repository) { mine($0) && $0.tags.contains([a]) } == pick([0, 1]))
        #expect(try await ids(repository) { mine($0) && $0.tags.contains([a, b]) } == pick([1]))
        #expect(try await ids(repository) { mine($0) && $0.tags.contains([b, a, a]) } == pick([1]))
        #expect(try await ids(repository) { mine($0) && $0.tags.contains([a, c]) }.isEmpty)
        // Every array contains the empty array; none overlaps it.
        #expect(try await ids(repository) { mine($0) && $0.tags.contains([]) } == pick([0, 1, 2, 3, 4]))
        #expect(try await ids(repository) { mine($0) && $0.tags.overlaps([]) }.isEmpty)
        #expect(try await ids(repository) { mine($0) && $0.tags.overlaps([a, b]) } == pick([0, 1, 2]))
        #expect(try await ids(repository) { mine($0) && $0.tags.overlaps(["%", "zzz"]) } == pick([4]))
        #expect(try await ids(repository) { mine($0) && !$0.tags.overlaps([a, b, c]) } == pick([3]))

        let tickets = SupportTicketRepository(on: database)
        let customer = UUID()
        var first = Requests.ticket(customer: customer)
        first.scores = [1, 5, 10]
        first.labels = ["billing", "urgent"]
        let one = try await tickets.create(first)
        var second = Requests.ticket(customer: customer)
        second.scores = [5]
        second.labels = ["billing"]
        let two = try await tickets.create(second)
        #expect(try await ids(tickets) { $0.customerID == customer && $0.scores.contains([5]) } == [one.id, two.id])
        #expect(try await ids(tickets) { $0.customerID == customer && $0.scores.contains([10, 1]) } == [one.id])
        #expect(try await ids(tickets) { $0.customerID == customer && $0.scores.overlaps([0, 10]) } == [one.id])
        #expect(try await ids(tickets) { $0.customerID == customer && $0.labels.contains(["urgent"]) } == [one.id])

        let lines = OrderLineRepository(on: database)
        let order = UUID()
        var discounted = Requests.orderLine(order: order)
        discounted.discounts = [0.1, 0.25]
        let line = try await lines.create(discounted)
        _ = try await lines.create(Requests.orderLine(order: order))
        #expect(try await ids(lines) { $0.orderID == order && $0.discounts.contains([0.25]) } == [line.id])
        #expect(try await ids(lines) { $0.orderID == order && $0.discounts.overlaps([0.5, 0.1]) } == [line.id])
    }

    @Test("JSON containment on Order.data combines with OR and other conditions")
    func jsonContainment() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        var stored: [Order] = []
        for (channel, flags) in [("web", ["gift"]), ("shop", ["gift", "rush"]), ("web", [String]()), ("phone", ["rush"])] {
            var request = Requests.order(customer: customer)
            try request.setData(channel, forKey: "channel")
            try request.setData(flags, forKey: "flags")
            request.status = channel == "web" ? .paid : .pending
            stored.append(try await repository.create(request))
        }
        let mine: (Order.Columns) -> Condition<Order> = { $0.customerID == customer }
        let pick = { (indices: [Int]) in Set(indices.map { stored[$0].id }) }
        #expect(try await ids(repository) { mine($0) && $0.data.contains(["channel": "web"]) } == pick([0, 2]))
        #expect(try await ids(repository) { mine($0) && $0.data.contains(["flags": ["rush"]]) } == pick([1, 3]))
        #expect(try await ids(repository) { mine($0) && $0.data.contains(["flags": ["rush", "gift"]]) } == pick([1]))
        #expect(try await ids(repository) {
            mine($0) && ($0.data.contains(["channel": "shop"]) || $0.data.contains(["channel": "phone"]))
        } == pick([1, 3]))
        #expect(try await ids(repository) { mine($0) && $0.data.contains(["flags": ["gift"]]) && $0.status == .paid } == pick([0]))
        #expect(try await ids(repository) { mine($0) && $0.data.contains([:]) } == pick([0, 1, 2, 3]))
        #expect(try await ids(repository) { mine($0) && $0.data.contains(["channel": "WEB"]) }.isEmpty)
    }

    // MARK: - Batch get, count and exists

    @Test("find(ids:) returns rows in the order of the ids, leaves out missing and deleted rows, and collapses duplicates")
    func batchGet() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        var stored: [Customer] = []
        for _ in 0..<4 { stored.append(try await repository.create(Requests.customer())) }
        let deleted = try await repository.softDelete(id: stored[2].id, expectedVersion: stored[2].version)
        let (a, b, d) = (stored[0], stored[1], stored[3])
        let unknown = UUID()

        let found = try await repository.find(ids: [d.id, unknown, deleted.id, a.id, d.id, b.id, a.id])
        #expect(found.map(\.id) == [d.id, a.id, b.id])
        #expect(found == [d, a, b])
        let withDeleted = try await repository.find(ids: [d.id, unknown, deleted.id, a.id, d.id], includeDeleted: true)
        #expect(withDeleted == [d, deleted, a])
        #expect(try await repository.find(ids: []).isEmpty)
        #expect(try await repository.find(ids: [unknown, UUID()]).isEmpty)
        #expect(try await repository.find(ids: [b.id]) == [b])
        #expect(try await repository.find(ids: [b.id, b.id, b.id]) == [b])
        // Sealed fields open in a batch as in a single get.
        #expect(found.map(\.taxNumber) == [d.taxNumber, a.taxNumber, b.taxNumber])
    }

    @Test("count and exists agree with a full walk of list for every kind of condition, with and without deleted rows")
    func countAndExistsAgreeWithList() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        let n = TestSequence.next()
        var stored: [Customer] = []
        for index in 0..<7 {
            var request = Requests.customer(manager: manager)
            request.status = Customer.Status.allCases[index % 3]
            request.credit = index % 3 == 0 ? nil : Decimal(index)
            request.tags = index % 2 == 0 ? ["even\(n)"] : ["odd\(n)"]
            request.name = "cnt\(n)-\(index)"
            stored.append(try await repository.create(request))
        }
        _ = try await repository.softDelete(id: stored[1].id, expectedVersion: stored[1].version)
        _ = try await repository.softDelete(id: stored[4].id, expectedVersion: stored[4].version)
        let conditions: [(String, (Customer.Columns) -> Condition<Customer>)] = [
            ("all of mine", { $0.accountManagerID == manager }),
            ("active", { $0.accountManagerID == manager && $0.status == .active }),
            ("credit null", { $0.accountManagerID == manager && $0.credit == nil }),
            ("credit range", { $0.accountManagerID == manager && $0.credit.within(from: Decimal(2), upTo: Decimal(6)) }),
            ("in", { $0.accountManagerID == manager && $0.status.in([.closed, .suspended]) }),
            ("or/not", { $0.accountManagerID == manager && (!($0.status == .active) || $0.credit > Decimal(5)) }),
            ("tags", { $0.accountManagerID == manager && $0.tags.contains(["even\(n)"]) }),
            ("prefix", { $0.accountManagerID == manager && $0.name.hasPrefix("cnt\(n)-1") }),
            ("nothing", { $0.accountManagerID == manager && $0.tags.contains(["none\(n)"]) }),
            ("deleted only", { $0.accountManagerID == manager && $0.deletedAt.isNotNull }),
        ]
        var counts: [Int] = []
        for (label, condition) in conditions {
            for includeDeleted in [false, true] {
                let walked = try await offsetWalk(repository, includeDeleted: includeDeleted, where: condition)
                let count = try await repository.count(where: condition, includeDeleted: includeDeleted)
                let exists = try await repository.exists(where: condition, includeDeleted: includeDeleted)
                #expect(Set(walked).count == walked.count, "\(label)")
                #expect(count == walked.count, "\(label), includeDeleted \(includeDeleted)")
                #expect(exists == !walked.isEmpty, "\(label), includeDeleted \(includeDeleted)")
                counts.append(count)
            }
        }
        // The conditions are not vacuous: the expected numbers, computed from what was created.
        #expect(counts == [5, 7, 3, 3, 3, 3, 2, 3, 2, 4, 2, 4, 3, 4, 0, 1, 0, 0, 0, 2])
    }

    // MARK: - Keyset pages

    @Test("keyset pages over a nullable column, both directions and both NULLs placements, walk every row exactly once",
          arguments: [1, 2, 3])
    func keysetOverNullableColumns(limit: Int) async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var stored: [Customer] = []
        for credit in [nil, 5, 1, nil, 5, Decimal(string: "2.5"), nil, 1, 0] as [Decimal?] {
            var request = Requests.customer(manager: manager)
            request.credit = credit
            stored.append(try await customers.create(request))
        }
        let created = Set(stored.map(\.id))
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let placements: [(ascending: Bool, nulls: NullsPlacement)] = [(true, .last), (true, .first), (false, .first), (false, .last)]
        for (ascending, nulls) in placements {
            let orderBy: (Customer.Columns) -> [SortTerm<Customer>] = {
                [ascending ? $0.credit.ascending(nulls: nulls) : $0.credit.descending(nulls: nulls)]
            }
            let keyset = try await keysetWalk(customers, limit: limit, where: mine, orderBy: orderBy)
            let offset = try await offsetWalk(customers, limit: limit, where: mine, orderBy: orderBy)
            let label = "credit \(ascending ? "ASC" : "DESC") \(nulls.rawValue), limit \(limit)"
            #expect(keyset.count == stored.count && Set(keyset) == created, "\(label)")
            #expect(keyset == offset, "\(label)")
            #expect(keyset == expectedOrder(stored, by: { $0.credit.map(SortValue.decimal) }, ascending: ascending, nulls: nulls),
                    "\(label)")
        }

        // Order.notes (text) and Order.deliveryDate (date), restricted by a unique marker in the notes.
        let orders = OrderRepository(on: database)
        let marker = "keyset-\(TestSequence.next())-"
        var placed: [Order] = []
        for (index, day) in ([3, nil, 1, 3, nil, 2] as [Int?]).enumerated() {
            var request = Requests.order()
            request.notes = index == 4 ? nil : marker + ["b", "a", "c", "a", "", "B"][index]
            request.deliveryDate = day.flatMap { CalendarDate(year: 2029, month: 1, day: $0) }
            placed.append(try await orders.create(request))
        }
        let marked = placed.filter { $0.notes != nil }
        let byMarker: (Order.Columns) -> Condition<Order> = { $0.notes.hasPrefix(marker) }
        for (ascending, nulls) in placements {
            let byDate: (Order.Columns) -> [SortTerm<Order>] = {
                [ascending ? $0.deliveryDate.ascending(nulls: nulls) : $0.deliveryDate.descending(nulls: nulls)]
            }
            let dates = try await keysetWalk(orders, limit: limit, where: byMarker, orderBy: byDate)
            #expect(dates == expectedOrder(marked, by: { $0.deliveryDate.map(SortValue.day) }, ascending: ascending, nulls: nulls))
            #expect(dates == (try await offsetWalk(orders, limit: limit, where: byMarker, orderBy: byDate)))
            // Two terms: the nullable date, then the text, in opposite directions.
            let twoTerms: (Order.Columns) -> [SortTerm<Order>] = {
                [ascending ? $0.deliveryDate.ascending(nulls: nulls) : $0.deliveryDate.descending(nulls: nulls),
                 ascending ? $0.notes.descending(nulls: nulls) : $0.notes.ascending(nulls: nulls)]
            }
            let keyset = try await keysetWalk(orders, limit: limit, where: byMarker, orderBy: twoTerms)
            #expect(Set(keyset) == Set(marked.map(\.id)) && keyset.count == marked.count)
            #expect(keyset == (try await offsetWalk(orders, limit: limit, where: byMarker, orderBy: twoTerms)))
        }
        // The rows whose notes are NULL: every one of this test's orders, by id.
        let nullNotes = try await keysetWalk(orders, limit: limit, where: { $0.orderID.in(placed.map(\.id)) && $0.notes == nil },
                                             orderBy: { [$0.notes.ascending(nulls: .first)] })
        #expect(nullNotes == [placed[4].id])
    }

    @Test("keyset pages on timestamps a Date cannot hold to the microsecond (written by SQL) walk every row exactly once",
          arguments: [1, 2])
    func keysetOverFarTimestamps(limit: Int) async throws {
        let database = try await RepositoryHarness.database()
        let orders = OrderRepository(on: database)
        let customer = UUID()
        // Far from 2001 a Date is coarser than a microsecond: keys rounded from the model's Date would land
        // beside the stored value, and a page would repeat its last row (forever, with limit 1 descending) or skip
        // the rows sharing its timestamp.
        let stamps = ["9999-12-31 23:59:59.999999+00", "9999-12-31 23:59:59.999999+00", "9999-12-31 23:59:59.999998+00",
                      "5000-06-01 12:00:00.000001+00", "1500-01-01 00:00:00.000001+00", "2024-05-06 07:08:09.123456+00"]
        var placed: [UUID] = []
        for stamp in stamps {
            let order = try await orders.create(Requests.order(customer: customer))
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(stamp)
            bindings.append(order.id)
            try await database.execute(PostgresQuery(unsafeSQL: "UPDATE orders SET placed_at = $1::timestamptz WHERE order_id = $2",
                                                     binds: bindings), context: QueryContext(operation: "test", table: "orders"))
            placed.append(order.id)
        }
        let mine: (Order.Columns) -> Condition<Order> = { $0.customerID == customer }
        for ascending in [true, false] {
            let orderBy: (Order.Columns) -> [SortTerm<Order>] = { [ascending ? $0.placedAt.ascending() : $0.placedAt.descending()] }
            let keyset = try await keysetWalk(orders, limit: limit, where: mine, orderBy: orderBy)
            #expect(keyset.count == placed.count && Set(keyset) == Set(placed), "\(ascending ? "ASC" : "DESC"), limit \(limit)")
            #expect(keyset == (try await offsetWalk(orders, limit: limit, where: mine, orderBy: orderBy)))
        }
    }

    @Test("a cursor after a long text key (a 2048-character URL of slashes, 20,000 escaped control characters) is accepted back")
    func keysetOverLongTextKeys() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        var created: [UUID] = []
        for suffix in ["a", "b", "c"] {
            var request = Requests.customer(manager: manager)
            request.website = "https://\(suffix)/" + String(repeating: "/", count: 2048 - 10)
            created.append(try await customers.create(request).id)
        }
        let byWebsite = try await keysetWalk(customers, limit: 1, where: { $0.accountManagerID == manager },
                                             orderBy: { [$0.website.ascending()] })
        #expect(byWebsite == created)

        let orders = OrderRepository(on: database)
        let customer = UUID()
        var placed: [UUID] = []
        for prefix in ["a", "b", "c"] {
            var request = Requests.order(customer: customer)
            request.notes = prefix + String(repeating: "\u{1}", count: 20_000)
            placed.append(try await orders.create(request).id)
        }
        let byNotes = try await keysetWalk(orders, limit: 1, where: { $0.customerID == customer }, orderBy: { [$0.notes.ascending()] })
        #expect(byNotes == placed)
    }

    @Test("a keyset walk stays exact while rows are inserted between pages: none repeats, rows behind the cursor are not seen")
    func keysetWhileInserting() async throws {
        let customers = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        func make(_ credit: Decimal?) async throws -> Customer {
            var request = Requests.customer(manager: manager)
            request.credit = credit
            return try await customers.create(request)
        }
        let initial = [try await make(1), try await make(2), try await make(nil), try await make(3), try await make(4)]
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let orderBy: (Customer.Columns) -> [SortTerm<Customer>] = { [$0.credit.ascending(nulls: .last)] }
        let first = try await customers.list(where: mine, orderBy: orderBy, after: KeysetPageRequest(limit: 2))
        #expect(first.items.map(\.id) == [initial[0].id, initial[1].id])
        let behind = try await make(Decimal(string: "1.5"))   // before the cursor: never seen
        let ahead = try await make(Decimal(string: "3.5"))    // after it: seen in place
        let trailing = try await make(nil)                     // NULLS LAST: seen at the end
        var seen = first.items.map(\.id)
        var cursor = first.nextCursor
        while let next = cursor {
            let page = try await customers.list(where: mine, orderBy: orderBy, after: KeysetPageRequest(limit: 2, after: next))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        }
        let nulls = [initial[2].id, trailing.id].sorted { $0.uuidString < $1.uuidString }
        #expect(seen == [initial[0].id, initial[1].id, initial[3].id, ahead.id, initial[4].id] + nulls)
        #expect(!seen.contains(behind.id))
    }

    @Test("a cursor is refused (IllegalArgument) with another ordering, filter, filter value, NULLs placement or includeDeleted")
    func foreignCursorRefused() async throws {
        let database = try await RepositoryHarness.database()
        let customers = CustomerRepository(on: database, cipher: RepositoryHarness.cipher)
        let manager = UUID()
        for credit in [1, 2, nil, 3] as [Decimal?] {
            var request = Requests.customer(manager: manager)
            request.credit = credit
            _ = try await customers.create(request)
        }
        let mine: (Customer.Columns) -> Condition<Customer> = { $0.accountManagerID == manager }
        let byCredit: (Customer.Columns) -> [SortTerm<Customer>] = { [$0.credit.ascending()] }
        let first = try await customers.list(where: mine, orderBy: byCredit, after: KeysetPageRequest(limit: 2))
        let cursor = try #require(first.nextCursor)
        let request = try KeysetPageRequest(limit: 2, after: cursor)
        // The same query accepts it, also through the opaque form.
        let second = try await customers.list(where: mine, orderBy: byCredit, after: request)
        #expect(second.items.count == 2)
        #expect(try await customers.list(where: mine, orderBy: byCredit,
                                         after: KeysetPageRequest(limit: 2, after: cursor.encoded)).items.map(\.id)
                == second.items.map(\.id))

        let refused: [(String, () async throws -> Void)] = [
            ("descending", { _ = try await customers.list(where: mine, orderBy: { [$0.credit.descending()] }, after: request) }),
            ("NULLS FIRST", { _ = try await customers.list(where: mine, orderBy: { [$0.credit.ascending(nulls: .first)] }, after: request) }),
            ("another column", { _ = try await customers.list(where: mine, orderBy: { [$0.email.ascending()] }, after: request) }),
            ("default ordering", { _ = try await customers.list(where: mine, after: request) }),
            ("an extra term", { _ = try await customers.list(where: mine, orderBy: { [$0.credit.ascending(), $0.email.ascending()] }, after: request) }),
            ("another filter value", { _ = try await customers.list(where: { $0.accountManagerID == UUID() }, orderBy: byCredit, after: request) }),
            ("an extra condition", { _ = try await customers.list(where: { mine($0) && $0.status == .active }, orderBy: byCredit, after: request) }),
            ("no filter", { _ = try await customers.list(orderBy: byCredit, after: request) }),
            ("includeDeleted", { _ = try await customers.list(where: mine, orderBy: byCredit, after: request, includeDeleted: true) }),
            ("another entity", {
                _ = try await OrderRepository(on: database).list(where: { $0.customerID == manager }, orderBy: { [$0.total.ascending()] }, after: request)
            }),
            ("made by hand", {
                let forged = KeysetCursor(keys: cursor.keys, id: cursor.id)
                _ = try await customers.list(where: mine, orderBy: byCredit, after: KeysetPageRequest(limit: 2, after: forged))
            }),
            ("a key of another type", {
                let forged = KeysetCursor(keys: [.string("2")], id: cursor.id, query: cursor.query)
                _ = try await customers.list(where: mine, orderBy: byCredit, after: KeysetPageRequest(limit: 2, after: forged))
            }),
            ("too many keys", {
                let forged = KeysetCursor(keys: cursor.keys + cursor.keys, id: cursor.id, query: cursor.query)
                _ = try await customers.list(where: mine, orderBy: byCredit, after: KeysetPageRequest(limit: 2, after: forged))
            }),
        ]
        for (label, attempt) in refused {
            await #expect(throws: IllegalArgument.self, "\(label)") { try await attempt() }
        }
        // A cursor from the default ordering is refused by an explicit one, and the other way round too.
        let byCreation = try #require(try await customers.list(where: mine, after: KeysetPageRequest(limit: 1)).nextCursor)
        await #expect(throws: IllegalArgument.self) {
            _ = try await customers.list(where: mine, orderBy: byCredit, after: KeysetPageRequest(limit: 2, after: byCreation))
        }
    }

    @Test("a keyset walk with a JSON containment filter accepts its cursor with an equal fragment built another way")
    func keysetWithEqualJSONFragment() async throws {
        let repository = OrderRepository(on: try await RepositoryHarness.database())
        let customer = UUID()
        var forward: [String: JSONValue] = [:]
        for index in 0..<16 { forward["k\(index)"] = .string("v\(index)") }
        var backward: [String: JSONValue] = [:]
        backward.reserveCapacity(128)
        for index in (0..<16).reversed() { backward["k\(index)"] = .string("v\(index)") }
        #expect(JSONValue.object(forward) == JSONValue.object(backward))
        var stored: [Order] = []
        for _ in 0..<3 {
            var request = Requests.order(customer: customer)
            request.data = .object(forward)
            stored.append(try await repository.create(request))
        }
        let first = try await repository.list(where: { $0.customerID == customer && $0.data.contains(.object(forward)) },
                                              after: KeysetPageRequest(limit: 2))
        #expect(first.items.map(\.id) == [stored[0].id, stored[1].id])
        // The same filter, as a server rebuilds it from the client's JSON on the next request: the cursor's query
        // fingerprint must not depend on the dictionary's iteration order (hash seed, capacity, insertion history).
        let next = try await repository.list(where: { $0.customerID == customer && $0.data.contains(.object(backward)) },
                                             after: KeysetPageRequest(limit: 2, after: first.nextCursor))
        #expect(next.items.map(\.id) == [stored[2].id])
        // A different fragment is another filter.
        var other = forward
        other["k0"] = "changed"
        await #expect(throws: IllegalArgument.self) {
            _ = try await repository.list(where: { $0.customerID == customer && $0.data.contains(.object(other)) },
                                          after: KeysetPageRequest(limit: 2, after: first.nextCursor))
        }
    }

    @Test("a cursor is refused with a different text prefix whose fingerprint text could run into the next condition's")
    func keysetPrefixFingerprintIsUnambiguous() async throws {
        let repository = CustomerRepository(on: try await RepositoryHarness.database(), cipher: RepositoryHarness.cipher)
        let manager = UUID()
        for _ in 0..<3 { _ = try await repository.create(Requests.customer(manager: manager)) }
        // Two different filters: (name starts with "x" AND name starts with "y" AND manager) and
        // (name starts with "x];name prefix[y" AND manager).
        let split: (Customer.Columns) -> Condition<Customer> = {
            $0.accountManagerID == manager && $0.name.hasPrefix("Customer") && $0.name.hasPrefix("Cust")
        }
        let joined: (Customer.Columns) -> Condition<Customer> = {
            $0.accountManagerID == manager && $0.name.hasPrefix("Customer];name prefix[Cust")
        }
        let first = try await repository.list(where: split, after: KeysetPageRequest(limit: 1))
        #expect(first.items.count == 1)
        let cursor = try #require(first.nextCursor)
        // Every value in the fingerprint is framed by its length, so no value imitates the structure around it.
        await #expect(throws: IllegalArgument.self) {
            _ = try await repository.list(where: joined, after: KeysetPageRequest(limit: 1, after: cursor))
        }
    }

    // MARK: - Nearest neighbours

    /// The cosine distance pgvector's `<=>` computes.
    private func cosineDistance(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let norms = sqrt(a.reduce(0.0) { $0 + Double($1 * $1) }) * sqrt(b.reduce(0.0) { $0 + Double($1 * $1) })
        return 1 - dot / norms
    }

    @Test("nearest(to:on:limit:where:) returns rows by cosine distance (the index's), respects the predicate and limit, skips NULL vectors and deleted rows")
    func nearestNeighbours() async throws {
        let database = try await RepositoryHarness.database()
        let repository = ProductRepository(on: database)
        let position = Requests.uniqueProductOrder()
        func vector(_ tail: [Float]) -> [Float] { [0, 0, 0, 0, 0] + tail }
        let target = vector([0, 0, -1])
        let specs: [([Float]?, Product.Visibility)] = [
            (vector([0, 0.1, -1]), .public),
            (vector([0, 1, -1]), .public),
            (vector([0, 1, 0]), .public),
            (vector([1, 1, 1]), .public),
            (nil, .public),
            (vector([0, 0, -2]), .private),
            (vector([0.3, 0, -1]), .internal),
        ]
        var stored: [Product] = []
        for (embedding, visibility) in specs {
            var request = Requests.product(order: position)
            request.embedding = embedding
            request.visibility = visibility
            stored.append(try await repository.create(request))
        }
        let withVectors = stored.filter { $0.embedding != nil }
        let byDistance = withVectors.sorted { cosineDistance($0.embedding!, target) < cosineDistance($1.embedding!, target) }.map(\.id)
        #expect(byDistance.first == stored[5].id && byDistance.last == stored[3].id)

        do {
          try await database.transaction { tx in
            // Other tests' vectors share the approximate index; let it look at every candidate.
            try await tx.execute("SET LOCAL hnsw.ef_search = 1000")
            let products = ProductRepository(on: tx)
            let all = try await products.nearest(to: target, on: { $0.embedding }, limit: 10, where: { $0.order == position })
            #expect(all.map(\.id) == byDistance)
            let two = try await products.nearest(to: target, on: { $0.embedding }, limit: 2, where: { $0.order == position })
            #expect(two.map(\.id) == Array(byDistance.prefix(2)))
            let publicOnly = try await products.nearest(to: target, on: { $0.embedding }, limit: 10,
                                                        where: { $0.order == position && $0.visibility == .public })
            #expect(publicOnly.map(\.id) == byDistance.filter { id in stored.first { $0.id == id }?.visibility == .public })
            #expect(publicOnly.count == 4)
            // Length does not matter to cosine distance: a vector three times as long finds its direction first.
            let scaled = try await products.nearest(to: vector([3, 3, 3]), on: { $0.embedding }, limit: 1,
                                                    where: { $0.order == position })
            #expect(scaled.map(\.id) == [stored[3].id])

            let deleted = try await products.softDelete(id: stored[5].id, expectedVersion: stored[5].version)
            #expect(try await products.nearest(to: target, on: { $0.embedding }, limit: 10, where: { $0.order == position })
                .map(\.id) == byDistance.filter { $0 != deleted.id })
            #expect(try await products.nearest(to: target, on: { $0.embedding }, limit: 10, where: { $0.order == position },
                                               includeDeleted: true).map(\.id) == byDistance)
            throw RollBack()
          }
        } catch is RollBack {}
    }

    @Test("nearest refuses a limit outside 1…1000 and a non-finite vector before sending anything")
    func nearestRefusesBadArguments() async throws {
        let counting = CountingExecutor(try await RepositoryHarness.database())
        let repository = ProductRepository(on: counting)
        let vector: [Float] = [1, 0, 0, 0, 0, 0, 0, 0]
        await #expect(throws: IllegalArgument.self) { try await repository.nearest(to: vector, on: { $0.embedding }, limit: 0) }
        await #expect(throws: IllegalArgument.self) { try await repository.nearest(to: vector, on: { $0.embedding }, limit: 1001) }
        await #expect(throws: IllegalArgument.self) {
            try await repository.nearest(to: [.nan, 0, 0, 0, 0, 0, 0, 0], on: { $0.embedding }, limit: 1)
        }
        await #expect(throws: IllegalArgument.self) {
            try await repository.nearest(to: [.infinity, 0, 0, 0, 0, 0, 0, 0], on: { $0.embedding }, limit: 1)
        }
        #expect(counting.statements == 0)
    }
}
