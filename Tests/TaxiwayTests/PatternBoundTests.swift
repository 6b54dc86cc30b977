import Foundation
import Taxiway
import Testing

/// A client's text checked against a backtracking pattern is refused within a bounded time instead of
/// holding the request (the checker refuses the worst pattern shapes; this bounds every other one).
@Suite("Pattern matching is bounded")
struct PatternBoundTests {
    @Test("a catastrophic pattern on a hostile text is refused quickly; ordinary texts still match")
    func catastrophicPattern() {
        // Exponential backtracking on a text that almost matches.
        let pattern = "^(a|aa)*$"
        let hostile = String(repeating: "a", count: 60) + "!"
        let clock = ContinuousClock()
        let started = clock.now
        #expect(!TextPatterns.matches(hostile, pattern: pattern))
        #expect(clock.now - started < .seconds(1), "took \(clock.now - started)")
        #expect(TextPatterns.matches("aaaa", pattern: pattern))
        #expect(TextPatterns.matches("ABC-123", pattern: "^[A-Z]{3}-[0-9]{3}$"))
        #expect(!TextPatterns.matches("ABC-12", pattern: "^[A-Z]{3}-[0-9]{3}$"))
        #expect(!TextPatterns.matches("xABC-123", pattern: "[A-Z]{3}-[0-9]{3}"), "the whole text must match")
    }

    /// A value whose one text is checked against a backtracking pattern.
    struct Slow: Validatable {
        let text: String

        func validationIssues() -> [ValidationIssue] {
            var report = ValidationReport()
            report.checkPattern(text, of: "text", pattern: "^(a|aa)*$")
            return report.issues
        }
    }

    @Test("the slow matches of one bulk validation share one budget: 300 hostile items cannot add up to seconds")
    func bulkBudget() {
        let hostile = Slow(text: String(repeating: "a", count: 60) + "!")
        let clock = ContinuousClock()
        let started = clock.now
        // Each match alone may take about 10 ms; 300 of them took 3 s when each had its own budget.
        let issues = (Array(repeating: hostile, count: 300) + [Slow(text: "aaaa")]).allIssues()
        #expect(clock.now - started < .seconds(1), "took \(clock.now - started)")
        #expect(issues.count == 301 && issues.allSatisfy { $0.rule == "pattern" })
        #expect(issues.first?.field == "[0].text" && issues.last?.field == "[300].text",
                "a value checked after the budget is spent does not match")
        // The next validation has a budget of its own.
        #expect(Slow(text: "aaaa").allIssues().isEmpty)
        #expect([Slow(text: "aaaa"), Slow(text: "aa")].allIssues().isEmpty)
    }
}
