/// The guard at the top of the offline script.
extension OfflineScript {
    /// `LedgerGuard` in SQL: a `DO` block that raises when the ledger is not a prefix of `known` with the same
    /// checksums, with the first `required` complete.
    func guardBlock(known: [Migration], required: Int) -> String {
        let versions = known.map { SQLLiteral.string($0.id) }.joined(separator: ", ")
        let sums = known.map { SQLLiteral.string($0.checksum) }.joined(separator: ", ")
        // An upgrade may start over a migration whose downgrade stopped partway (it runs again from its
        // first unit); a downgrade does not start over an unfinished upgrade.
        let partialCheck = direction == .upgrade
            ? "    -- A partly reverted migration is upgraded again from its first unit (see below)."
            : ["    IF partial IS NOT NULL AND NOT partial_applied THEN",
               "        RAISE EXCEPTION 'taxigen: % is partly applied: finish its upgrade first', partial;",
               "    END IF;"].joined(separator: "\n")
        return """
            DO $taxigen$
            DECLARE
                known    CONSTANT text[] := ARRAY[\(versions)]::text[];
                sums     CONSTANT text[] := ARRAY[\(sums)]::text[];
                required CONSTANT integer := \(required);
                entry    record;
                pos      integer;
                seen     integer := 0;
                partial  text;
                partial_applied  boolean;
                partial_reverted bigint;
                complete integer;
            BEGIN
                FOR entry IN SELECT * FROM \(Ledger.table) ORDER BY array_position(known, version) NULLS FIRST, version LOOP
                    pos := array_position(known, entry.version);
                    IF pos IS NULL THEN
                        RAISE EXCEPTION 'taxigen: % is in the ledger, but not among the migrations of this script: the database is newer than this script, or was migrated from another history', entry.version
                            USING HINT = 'the database is newer than this script, or was migrated from another history';
                    END IF;
                    IF sums[pos] <> entry.checksum THEN
                        RAISE EXCEPTION 'taxigen: % was applied with checksum %, but this script has %: it was edited after it was applied', entry.version, entry.checksum, sums[pos]
                            USING HINT = 'the migration was edited after it was applied: never edit an applied migration';
                    END IF;
                    IF pos <> seen + 1 THEN
                        RAISE EXCEPTION 'taxigen: % is in the ledger, but % before it is not', entry.version, known[seen + 1];
                    END IF;
                    IF partial IS NOT NULL THEN
                        RAISE EXCEPTION 'taxigen: % is only partly done, but % after it is in the ledger', partial, entry.version;
                    END IF;
                    IF entry.applied_at IS NULL OR entry.units_reverted > 0 THEN
                        partial := entry.version;
                        partial_applied := entry.applied_at IS NOT NULL;
                        partial_reverted := entry.units_reverted;
                    END IF;
                    seen := pos;
                END LOOP;
            \(partialCheck)
                complete := CASE WHEN partial IS NULL THEN seen ELSE seen - 1 END;
                IF complete < required THEN
                    RAISE EXCEPTION 'taxigen: the database is not at %: the ledger''s last complete migration is % (write the script --from the migration the database is at)',
                        known[required], COALESCE(known[NULLIF(complete, 0)], 'none')
                        USING HINT = 'write the script --from the migration the database is at';
                END IF;
            END
            $taxigen$
            """
    }
}
