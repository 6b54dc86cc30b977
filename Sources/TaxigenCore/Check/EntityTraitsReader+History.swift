extension EntityTraitsReader {
    /// `history: true|false`; an explicit `false` is remembered (it silences lint's change-tracking item).
    func readHistory(into log: inout DiagnosticLog) -> (enabled: Bool, declinedExplicitly: Bool) {
        guard let value = reader.bool("history", into: &log) else { return (false, false) }
        return (value, !value)
    }
}
