import Foundation
import Taxiway
import TaxiwayRules
import Testing

/// The checks generated validation code calls, on the edges PostgreSQL itself draws.
@Suite("ValidationReport")
struct ValidationReportTests {
    /// The rules `checkDecimal` reports for `text` in `numeric(precision, scale)`.
    private func decimalRules(_ text: String, precision: Int, scale: Int) -> [String] {
        var report = ValidationReport()
        report.checkDecimal(Decimal(string: text)!, of: "amount", precision: precision, scale: scale)
        return report.issues.map(\.rule)
    }

    @Test("decimals: what numeric(p, s) would store exactly passes, what it would round or refuse does not",
          arguments: [
              ("0", 12, 2, [String]()), ("1.5", 12, 2, []), ("1.50", 12, 2, []), ("-1.25", 12, 2, []),
              ("9999999999.99", 12, 2, []), ("-9999999999.99", 12, 2, []),
              ("1.005", 12, 2, ["scale"]), ("-0.001", 12, 2, ["scale"]),
              ("10000000000", 12, 2, ["precision"]), ("-10000000000", 12, 2, ["precision"]),
              ("10000000000.001", 12, 2, ["scale", "precision"]),
              ("42", 5, 0, []), ("0.5", 5, 0, ["scale"]), ("100000", 5, 0, ["precision"]),
              ("0.99", 2, 2, []), ("1", 2, 2, ["precision"]), ("0.999", 2, 2, ["scale"]),
              // Wider than Decimal's 38 digits: what Decimal can hold is checked, nothing is reported falsely.
              ("12345678901234567890.5", 50, 10, []), ("0.00000000001", 50, 10, ["scale"]), ("1", 1000, 0, []),
          ])
    func decimals(_ text: String, _ precision: Int, _ scale: Int, _ expected: [String]) {
        #expect(decimalRules(text, precision: precision, scale: scale) == expected)
    }

    @Test("a NUL character anywhere in a text, or in any item of a text array, is reported with its item's path")
    func nulCharacter() {
        var report = ValidationReport()
        report.checkNoNullCharacter("fine", of: "name")
        report.checkNoNullCharacter(nil, of: "name")
        report.checkNoNullCharacter("\u{0}", of: "title")
        report.checkEachNoNullCharacter(["ok", "a\u{0}b", "ok"], of: "tags")
        #expect(report.issues.map { "\($0.field) \($0.rule)" } == ["title null_character", "tags[1] null_character"])
    }

    @Test("every issue a check reports carries a rule id taxigen knows, with the generator's wording")
    func ruleIDsAreShared() {
        var report = ValidationReport()
        report.checkLength("", of: "a", min: 1)
        report.checkLength("ab", of: "a", max: 1)
        report.checkNoNullCharacter("a\u{0}", of: "a")
        report.checkEachNoNullCharacter(["\u{0}"], of: "a")
        report.checkDecimal(Decimal.nan, of: "d", precision: 4, scale: 2)
        report.checkDecimal(Decimal(string: "123.456")!, of: "d", precision: 4, scale: 2)
        report.checkPattern("x", of: "p", pattern: "^[0-9]$")
        report.checkFormat("x", of: "f", .email)
        report.checkRange(5, of: "n", min: 6, max: 4)
        report.checkItemCount([1], of: "i", min: 2)
        report.checkItemCount([1, 2], of: "i", max: 1)
        report.checkEachLength(["abc"], of: "e", max: 1)
        report.checkEachPattern(["x"], of: "e", pattern: "^[0-9]$")
        report.checkEachRange([9], of: "e", max: 1)
        report.checkDimensions([1, .nan], of: "v", count: 3)
        report.checkStorable(Date(timeIntervalSince1970: 1e15), of: "t")
        report.checkFinite(.infinity, of: "x")
        var deep = JSONValue.number(.nan)
        for _ in 0...JSONValue.maximumDepth { deep = .array([deep]) }
        report.checkJSON(deep, of: "j")
        report.checkJSON(.object(["k": .string("\u{0}")]), of: "j")
        let rules = report.issues.map(\.rule)
        #expect(rules.allSatisfy { ValidationRuleID(rawValue: $0) != nil }, "\(rules)")
        #expect(Set(rules) == Set(ValidationRuleID.allCases.map(\.rawValue)), "every rule id is reported by some check")
        #expect(report.issues.first?.message == "must be \(RuleWording.minLength(1)) long")
        #expect(report.issues.contains { $0.message == "must have \(RuleWording.dimensions(3))" })
    }
}
