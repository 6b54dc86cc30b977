/// `renamed_from` of a field or of an entity's table: one previous name or a list of them, most recent
/// first. The two differ only in their wording, in what counts as a name, and in whether `null` is a
/// wrong name or a wrong shape.
struct FormerNamesReader {
    /// The message for a node that is neither a name nor a non-empty list (`, not <kind>` follows), and its hint.
    var shapeMessage: String
    var shapeHint: String?
    /// Whether a `null` scalar is a wrong shape (the entity's key) rather than a wrong name (a field's).
    var nullIsShape: Bool
    /// The current name, which cannot be a former one.
    var current: String
    /// Whether a text is a name of this kind.
    var isName: (String) -> Bool
    /// The message and hint for an item that is not a name.
    var itemMessage: String
    var itemHint: String
    /// The message and hint for the current name listed; nil: it is an item that is not a name.
    var selfMessage: String?
    var selfHint: String?
    /// The message for a name listed twice (`'<name>' twice` follows).
    var repeatedMessage: String

    /// The names, or nil when the node is wrong (each error in `log`).
    func read(_ node: SyntaxNode, into log: inout DiagnosticLog) -> [String]? {
        let items: [SyntaxNode]
        switch node {
        case .scalar(let scalar) where !(nullIsShape && scalar.isNull): items = [node]
        case .sequence(let sequence) where !sequence.items.isEmpty: items = sequence.items
        default:
            log.error("\(shapeMessage), not \(node.kindDescription)", at: node.location, hint: shapeHint)
            return nil
        }
        var names: [String] = []
        var ok = true
        for item in items {
            guard case .scalar(let scalar) = item, !scalar.isNull, isName(scalar.text),
                  selfMessage != nil || scalar.text != current else {
                log.error(itemMessage, at: item.location, hint: itemHint)
                ok = false
                continue
            }
            if let selfMessage, scalar.text == current {
                log.error(selfMessage, at: item.location, hint: selfHint)
                ok = false
                continue
            }
            guard !names.contains(scalar.text) else {
                log.error("\(repeatedMessage) '\(scalar.text)' twice", at: item.location, hint: "list each former name once")
                ok = false
                continue
            }
            names.append(scalar.text)
        }
        return ok ? names : nil
    }
}
