import Foundation
import Testing
@testable import TaxigenCore

/// Named queries (`queries:`): every refusal where it is written, with its hint; the `NamedQuery` the checker
/// builds; the repository methods and tests generated from it; and lint's "no index serves it".
@Suite("Named queries")
struct NamedQueryTests {
    /// An order spec with a field of every kind a query meets, and `queries` appended.
    static func spec(_ queries: String) -> [String: String] {
        [
            "specs/order.yaml": """
            entity: Order
            json_data: true
            fields:
              customer_id: { type: ref, entity: Customer }
              number: { type: bigint, unique: true }
              placed_at: { type: timestamp, default: now }
              status: { type: enum, values: [pending, paid, shipped], default: pending }
              total: { type: decimal, precision: 12, scale: 2, default: 0 }
              notes: { type: text, nullable: true }
              code: { type: string, max_length: 20 }
              tags: { type: array, items: text, default: [] }
              tracking_id: { type: uuid, nullable: true }
              delivery_date: { type: date, nullable: true }
              secret: { type: string, max_length: 40, sensitive: true, nullable: true }
              embedding: { type: vector, dimensions: 3, nullable: true }
            indexes:
              - fields: [status, placed_at]
              - fields: [tags]
                kind: gin
            queries:
            \(queries)
            """,
            "specs/customer.yaml": "entity: Customer\nfields:\n  name: { type: text }\n",
        ]
    }

    private func errors(_ queries: String) -> [String] {
        SpecHarness.errors(Self.spec(queries))
    }

    private func diagnostics(_ queries: String) -> [Diagnostic] {
        SpecHarness.diagnostics(Self.spec(queries)).filter { $0.severity == .error }
    }

    // MARK: - Refusals

    @Test("queries that are not a mapping, and a query that is not one, are refused")
    func shapes() {
        #expect(SpecHarness.errors(["specs/a.yaml": "entity: A\nfields:\n  n: { type: text }\nqueries: [a]\n"])
            == ["specs/a.yaml:4:10: 'queries' must be a mapping of query names to queries, not a list"])
        #expect(errors("  paid: status") == ["specs/order.yaml:21:9: query 'paid' must be a mapping with 'where' and/or 'order_by', not the string 'status'"])
        #expect(errors("  paid: { where: [status] }") == ["specs/order.yaml:21:18: 'where' in query 'paid' must be a mapping of fields to conditions, not a list"])
        #expect(errors("  paid: { order_by: status }") == ["specs/order.yaml:21:21: 'order_by' in query 'paid' must be a list, not the string 'status'"])
        #expect(errors("  paid: { description: Paid. }") == ["specs/order.yaml:21:3: query 'paid' has no conditions and no ordering"])
    }

    @Test("an unknown key of a query is refused with a did-you-mean hint")
    func unknownKey() {
        let found = diagnostics("  paid: { where: { status: paid }, orderby: [number] }")
        #expect(found.map(\.description) == ["specs/order.yaml:21:36: error: unknown key 'orderby' in query 'paid'\n    hint: did you mean 'order_by'?"])
    }

    @Test("query names must be snake_case, not Swift keywords, not repository or Condition members or finders, and distinct as methods")
    func names() {
        #expect(errors("  PaidOrders: { where: { status: paid } }")
            == ["specs/order.yaml:21:3: query name 'PaidOrders' is not a lowercase snake_case name"])
        #expect(errors("  default: { where: { status: paid } }")
            == ["specs/order.yaml:21:3: query 'default' would become the Swift method 'default', a Swift keyword"])
        for member in ["list", "count", "soft_delete", "fetch_one", "explain", "executor", "set_data"] {
            let method = Naming.lowerCamelCase(member)
            #expect(errors("  \(member): { where: { status: paid } }")
                == ["specs/order.yaml:21:3: query '\(member)' would become the method '\(method)', which every repository already has"])
        }
        for member in ["all", "none", "all_of", "any_of"] {
            let method = Naming.lowerCamelCase(member)
            #expect(errors("  \(member): { where: { status: paid } }")
                == ["specs/order.yaml:21:3: query '\(member)' would make the condition `.\(method)`, which Taxiway's `Condition` already has"])
        }
        #expect(errors("  find_by_number: { where: { status: paid } }")
            == ["specs/order.yaml:21:3: query 'find_by_number' would read like the repository's own finder of field 'number' (`find(byNumber:)`)"])
        #expect(errors("  paid2: { where: { status: paid } }\n  paid_2: { where: { status: shipped } }")
            == ["specs/order.yaml:22:3: queries 'paid_2' and 'paid2' both become the Swift method 'paid2'"])
    }

    @Test("an unknown field is refused with a did-you-mean hint; deleted_at says why")
    func unknownFields() {
        let found = diagnostics("  mine: { where: { custmer_id: $customer } }")
        #expect(found.map(\.description) == ["specs/order.yaml:21:20: error: 'custmer_id' in 'where' of query 'mine' is not a field of entity 'Order'\n    hint: did you mean 'customer_id'?"])
        let deleted = diagnostics("  gone: { where: { deleted_at: not_null } }")
        #expect(deleted.first?.hint == "soft-deleted rows are left out unless the call passes `includeDeleted: true`")
        #expect(errors("  mine: { order_by: [-placd_at] }")
            == ["specs/order.yaml:21:22: '-placd_at' in 'order_by' of query 'mine' is not a field of entity 'Order'"].map { $0.replacingOccurrences(of: "'-placd_at'", with: "'placd_at'") })
    }

    @Test("sensitive fields cannot be queried or ordered by, vector fields cannot be compared or ordered by")
    func unqueryableFields() {
        #expect(errors("  s: { where: { secret: $secret } }") == ["specs/order.yaml:21:17: sensitive field 'secret' cannot be queried (query 's')"])
        #expect(errors("  s: { order_by: [secret] }") == ["specs/order.yaml:21:19: sensitive field 'secret' cannot be queried (query 's')"])
        #expect(errors("  v: { where: { embedding: not_null } }") == ["specs/order.yaml:21:17: vector field 'embedding' cannot be compared in query 'v'"])
        #expect(errors("  v: { order_by: [embedding] }") == ["specs/order.yaml:21:19: vector field 'embedding' cannot be ordered by in query 'v'"])
        #expect(errors("  j: { order_by: [tags] }") == ["specs/order.yaml:21:19: array field 'tags' cannot be ordered by (query 'j')"])
    }

    @Test("an unknown operator is refused with a did-you-mean hint")
    func unknownOperator() {
        let found = diagnostics("  late: { where: { placed_at: { gtee: $since } } }")
        #expect(found.map(\.description) == ["specs/order.yaml:21:33: error: unknown operator 'gtee' on 'placed_at' in query 'late'\n    hint: did you mean 'gte'?"])
        #expect(diagnostics("  n: { where: { notes: { is_null: true } } }").first?.hint
            == "write `notes: null` for IS NULL and `notes: not_null` for IS NOT NULL")
        #expect(errors("  n: { where: { notes: {} } }") == ["specs/order.yaml:21:24: the condition on 'notes' in query 'n' has no operator"])
    }

    @Test("operators must fit the field's type exactly as Taxiway's typed Column allows")
    func operatorsFitTypes() {
        let cases: [(String, String)] = [
            ("status: { lt: paid }", "operator 'lt' does not apply to enum field 'status' (query 'q')"),
            ("number: { prefix: \"1\" }", "operator 'prefix' does not apply to bigint field 'number' (query 'q')"),
            ("notes: { contains: a }", "operator 'contains' does not apply to text field 'notes' (query 'q')"),
            ("data: { overlaps: [a] }", "operator 'overlaps' does not apply to json field 'data' (query 'q')"),
            ("tags: { in: [[a]] }", "operator 'in' does not apply to array field 'tags' (query 'q')"),
            ("tags: { gte: [a] }", "operator 'gte' does not apply to array field 'tags' (query 'q')"),
        ]
        for (condition, message) in cases {
            let found = diagnostics("  q: { where: { \(condition) } }")
            #expect(found.map(\.message) == [message], "\(condition)")
            #expect(found.first?.hint?.hasPrefix("the operators of a") == true)
        }
        #expect(diagnostics("  q: { where: { status: { lt: paid } } }").first?.hint == "the operators of a enum field are eq, ne, in")
    }

    @Test("constants must be values of the field's type")
    func constants() {
        #expect(errors("  q: { where: { number: many } }") == ["specs/order.yaml:21:25: the value in query 'q' of field 'number' must be a number, not the string 'many'"])
        let unknownValue = diagnostics("  q: { where: { status: payd } }")
        #expect(unknownValue.map(\.description) == ["specs/order.yaml:21:25: error: value in query 'q' 'payd' of field 'status' is not one of its values\n    hint: did you mean 'paid'?"])
        #expect(errors("  q: { where: { placed_at: { gte: 2024-01-01 } } }") == ["specs/order.yaml:21:35: the value in query 'q' of timestamp field 'placed_at' is a constant"])
        #expect(errors("  q: { where: { tracking_id: not-a-uuid } }") == ["specs/order.yaml:21:30: the value in query 'q' of field 'tracking_id' must be a UUID, not the string 'not-a-uuid'"])
        #expect(errors("  q: { where: { delivery_date: 2024-02-30 } }") == ["specs/order.yaml:21:32: value in query 'q' '2024-02-30' of date field 'delivery_date' is not a date"])
        #expect(errors("  q: { where: { delivery_date: today } }") == ["specs/order.yaml:21:32: the value in query 'q' of date field 'delivery_date' is 'today'"])
        #expect(errors("  q: { where: { total: { gt: 1e400 } } }").count == 1)
        #expect(errors("  q: { where: { code: 12 } }") == ["specs/order.yaml:21:23: the value in query 'q' of text field 'code' is the number 12"])
        #expect(errors("  q: { where: { status: [paid] } }") == ["specs/order.yaml:21:25: the condition on 'status' in query 'q' is a list"])
        #expect(errors("  q: { where: { status: { in: [] } } }") == ["specs/order.yaml:21:31: the list of 'in' on 'status' is empty, so it matches no row"])
        #expect(errors("  q: { where: { status: { in: [$a] } } }") == ["specs/order.yaml:21:32: the value in query 'q' of field 'status' cannot be a parameter here"])
        #expect(errors("  q: { where: { status: { in: paid } } }") == ["specs/order.yaml:21:31: the value in query 'q' of field 'status' must be a list, not the string 'paid'"])
        #expect(errors("  q: { where: { status: { eq: null } } }") == ["specs/order.yaml:21:31: 'eq' on 'status' in query 'q' compares with null"])
    }

    @Test("null and not_null need a nullable field")
    func nullability() {
        #expect(errors("  q: { where: { status: null } }") == ["specs/order.yaml:21:25: field 'status' is never null, so `null` in query 'q' matches no row"])
        #expect(errors("  q: { where: { code: not_null } }") == ["specs/order.yaml:21:23: field 'code' is never null, so `not_null` in query 'q' matches every row"])
        // Quoted, they are text.
        #expect(errors("  q: { where: { code: \"not_null\" } }").isEmpty)
    }

    @Test("parameters: snake_case names, not the methods' own or Swift keywords, one type each")
    func parameters() {
        #expect(errors("  q: { where: { number: $Number } }") == ["specs/order.yaml:21:25: parameter '$Number' of query 'q' is not a lowercase snake_case name"])
        #expect(errors("  q: { where: { number: $page } }") == ["specs/order.yaml:21:25: parameter '$page' of query 'q' would become the Swift parameter 'page', which the generated method or its test already uses"])
        for name in ["list", "database", "plan", "serving", "repository", "transaction", "include_deleted"] {
            #expect(errors("  q: { where: { number: $\(name) } }").first?.hasSuffix("or its test already uses") == true, "\(name)")
        }
        #expect(errors("  q: { where: { number: $include_deleted } }").count == 1)
        #expect(errors("  q: { where: { code: $default } }") == ["specs/order.yaml:21:23: parameter '$default' of query 'q' would become the Swift parameter 'default', which the generated method cannot take (a Swift keyword)"])
        let twice = diagnostics("  q: { where: { number: $x, code: $x } }")
        #expect(twice.map(\.description) == ["specs/order.yaml:21:35: error: parameter '$x' of query 'q' is a string here but a bigint at specs/order.yaml:21:25\n    hint: a parameter has one type; use two parameters"])
        #expect(errors("  q: { where: { status: $s, placed_at: { gte: $s } } }").count == 1)
        #expect(errors("  q: { where: { status: { in: $s }, notes: $s } }").count == 1)
        // One parameter for two text fields, and for two timestamps, is one type.
        #expect(errors("  q: { where: { code: $t, notes: $t, placed_at: { gte: $since }, created_at: { gte: $since } } }").isEmpty)
    }

    @Test("order_by items are a field, a direction and an optional NULLS placement, each field once")
    func ordering() {
        #expect(errors("  q: { order_by: [placed_at desc] }") == ["specs/order.yaml:21:19: 'placed_at desc' in 'order_by' of query 'q' is not a field with a direction"])
        #expect(errors("  q: { order_by: [placed_at, -placed_at] }") == ["specs/order.yaml:21:30: 'placed_at' is listed twice in 'order_by' of query 'q'"])
        #expect(errors("  q: { order_by: [{ a: b }] }") == ["specs/order.yaml:21:19: each item of 'order_by' in query 'q' must be a field name, not a mapping"])
        #expect(errors("  q: { order_by: [-notes nulls last, total NULLS first, updated_at] }").isEmpty)
    }

    @Test("every mistake of a spec is reported at once, and nothing is built")
    func allAtOnce() {
        let queries = """
          a: { where: { custmer_id: $c, status: { lt: paid } }, order_by: [nope] }
          B: { where: { number: x } }
        """
        #expect(errors(queries).count == 5)
        #expect(SpecHarness.schema(Self.spec(queries)) == nil)
    }

    // MARK: - What is built

    @Test("the checker builds the typed query: conditions, constants, parameters and ordering")
    func built() throws {
        let schema = try #require(SpecHarness.schema(Self.spec("""
          open_orders:
            description: Orders still to ship.
            where: { customer_id: $customer, status: { in: [pending, paid] }, placed_at: { gte: $since, lt: $until }, notes: null }
            order_by: [-placed_at nulls last, number]
        """)))
        let query = try #require(schema.entity(named: "Order")?.queries.first)
        #expect(query.name == "open_orders")
        #expect(query.swiftName == "openOrders")
        #expect(query.description == "Orders still to ship.")
        #expect(query.conditions.map { "\($0.column) \($0.comparison.rawValue)" }
            == ["customer_id eq", "status in", "placed_at gte", "placed_at lt", "notes null"])
        if case .constant(.list(let values)) = query.conditions[1].operand {
            #expect(values == [.value(.enumValue("pending")), .value(.enumValue("paid"))])
        } else {
            Issue.record("the in list is not a constant list")
        }
        #expect(query.parameters.map(\.swiftName) == ["customer", "since", "until"])
        #expect(query.ordering == [
            NamedQuery.Ordering(column: "placed_at", ascending: false, nullsFirst: false, location: query.ordering[0].location),
            NamedQuery.Ordering(column: "number", ascending: true, nullsFirst: nil, location: query.ordering[1].location),
        ])
    }

    @Test("each query becomes a condition of the entity's Condition, and an offset-page and a keyset-page method that list with it")
    func renderedMethods() throws {
        let spec = Self.spec("""
          open_orders_of_customer:
            description: A customer's orders still to ship, newest first.
            where: { customer_id: $customer, status: { in: [pending, paid] }, placed_at: { gte: $since } }
            order_by: [ -placed_at ]
          tagged:
            where: { tags: { contains: [a, b], overlaps: $any }, status: { in: $statuses }, total: { gt: 10.5 }, tracking_id: 8a7c1e52-0f3b-4f7e-9a0d-3c2b1a0f9e8d, delivery_date: { lte: 2024-02-29 }, code: { prefix: "A%" }, data: { contains: { vip: true } } }
          newest:
            order_by: [ -placed_at ]
        """)
        let files = try SpecHarness.render(spec.map { SpecLoader.Source(path: $0.key, text: $0.value) })
        let repository = try #require(files.first { $0.path == "Swift/Order/OrderRepository.swift" }?.contents)
        #expect(repository.contains("""
            /// A customer's orders still to ship, newest first.
            ///
            /// Named query `open_orders_of_customer` (specs/order.yaml): rows where `customer_id = customer` and
            /// `status in [pending, paid]` and `placed_at >= since`, ordered by `placed_at DESC`. One page of them by
            /// offset (`page`). Soft-deleted rows only with `includeDeleted`.
            public func openOrdersOfCustomer(
                customer: UUID, since: Date, page: PageRequest, includeDeleted: Bool = false
            ) async throws -> Page<Order> {
                try await list(
                    where: { _ in .openOrdersOfCustomer(customer: customer, since: since) },
                    orderBy: { [$0.placedAt.descending()] },
                    page: page, includeDeleted: includeDeleted)
            }
        """))
        #expect(repository.contains("""
            /// The rows of `openOrdersOfCustomer(customer:since:page:includeDeleted:)`, one keyset page after
            /// `page.after`; pass the returned `nextCursor` to read on.
            public func openOrdersOfCustomer(
                customer: UUID, since: Date, after page: KeysetPageRequest, includeDeleted: Bool = false
            ) async throws -> KeysetPage<Order> {
        """), "the keyset method names the offset method, which documents the query in full")
        #expect(repository.contains("""
            public func tagged(
                any: [String], statuses: [Order.Status], page: PageRequest, includeDeleted: Bool = false
            ) async throws -> Page<Order> {
                try await list(
                    where: { _ in .tagged(any: any, statuses: statuses) },
                    page: page, includeDeleted: includeDeleted)
            }
        """))
        // A query with only an ordering lists every row: no `where:`, no condition.
        #expect(repository.contains("""
            public func newest(page: PageRequest, includeDeleted: Bool = false) async throws -> Page<Order> {
                try await list(
                    orderBy: { [$0.placedAt.descending()] },
                    page: page, includeDeleted: includeDeleted)
            }
        """))
        #expect(!repository.contains("static var newest"))
        #expect(repository.contains("""
        extension Condition<Order> {
            /// The condition of named query `open_orders_of_customer` (specs/order.yaml): rows where `customer_id =
            /// customer` and `status in [pending, paid]` and `placed_at >= since`. Any query of `Order` can use it,
            /// with more conditions or another ordering: `count(where: { _ in .openOrdersOfCustomer(customer:
            /// customer, since: since) })`.
            public static func openOrdersOfCustomer(customer: UUID, since: Date) -> Condition<Order> {
                Order.columns.customerID == customer
                    && Order.columns.status.in([Order.Status.pending, Order.Status.paid])
                    && Order.columns.placedAt >= since
            }

        """))
        #expect(repository.contains("""
            public static func tagged(any: [String], statuses: [Order.Status]) -> Condition<Order> {
                Order.columns.tags.contains(["a", "b"])
                    && Order.columns.tags.overlaps(any)
                    && Order.columns.status.in(statuses)
                    && Order.columns.total > (Decimal(sign: .plus, exponent: -1, significand: 105) as Decimal)
                    && Order.columns.trackingID == UUID(uuidString: "8a7c1e52-0f3b-4f7e-9a0d-3c2b1a0f9e8d")!
                    && Order.columns.deliveryDate <= CalendarDate(year: 2024, month: 2, day: 29)!
                    && Order.columns.code.hasPrefix("A%")
                    && Order.columns.data.contains((["vip": true] as JSONValue))
            }
        }
        """))
        let methods = try #require(repository.range(of: "    /// A customer's orders still to ship")).lowerBound
        #expect(repository[methods...].split(separator: "\n").allSatisfy { $0.count <= 110 },
                "a line of the query methods is longer than 110 characters")
        #expect(repository.contains("""
            /// Named query `tagged` (specs/order.yaml): rows where `tags contains ["a", "b"]` and `tags overlaps any`
            /// and `status in statuses` and `total > 10.5` and `tracking_id = 8a7c1e52-0f3b-4f7e-9a0d-3c2b1a0f9e8d`
            /// and `delivery_date <= 2024-02-29` and `code starts with "A%"` and `data contains {"vip":true}`. One
        """))
        let tests = try #require(files.first { $0.path == "Tests/Order/OrderQueryTests.swift" }?.contents)
        #expect(tests.contains("""
                let plan = try await QueryPlan.explain(on: database, dropping: [
                    "ux_orders_number", "ix_orders_version", "ix_orders_tags",
                ]) { transaction in
        """))
        #expect(tests.contains("""
                let serving = [
                    "ix_orders_customer_id", "ix_orders_status_placed_at",
                ]
                #expect(serving.contains { plan.uses(index: $0) }, "no serving index in the plan:\\n\\(plan)")
        """))
        #expect(tests.contains("""
                let serving = [
                    "ix_orders_status_placed_at", "ix_orders_tags",
                ]
        """))
        #expect(tests.contains("_ = try await repository.tagged(any: any, statuses: statuses, after: KeysetPageRequest(limit: 5))"))
        // An entity without queries gets no query tests.
        #expect(!files.contains { $0.path == "Tests/Customer/CustomerQueryTests.swift" })
    }

    // MARK: - Lint

    @Test("lint fails the indexes item at a named query that no index serves, and passes served ones")
    func lint() throws {
        let spec = Self.spec("""
          by_code: { where: { code: $code } }
          by_status: { where: { status: paid, code: { prefix: $p } } }
          by_tag: { where: { tags: { overlaps: $t } } }
          newest: { order_by: [-status] }
          not_tag: { where: { tags: $t, number: { ne: 3 } } }
        """)
        let sources = spec.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        var log = DiagnosticLog()
        let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), into: &log))
        let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
        let report = try generator.lint(schema)
        let order = try #require(report.entities.first { $0.entity == "Order" })
        let indexes = try #require(order.results.first { $0.item == .indexes })
        #expect(indexes.findings.map(\.description) == [
            "specs/order.yaml:21:3: named query 'by_code' is served by no index: no index leads with a field it compares by equality, range, prefix or ordering, nor is a GIN index on a field it searches with contains/overlaps; add one (e.g. `- fields: [code]`)",
            "specs/order.yaml:25:3: named query 'not_tag' is served by no index: no index leads with a field it compares by equality, range, prefix or ordering, nor is a GIN index on a field it searches with contains/overlaps; add one (e.g. `- fields: [tags]`)",
        ])
        let served = Self.spec("  by_status: { where: { status: paid } }").map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let servedSchema = try #require(Checker.check(SpecLoader.load(served, into: &log), into: &log))
        let servedReport = try generator.lint(servedSchema)
        let result = try #require(servedReport.entities.first { $0.entity == "Order" }?.results.first { $0.item == .indexes })
        #expect(result.passed)
        #expect(result.detail.hasSuffix("; 1 named query served"))
    }

    @Test("a btree serves an ordering it gives read forward or backward, not one with the other NULLS placement")
    func orderingNullsPlacement() throws {
        let schema = try #require(SpecHarness.schema(Self.spec("""
          a: { order_by: [status] }
          b: { order_by: [-status] }
          c: { order_by: ["status nulls last"] }
          d: { order_by: ["-status nulls first"] }
          e: { order_by: ["status nulls first"] }
          f: { order_by: ["-status nulls last", number] }
        """)))
        let entity = try #require(schema.entity(named: "Order"))
        let served = entity.queries.filter { !QueryIndexRules.servingIndexes($0, of: entity).isEmpty }.map(\.name)
        #expect(served == ["a", "b", "c", "d"])
        let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
        let report = try generator.lint(schema)
        let findings = try #require(report.entities.first { $0.entity == "Order" }?.results.first { $0.item == .indexes }).findings
        #expect(findings.map(\.description) == [
            "specs/order.yaml:25:19: named query 'e' is served by no index: 'status' leads the btree 'ix_orders_status_placed_at', but a btree gives 'status' ascending with NULLs last or descending with NULLs first, not `status nulls first`; drop `nulls first` (on a field that is never NULL it changes nothing)",
            "specs/order.yaml:26:19: named query 'f' is served by no index: 'status' leads the btree 'ix_orders_status_placed_at', but a btree gives 'status' ascending with NULLs last or descending with NULLs first, not `-status nulls last`; drop `nulls last` (on a field that is never NULL it changes nothing)",
        ])
    }

    @Test("on a tenant-scoped table only leakproof conditions serve an index: not containment, prefix, decimal or array comparisons")
    func rowLevelSecurity() throws {
        let files = Self.spec("""
          by_tag: { where: { tags: { overlaps: $t } } }
          by_code: { where: { code: { prefix: $p } } }
          by_total: { where: { total: { gte: $least } } }
          by_status: { where: { status: paid } }
          by_placed: { where: { placed_at: { gte: $since }, total: $t } }
          by_total_ordered: { where: { total: $t }, order_by: [status] }
        """).merging(["specs/order.yaml": ""]) { spec, _ in
            spec.replacingOccurrences(of: "\nqueries:\n", with: "\n  - fields: [total]\n  - { fields: [code], prefix: true }\nqueries:\n")
        }
        func serving(tenancy: TenancySetting?) throws -> [String: [String]] {
            var log = DiagnosticLog()
            let sources = files.map { SpecLoader.Source(path: $0.key, text: $0.value) }
            let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), options: Checker.Options(tenancy: tenancy), into: &log),
                                      "\(log.sorted)")
            let entity = try #require(schema.entity(named: "Order"))
            return Dictionary(uniqueKeysWithValues: entity.queries.map { ($0.name, QueryIndexRules.servingIndexes($0, of: entity).map(\.name)) })
        }
        #expect(try serving(tenancy: nil) == [
            "by_tag": ["ix_orders_tags"], "by_code": ["ix_orders_code_prefix"], "by_total": ["ix_orders_total"],
            "by_status": ["ix_orders_status_placed_at"], "by_placed": ["ix_orders_total"],
            "by_total_ordered": ["ix_orders_total", "ix_orders_status_placed_at"],
        ])
        // Under row-level security the same specs: what is left serves through a leakproof condition or an order.
        #expect(try serving(tenancy: TenancySetting()) == [
            "by_tag": [], "by_code": [], "by_total": [], "by_status": ["ix_orders_status_placed_at"], "by_placed": [],
            "by_total_ordered": ["ix_orders_status_placed_at"],
        ])
    }

    @Test("lint names the condition that row-level security keeps out of the index, with what to do")
    func rowLevelSecurityLint() throws {
        var log = DiagnosticLog()
        let files = Self.spec("  by_tag: { where: { tags: { overlaps: $t }, placed_at: { gte: $since } } }")
        let sources = files.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), options: Checker.Options(tenancy: TenancySetting()),
                                                into: &log))
        let report = try Generator(config: ProjectConfig(projectDirectory: "/nonexistent")).lint(schema)
        let findings = try #require(report.entities.first { $0.entity == "Order" }?.results.first { $0.item == .indexes }).findings
        #expect(findings.map(\.description) == [
            "specs/order.yaml:21:30: named query 'by_tag' is served by no index: on a tenant-scoped table, row-level security lets PostgreSQL make index conditions only of leakproof operators, and `overlaps` on 'tags' (array) is not one, so it is checked row by row; add an index on a field it compares otherwise (e.g. `- fields: [placed_at]`)",
        ])
    }

    @Test("the serving indexes are ranked: equality first, then range, ordering, prefix")
    func ranking() throws {
        let schema = try #require(SpecHarness.schema(Self.spec("""
          q: { where: { placed_at: { gte: $since }, customer_id: $c }, order_by: [status] }
        """)))
        let entity = try #require(schema.entity(named: "Order"))
        let query = try #require(entity.queries.first)
        #expect(QueryIndexRules.servingIndexes(query, of: entity).map(\.name) == ["ix_orders_customer_id", "ix_orders_status_placed_at"])
    }
}
