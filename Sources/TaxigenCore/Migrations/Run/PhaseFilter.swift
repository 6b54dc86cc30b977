/// `--phase pre-deploy|post-deploy`: where a run of one phase stops.
///
/// The ledger records a migration's units as a count (`units_done`), so units always run in order, and a
/// migration's post-deploy units come after its pre-deploy ones. A pre-deploy run therefore stops before the
/// first post-deploy unit it meets (the deploy comes first); a post-deploy run stops before the first
/// pre-deploy unit it meets (it belongs to the next release). Neither skips a unit: a run of one phase never
/// leaves a gap in the ledger, and the next run of the other phase resumes exactly there.
struct PhaseFilter {
    /// The phase to run; nil runs everything.
    let phase: MigrationUnit.Phase?

    /// The index of the first unit at or after `done` that this run must not run, if any.
    func stop(in script: MigrationScript, from done: Int) -> Int? {
        guard let phase else { return nil }
        return script.units.indices.first { $0 >= done && script.units[$0].phase != phase }
    }
}
