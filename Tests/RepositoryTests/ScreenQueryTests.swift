import ExampleDomain
import Foundation
import Taxiway
import TaxiwayTesting
import Testing

/// A realistic screen query on the example domain, walked by keyset while rows keep arriving: a customer's
/// unassigned tickets (a nullable ref `IS NULL`) opened in a date window, newest first then by priority
/// (non-key columns, mixed directions), 10,000 rows.
@Suite("Screen query walked by keyset while rows are inserted")
struct ScreenQueryTests {
    private static let rows = 10_000
    private static let pageSize = 250

    @Test("every row present at the start is read exactly once, in order, while matching rows are inserted")
    func walkWhileInserting() async throws {
        let database = try await RepositoryHarness.database()
        let tickets = SupportTicketRepository(on: database)
        let customer = UUID()
        let assignee = UUID()
        let first = CalendarDate(year: 2024, month: 1, day: 1)!
        func ticket(_ n: Int, assigned: Bool) -> SupportTicketCreate {
            SupportTicketCreate(customerID: customer, assigneeID: assigned ? assignee : nil, subject: "Ticket \(n)",
                                body: "Screen query row \(n)", priority: SupportTicket.Priority.allCases[n % 4],
                                openedOn: first.adding(days: n % 400)!)
        }
        // Every fifth row is assigned, so the filter leaves some out; dates span 400 days, the window 300.
        let stored = try await tickets.create((0..<Self.rows).map { ticket($0, assigned: $0 % 5 == 0) })
        let windowStart = first.adding(days: 50)!
        let windowEnd = first.adding(days: 350)!
        let expected = Set(stored.filter { $0.assigneeID == nil && $0.openedOn >= windowStart && $0.openedOn < windowEnd }
            .map(\.id))
        #expect(expected.count > 5_000)

        let filter: (SupportTicket.Columns) -> Condition<SupportTicket> = {
            $0.customerID == customer && $0.assigneeID == nil && $0.openedOn.within(from: windowStart, upTo: windowEnd)
        }
        let order: (SupportTicket.Columns) -> [SortTerm<SupportTicket>] = {
            [$0.openedOn.descending(), $0.priority.ascending()]
        }
        // Rows arrive while the walk goes on: matching ones inside the window and others outside it.
        let inserter = Task {
            var inserted = 0
            for batch in 0..<20 {
                let requests = (0..<100).map { ticket(Self.rows + batch * 100 + $0, assigned: $0 % 7 == 0) }
                inserted += try await tickets.create(requests).count
                try await Task.sleep(for: .milliseconds(5))
            }
            return inserted
        }
        var seen: [UUID] = []
        var previous: SupportTicket?
        var request = try KeysetPageRequest(limit: Self.pageSize)
        while true {
            let page = try await tickets.list(where: filter, orderBy: order, after: request)
            for row in page.items {
                if let previous {
                    let inOrder = previous.openedOn > row.openedOn
                        || (previous.openedOn == row.openedOn && previous.priority.rawValue <= row.priority.rawValue)
                    #expect(inOrder, "\(previous.openedOn) \(previous.priority) then \(row.openedOn) \(row.priority)")
                }
                previous = row
            }
            seen += page.items.map(\.id)
            guard let cursor = page.nextCursor else { break }
            request = try KeysetPageRequest(limit: Self.pageSize, after: KeysetCursor(encoded: cursor.encoded))
        }
        #expect(try await inserter.value == 2_000)
        #expect(Set(seen).count == seen.count, "a row was read twice")
        #expect(expected.isSubset(of: Set(seen)), "\(expected.subtracting(seen).count) rows present at the start were missed")
    }
}
