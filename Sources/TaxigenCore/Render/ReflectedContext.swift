import Mustache

/// A render context read once through `Mirror` and kept as a dictionary, so that Mustache looks keys up
/// in constant time instead of reflecting the struct again for every tag.
///
/// swift-mustache reads plain structs with `Mirror`, filtering all children for every `{{key}}`; on large
/// runs that was most of the render time. Contexts stay plain structs of stored properties; this wrapper
/// only changes how they are read.
struct ReflectedContext: MustacheParent, @unchecked Sendable {
    /// The stored properties by name (nil values are left out, as Mustache treats them as absent).
    private let fields: [String: Any]

    func child(named name: String) -> Any? {
        fields[name]
    }

    /// Wraps a value for rendering: structs become reflected contexts, arrays are wrapped element by element,
    /// optionals are unwrapped, and scalars are returned as they are.
    static func wrap(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        case let array as [Any]: return array.compactMap(wrap)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return wrap(wrapped)
        case .struct, .class:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let wrapped = wrap(child.value) else { continue }
                fields[label] = wrapped
            }
            return ReflectedContext(fields: fields)
        default:
            return value
        }
    }
}
