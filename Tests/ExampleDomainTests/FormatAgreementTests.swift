import Taxiway
import TaxigenCore
import Testing

/// taxigen checks spec defaults with the same `format:` expressions that generated validation uses at run time.
@Suite("Format expressions")
struct FormatAgreementTests {
    @Test("taxigen and Taxiway agree on every format's expression", arguments: ValidationRules.Format.allCases)
    func sameExpressions(format: ValidationRules.Format) throws {
        let runtime = try #require(TextPatterns.Format(rawValue: format.rawValue))
        #expect(TextFormat.pattern(for: format) == runtime.pattern)
    }
}
