/// Turns a render context into a ``TemplateValue``, once per context and without reflection: structs
/// become objects of the fields some template can read, arrays become lists, and strings, booleans and
/// integers stay as they are. A nil optional is left out, as Mustache treats a missing key.
///
/// Contexts are plain structs of stored properties that conform to `Encodable`; the compiler writes their
/// `encode(to:)`, so this encoder visits every stored property without `Mirror`. Reading contexts through
/// `Mirror`, as swift-mustache does by itself, resolved every property's type by its mangled name on every
/// render and was about a third of the generator's time.
struct ContextEncoder: Sendable {
    /// The names the templates mention; a field named otherwise is skipped.
    let symbols: TemplateSymbols

    /// The template value of `value`.
    func encode<Value: Encodable>(_ value: Value) throws -> TemplateValue {
        // Comparing metatypes is a pointer comparison, where `as?` casts would go through the runtime's
        // dynamic cast for every struct and array of every context; lists of strings (documentation lines,
        // mostly) skip building an encoder for each.
        if Value.self == String.self { return .text(unsafeBitCast(value, to: String.self)) }
        if Value.self == [String].self { return .list(unsafeBitCast(value, to: [String].self).map(TemplateValue.text)) }
        if Value.self == Bool.self { return .flag(unsafeBitCast(value, to: Bool.self)) }
        if Value.self == Int.self { return .number(unsafeBitCast(value, to: Int.self)) }
        let encoder = TreeEncoder(context: self)
        try value.encode(to: encoder)
        return encoder.result
    }
}

/// An `Encoder` that builds a ``TemplateValue`` instead of bytes. It holds what is being encoded itself
/// (one allocation per struct or list, besides the container box `Encoder` requires).
private final class TreeEncoder: Encoder {
    let context: ContextEncoder
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    private enum Shape { case none, object, list, single }
    private var shape = Shape.none
    /// A struct's fields, when a keyed container was asked for.
    var object = TemplateObject()
    /// A list's items, when an unkeyed container was asked for.
    var items: [TemplateValue] = []
    private var single: TemplateValue?
    /// Containers nested in this one (only a hand-written `encode(to:)` makes them), read when the value is
    /// finished so that what is encoded into them after they were made is there.
    var nested: [(symbol: Int, encoder: TreeEncoder)] = []

    init(context: ContextEncoder) {
        self.context = context
    }

    /// What was encoded: an object, a list or a scalar.
    var result: TemplateValue {
        switch shape {
        case .object:
            var object = object
            for (symbol, encoder) in nested { object.append(symbol, encoder.result) }
            return .object(object)
        case .list:
            var items = items
            for (index, encoder) in nested { items[index] = encoder.result }
            return .list(items)
        case .single:
            return single ?? .object(TemplateObject())
        case .none:
            return .object(TemplateObject())
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if shape != .object {
            shape = .object
            object = TemplateObject(capacity: 16)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if shape != .list {
            shape = .list
            items.reserveCapacity(8)
        }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        shape = .single
        return SingleValueContainer(encoder: self)
    }

    fileprivate func setSingle(_ value: TemplateValue?) {
        single = value
    }

    /// The symbol of a key, or nil when no template mentions it (the field is then skipped).
    func symbol(_ key: some CodingKey) -> Int? {
        context.symbols.number(of: key.stringValue)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode(_ value: String, forKey key: Key) {
        guard let symbol = encoder.symbol(key) else { return }
        encoder.object.append(symbol, .text(value))
    }

    mutating func encode(_ value: Bool, forKey key: Key) {
        guard let symbol = encoder.symbol(key) else { return }
        encoder.object.append(symbol, .flag(value))
    }

    mutating func encode(_ value: Int, forKey key: Key) {
        guard let symbol = encoder.symbol(key) else { return }
        encoder.object.append(symbol, .number(value))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        guard let symbol = encoder.symbol(key) else { return }
        encoder.object.append(symbol, try encoder.context.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(context: encoder.context)
        if let symbol = encoder.symbol(key) { encoder.nested.append((symbol, nested)) }
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(context: encoder.context)
        if let symbol = encoder.symbol(key) { encoder.nested.append((symbol, nested)) }
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(context: encoder.context)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(context: encoder.context)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.items.count }

    mutating func encodeNil() {}

    mutating func encode(_ value: String) {
        encoder.items.append(.text(value))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.items.append(try encoder.context.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(context: encoder.context)
        encoder.nested.append((encoder.items.count, nested))
        encoder.items.append(.object(TemplateObject()))
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(context: encoder.context)
        encoder.nested.append((encoder.items.count, nested))
        encoder.items.append(.list([]))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(context: encoder.context)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {
        encoder.setSingle(nil)
    }

    mutating func encode(_ value: String) {
        encoder.setSingle(.text(value))
    }

    mutating func encode(_ value: Bool) {
        encoder.setSingle(.flag(value))
    }

    mutating func encode(_ value: Int) {
        encoder.setSingle(.number(value))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        // Other scalars (Double, UInt8, …) print as their description; encoding them through a new
        // `TreeEncoder` would only come back here.
        if let scalar = value as? any LosslessStringConvertible {
            encoder.setSingle(.text(scalar.description))
        } else {
            encoder.setSingle(try encoder.context.encode(value))
        }
    }
}
