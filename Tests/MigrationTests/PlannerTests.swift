import Foundation
import TaxigenCore
import Testing

/// The SQL a migration writes for each kind of change, in the order and units that keep locks short.
@Suite("Migration SQL")
struct PlannerTests {
    private let table = "  name: { type: string, max_length: 40 }\n"

    @Test("a new table is exactly schema.sql's: the same CREATE TABLE, trigger, indexes and comments")
    func newTablesReuseTheDDL() throws {
        let schema = try Revisions.schema(1)
        let plan = try Specs.plan(from: Schema(entities: []), to: schema)
        let ddl = SQLScript(try Revisions.freshDDL(1)).statements.map(\.text).filter { $0 != "BEGIN" && $0 != "COMMIT" }
        #expect(plan.up.count == 1 && plan.up[0].kind == .transaction, "a fresh schema is one transaction")
        #expect(plan.upStatements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } == ddl,
                "the migration's statements are schema.sql's, in its order")
        #expect(plan.downStatements == ["DROP TABLE products", "DROP TABLE legacies", "DROP TABLE customers",
                                        "DROP FUNCTION IF EXISTS taxiway_touch_row()", "DROP EXTENSION IF EXISTS vector"])
    }

    @Test("a NOT NULL column with a per-row default is added in stages: nullable, default, batched backfill, NOT VALID CHECK, backfill again, VALIDATE, SET NOT NULL")
    func notNullInStages() throws {
        let plan = try Specs.plan(from: try Specs.thing(table), to: try Specs.thing(table + "  token: { type: uuid, default: random }"))
        #expect(plan.up.map(\.kind) == [.transaction, .standalone, .transaction, .standalone, .transaction, .transaction])
        let statements = plan.up.map { $0.statements.map(\.sql) }
        #expect(statements.count == 6)
        guard statements.count == 6 else { return }
        #expect(statements[0].count == 3 && statements[0][0].hasPrefix("CREATE OR REPLACE FUNCTION taxiway_touch_row()"),
                "the touch function that honours taxiway.maintenance comes first")
        #expect(Array(statements[0].dropFirst()) == ["ALTER TABLE things ADD COLUMN token uuid NULL",
                                                     "ALTER TABLE things ALTER COLUMN token SET DEFAULT gen_random_uuid()"])
        let backfill = statements[1].joined()
        #expect(backfill.hasPrefix("DO $backfill$") && backfill.contains("set_config('taxiway.maintenance', 'on', true)")
                && backfill.contains("LIMIT 1000") && backfill.contains("COMMIT;")
                && backfill.contains("UPDATE things SET token = gen_random_uuid() FROM taxigen_batch"), "\(backfill)")
        #expect(statements[2] == ["ALTER TABLE things ADD CONSTRAINT ck_things_token_not_null CHECK (token IS NOT NULL) NOT VALID"])
        #expect(statements[3] == statements[1], "the same backfill again, for rows written with NULL meanwhile")
        #expect(Array(statements[4...]) == [
            ["ALTER TABLE things VALIDATE CONSTRAINT ck_things_token_not_null"],
            ["ALTER TABLE things ALTER COLUMN token SET NOT NULL", "ALTER TABLE things DROP CONSTRAINT ck_things_token_not_null"],
        ])
        #expect(plan.downStatements == ["ALTER TABLE things DROP COLUMN token"])
        let constant = try Specs.plan(from: try Specs.thing(table), to: try Specs.thing(table + "  rank: { type: int, default: 3, minimum: 0 }"))
        #expect(constant.upStatements == ["ALTER TABLE things ADD COLUMN rank integer NOT NULL DEFAULT 3",
                                          "ALTER TABLE things ADD CONSTRAINT ck_things_rank_range CHECK (rank >= 0) NOT VALID",
                                          "ALTER TABLE things VALIDATE CONSTRAINT ck_things_rank_range"],
                "a constant default needs no stage: PostgreSQL 11+ keeps it in the catalog")
    }

    @Test("a changed index is rebuilt CONCURRENTLY under a temporary name next to the old one, which is then dropped and replaced")
    func concurrentIndexes() throws {
        let old = try Specs.thing(table, extra: "indexes:\n  - fields: [name]\n")
        let new = try Specs.thing(table, extra: "indexes:\n  - fields: [name]\n    include_deleted: true\n")
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.up.map(\.kind) == [.standalone, .standalone, .transaction])
        #expect(plan.upStatements == ["CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_things_name_rebuilt ON things USING btree (name)",
                                      "DROP INDEX CONCURRENTLY IF EXISTS ix_things_name",
                                      "ALTER INDEX ix_things_name_rebuilt RENAME TO ix_things_name"])
        #expect(plan.downStatements == ["CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_things_name_rebuilt ON things USING btree (name) WHERE deleted_at IS NULL",
                                        "DROP INDEX CONCURRENTLY IF EXISTS ix_things_name",
                                        "ALTER INDEX ix_things_name_rebuilt RENAME TO ix_things_name"])
        #expect(plan.summary == ["things: ~ index ix_things_name: now over every row (include_deleted) (rebuilt CONCURRENTLY)"])
        let added = try Specs.plan(from: try Specs.thing(table), to: try Specs.thing("  name: { type: string, max_length: 40, unique: true }"))
        #expect(added.up.map(\.kind) == [.standalone])
        #expect(added.upStatements == ["CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_things_name ON things USING btree (name) WHERE deleted_at IS NULL"])
        #expect(added.downStatements == ["DROP INDEX CONCURRENTLY IF EXISTS ux_things_name"])
    }

    @Test("type changes: rewrites are flagged in the SQL and the warnings; a vector grows with a USING cast")
    func typeChanges() throws {
        let widen = try Specs.plan(from: try Specs.thing(table), to: try Specs.thing("  name: { type: string, max_length: 80 }"))
        #expect(widen.upStatements == ["ALTER TABLE things ALTER COLUMN name TYPE varchar(80)"])
        #expect(widen.warnings.isEmpty && widen.isReversible, "a longer varchar is a catalog change")
        let rewrite = try Specs.plan(from: try Specs.thing("  n: { type: int, default: 0 }"), to: try Specs.thing("  n: { type: bigint, default: 0 }"))
        #expect(rewrite.upStatements == ["ALTER TABLE things ALTER COLUMN n DROP DEFAULT", "ALTER TABLE things ALTER COLUMN n TYPE bigint",
                                         "ALTER TABLE things ALTER COLUMN n SET DEFAULT 0"])
        #expect(rewrite.up[0].statements[1].comments.first == "REWRITES TABLE things under an ACCESS EXCLUSIVE lock: integer → bigint.")
        #expect(rewrite.warnings == ["rewrites table things (things.n: integer → bigint); reads and writes wait meanwhile"])
        #expect(rewrite.summary == ["things: column n integer → bigint (REWRITES THE TABLE)"])
        let vector = try Specs.plan(from: try Specs.thing("  v: { type: vector, dimensions: 2, nullable: true }"),
                                    to: try Specs.thing("  v: { type: vector, dimensions: 3, nullable: true }"))
        #expect(vector.upStatements == ["ALTER TABLE things ALTER COLUMN v TYPE vector(3) USING CASE WHEN v IS NULL THEN NULL ELSE (v::real[] || array_fill(0::real, ARRAY[1]))::vector(3) END"])
        #expect(!vector.isReversible && vector.down.isEmpty)
        #expect(vector.irreversibleReasons == ["things.v cannot go back from vector(3) to vector(2): vector(3) to vector(2) would cut every stored embedding short"])
    }

    @Test("an enum value added or removed is a CHECK rebuilt NOT VALID and validated; a default and a comment change in place")
    func checksDefaultsComments() throws {
        let old = try Specs.thing("  status: { type: enum, values: [a, b], default: a }")
        let new = try Specs.thing("  status: { type: enum, values: [a, b, c], default: b, description: The state. }")
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.upStatements == [
            "ALTER TABLE things DROP CONSTRAINT ck_things_status_values",
            "ALTER TABLE things ALTER COLUMN status SET DEFAULT 'b'",
            "ALTER TABLE things ADD CONSTRAINT ck_things_status_values CHECK (status IN ('a', 'b', 'c')) NOT VALID",
            "COMMENT ON COLUMN things.status IS 'The state.'",
            "ALTER TABLE things VALIDATE CONSTRAINT ck_things_status_values",
        ])
        #expect(plan.downStatements == [
            "COMMENT ON COLUMN things.status IS NULL",
            "ALTER TABLE things DROP CONSTRAINT ck_things_status_values",
            "ALTER TABLE things ALTER COLUMN status SET DEFAULT 'a'",
            "ALTER TABLE things ADD CONSTRAINT ck_things_status_values CHECK (status IN ('a', 'b')) NOT VALID",
            "ALTER TABLE things VALIDATE CONSTRAINT ck_things_status_values",
        ])
    }

    @Test("dropping a field or an entity is written, warned about and irreversible")
    func drops() throws {
        let old = try Specs.schema(["specs/thing.yaml": "entity: Thing\nfields:\n" + table + "  fax: { type: text, nullable: true }\n",
                                    "specs/gone.yaml": "entity: Gone\nfields:\n  x: { type: int }\n"])
        let new = try Specs.thing(table)
        let plan = try Specs.plan(from: old, to: new)
        #expect(plan.upStatements == ["DROP TABLE gones", "ALTER TABLE things DROP COLUMN fax"])
        #expect(plan.warnings == ["drops table gones and every row in it", "drops column things.fax and its values"])
        #expect(plan.irreversibleReasons == ["it drops table gones and its rows", "it drops column things.fax and its values"])
        #expect(plan.up[0].statements.map(\.squawkIgnores) == [["ban-drop-table"], ["ban-drop-column"]])
    }
}
