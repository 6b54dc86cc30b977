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

/// An `Encoder` that builds a ``TemplateValue`` instead of bytes.
private final class TreeEncoder: Encoder {
    let context: ContextEncoder
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    private var keyed: ObjectStorage?
    private var unkeyed: ListStorage?
    private var single: TemplateValue?

    init(context: ContextEncoder) {
        self.context = context
    }

    /// What was encoded: an object, a list or a scalar.
    var result: TemplateValue {
        if let keyed { return keyed.value }
        if let unkeyed { return unkeyed.value }
        return single ?? .object(TemplateObject())
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let storage = keyed ?? ObjectStorage()
        keyed = storage
        return KeyedEncodingContainer(KeyedContainer<Key>(context: context, storage: storage))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let storage = unkeyed ?? ListStorage()
        unkeyed = storage
        return UnkeyedContainer(context: context, storage: storage)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    fileprivate func setSingle(_ value: TemplateValue?) {
        single = value
    }
}

/// An object being encoded; nested containers are encoded into their own storage and read back when the
/// enclosing value is finished, so what is encoded into them after they were made is there.
private final class ObjectStorage {
    var object = TemplateObject()
    var nested: [(symbol: Int, storage: ObjectStorage)] = []
    var nestedLists: [(symbol: Int, storage: ListStorage)] = []

    var value: TemplateValue {
        var object = object
        for (symbol, storage) in nested { object.append(symbol, storage.value) }
        for (symbol, storage) in nestedLists { object.append(symbol, storage.value) }
        return .object(object)
    }
}

/// A list being encoded (see ``ObjectStorage`` for nested containers).
private final class ListStorage {
    var items: [TemplateValue] = []
    var nested: [(index: Int, storage: ObjectStorage)] = []
    var nestedLists: [(index: Int, storage: ListStorage)] = []

    var value: TemplateValue {
        var items = items
        for (index, storage) in nested { items[index] = storage.value }
        for (index, storage) in nestedLists { items[index] = storage.value }
        return .list(items)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let context: ContextEncoder
    let storage: ObjectStorage
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode(_ value: String, forKey key: Key) {
        guard let symbol = context.symbols.number(of: key.stringValue) else { return }
        storage.object.append(symbol, .text(value))
    }

    mutating func encode(_ value: Bool, forKey key: Key) {
        guard let symbol = context.symbols.number(of: key.stringValue) else { return }
        storage.object.append(symbol, .flag(value))
    }

    mutating func encode(_ value: Int, forKey key: Key) {
        guard let symbol = context.symbols.number(of: key.stringValue) else { return }
        storage.object.append(symbol, .number(value))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        guard let symbol = context.symbols.number(of: key.stringValue) else { return }
        storage.object.append(symbol, try context.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectStorage()
        if let symbol = context.symbols.number(of: key.stringValue) { storage.nested.append((symbol, nested)) }
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(context: context, storage: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ListStorage()
        if let symbol = context.symbols.number(of: key.stringValue) { storage.nestedLists.append((symbol, nested)) }
        return UnkeyedContainer(context: context, storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(context: context)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(context: context)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let context: ContextEncoder
    let storage: ListStorage
    var codingPath: [any CodingKey] { [] }
    var count: Int { storage.items.count }

    mutating func encodeNil() {}

    mutating func encode(_ value: String) {
        storage.items.append(.text(value))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.items.append(try context.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectStorage()
        storage.nested.append((storage.items.count, nested))
        storage.items.append(.object(TemplateObject()))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(context: context, storage: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ListStorage()
        storage.nestedLists.append((storage.items.count, nested))
        storage.items.append(.list([]))
        return UnkeyedContainer(context: context, storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(context: context)
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
