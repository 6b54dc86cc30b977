/// Checks on free text a spec gives (descriptions, defaults, examples, JSON strings) that reaches SQL.
enum SpecText {
    /// Refuses text with a NUL character (U+0000), which no PostgreSQL text value, comment or `jsonb` string
    /// can hold; `what` names the text for the message ("the description of field 'name'").
    static func checkNoNUL(_ text: String, what: String, at location: SourceLocation, into log: inout DiagnosticLog) -> Bool {
        guard text.utf8.contains(0) else { return true }
        log.error("\(what) contains a NUL character (U+0000)", at: location,
                  hint: "PostgreSQL text cannot hold NUL; remove the \\0 or \\u0000 escape")
        return false
    }
}
