import TaxigenCore
import Testing

/// In-memory specs: load and check without files.
enum Specs {
    /// The schema of specs (path → YAML) and every diagnostic; a failure lists the errors.
    static func check(_ files: [String: String], options: Checker.Options = Checker.Options()) throws
        -> (schema: Schema, diagnostics: [Diagnostic]) {
        var log = DiagnosticLog()
        let sources = files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let schema = Checker.check(SpecLoader.load(sources, into: &log), options: options, into: &log)
        return (try #require(schema, "the specs do not check:\n\(log.sorted.map(\.description).joined(separator: "\n"))"),
                log.sorted)
    }

    /// A small entity with hostile names (a table `select`, fields `from` and `user`) and one default of
    /// every kind, including text that looks like SQL, quotes, a line break and numbers below zero.
    static let gadget = """
        entity: Gadget
        table: select
        description: "It's a \\"gadget\\"; -- not a comment\\nSecond line."
        fields:
          label: { type: string, max_length: 40, min_length: 2, default: "it's; -- not a comment", description: "Label; with 'quotes'." }
          from: { type: int, minimum: -5, maximum: 5, default: -3 }
          released: { type: date, default: "2024-02-29" }
          settings: { type: json, default: { b: true, a: [1, "x'y"] } }
          sizes: { type: array, items: string, max_length: 10, min_items: 1, max_items: 3, default: [s, "m'l"] }
          ratio: { type: double, minimum: -1.5, maximum: 1000, default: 0.25 }
          big: { type: bigint, minimum: -9000000000, default: 9000000000 }
          flags: { type: array, items: bool, default: [true, false] }
          ids: { type: array, items: uuid, default: [] }
          price: { type: decimal, precision: 8, scale: 3, default: "-1.250" }
          note: { type: text, max_length: 10, nullable: true }
          secret: { type: text, sensitive: true, nullable: true }
          kind: { type: enum, values: [a_b, c], default: c }
          user: { type: ref, entity: Gadget, nullable: true }
        indexes:
          - fields: [kind, from]
        """
}
