/// What printing shows in place of a `sensitive` field's value: `<redacted>`.
///
/// Generated models and create requests that hold a sensitive field implement `description`,
/// `debugDescription` and `customMirror` (what `dump` and debuggers use) with it, and ``Patch`` prints its
/// sensitive fields with it, so `print(customer)`, `"\(customer)"`, `String(reflecting:)`, `dump` and log
/// lines never show the plaintext.
public struct Redacted: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The text shown in place of a value.
    public static let placeholder = "<redacted>"

    /// The placeholder.
    public init() {}

    /// `<redacted>`.
    public var description: String { Self.placeholder }

    /// `<redacted>`.
    public var debugDescription: String { Self.placeholder }

    /// No children: `dump` prints the placeholder only.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: nil) }

    /// What a mirror shows for a sensitive value: the placeholder.
    public static func value(_ value: String) -> Redacted { Redacted() }

    /// What a mirror shows for a nullable sensitive value: nil, or the placeholder.
    public static func value(_ value: String?) -> Redacted? { value.map { _ in Redacted() } }

    /// `Type(label: value, …)` from `subject`'s custom mirror, each child as `String(reflecting:)` prints it
    /// (the way Swift prints a struct), so redacted children print as the placeholder.
    public static func describing(_ subject: some CustomReflectable) -> String {
        let children = subject.customMirror.children.map { child in
            "\(child.label ?? "_"): \(String(reflecting: child.value))"
        }
        return "\(type(of: subject))(" + children.joined(separator: ", ") + ")"
    }
}
