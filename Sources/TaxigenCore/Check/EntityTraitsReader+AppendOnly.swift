extension EntityTraitsReader {
    /// `append_only: true`, or a mapping of its settings.
    func readAppendOnly(into log: inout DiagnosticLog) -> AppendOnlyTrait? {
        (reader.bool("append_only", into: &log) ?? false) ? AppendOnlyTrait() : nil
    }
}
