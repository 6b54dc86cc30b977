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
}
