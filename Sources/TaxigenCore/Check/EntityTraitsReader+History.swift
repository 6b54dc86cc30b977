extension EntityTraitsReader {
    /// `history: true|false`.
    func readHistory(into log: inout DiagnosticLog) -> Bool {
        reader.bool("history", into: &log) ?? false
    }
}
