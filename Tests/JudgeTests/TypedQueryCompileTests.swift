import Foundation
import TaxigenCore
import TaxigenFuzz
import Testing

/// swiftc as the judge of the typed queries' promise: a condition on another entity's column, a value of the
/// wrong type, an order on a type with none, and a comparison of a sealed column do not compile; the same
/// queries written right do.
@Suite("Typed queries, judged by swiftc", .serialized)
struct TypedQueryCompileTests {
    /// A small domain: orders with every kind of column a condition can name, and customers with a sealed field.
    static let specs = [
        "specs/order.yaml": """
        entity: Order
        json_data: true
        fields:
          customer_id: { type: ref, entity: Customer }
          number: { type: bigint, unique: true }
          status: { type: enum, values: [pending, paid], default: pending }
          notes: { type: text, nullable: true }
          tags: { type: array, items: text, default: [] }
        """,
        "specs/customer.yaml": """
        entity: Customer
        fields:
          name: { type: string, max_length: 80 }
          tax_number: { type: string, max_length: 20, sensitive: true, nullable: true }
        """,
    ]

    /// Snippets that must not compile, each with a fragment of the error swiftc must give.
    static let refused: [(String, String)] = [
        ("let _: Condition<Order> = Customer.columns.name == \"x\"", "Condition<Customer>"),
        ("func f(_ r: OrderRepository) async throws { _ = try await r.count(where: { $0.number == \"12\" }) }", "error"),
        ("let _: Condition<Order> = Order.columns.status < .paid", "error"),
        ("let _: Condition<Customer> = Customer.columns.taxNumber == \"x\"", "error"),
        ("let _: SortTerm<Order> = Order.columns.data.ascending()", "error"),
        ("let _: Condition<Order> = Order.columns.tags.contains([1, 2])", "error"),
    ]

    /// The same kinds of query, written right.
    static let accepted = """
        func queries(_ orders: OrderRepository, customer: UUID) async throws {
            let _: Condition<Order> = Order.columns.number >= 12 && Order.columns.notes == nil
            _ = try await orders.list(where: { $0.customerID == customer && !$0.status.in([.paid]) || $0.tags.contains(["a"]) },
                                      orderBy: { [$0.number.descending(), $0.status.ascending(nulls: .first)] },
                                      page: PageRequest(limit: 10))
            _ = try await orders.count(where: { $0.notes.hasPrefix("x") && $0.data.contains(["k": true]) })
        }
        """

    /// Generates the small domain into `output` (its `Swift/` folder only).
    private static func generate(into output: String) throws {
        var log = DiagnosticLog()
        let sources = specs.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), into: &log), "\(log.diagnostics)")
        let generator = Generator(config: ProjectConfig(projectDirectory: output))
        for file in try generator.render(generator.plan(schema), with: try TemplateSet.defaults())
        where file.path.hasPrefix("Swift/") {
            let path = output + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try file.contents.write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    /// The failures swiftc reports for `snippet` compiled against the generated module.
    private func failures(of snippet: String, name: String) throws -> [String] {
        let swift = try #require(JudgeSetup.swiftJudge(), "build with `swift build --build-tests` first")
        let work = NSTemporaryDirectory() + "taxigen-typed-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
        try? FileManager.default.removeItem(atPath: work)
        try Self.generate(into: work + "/output")
        try FileManager.default.createDirectory(atPath: work + "/output/Tests", withIntermediateDirectories: true)
        try "import Foundation\nimport QueryTypes\nimport Taxiway\n\n\(snippet)\n"
            .write(toFile: work + "/output/Tests/Snippet.swift", atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: work) }
        return try swift.judge(output: work + "/output", moduleName: "QueryTypes", scratch: work + "/scratch")
    }

    @Test("the right queries compile without a warning")
    func acceptedQueries() throws {
        #expect(try failures(of: Self.accepted, name: "accepted") == [])
    }

    @Test("a condition on another entity, a wrong value type, an unordered or sealed column does not compile",
          arguments: Array(refused.enumerated()))
    func refusedQueries(_ item: (offset: Int, element: (String, String))) throws {
        let (snippet, fragment) = item.element
        let found = try failures(of: snippet, name: "refused\(item.offset)")
        #expect(found.contains { $0.contains(": error: ") && $0.contains(fragment) }, "\(snippet)\n\(found)")
    }
}
