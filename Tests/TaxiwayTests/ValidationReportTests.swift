import Foundation
import Taxiway
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
}
