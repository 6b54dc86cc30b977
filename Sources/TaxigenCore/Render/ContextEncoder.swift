import Mustache

/// Turns a render context into what Mustache reads, once per context and without reflection: structs
/// become ``TemplateContext``s (dictionaries by property name), arrays become `[Any]`, and strings,
/// strings become ``TemplateText``, and booleans and numbers stay as they are. A nil optional is left out, as Mustache treats a missing key.
///
/// Contexts are plain structs of stored properties that conform to `Encodable`; the compiler writes their
/// `encode(to:)`, so this encoder visits every stored property without `Mirror`. Reading contexts through
/// `Mirror`, as swift-mustache does by itself, resolved every property's type by its mangled name on every
/// render and was about a third of the generator's time.
enum ContextEncoder {
    /// The Mustache value of `value`.
    static func encode(_ value: some Encodable) throws -> Any {
        switch value {
        case let text as String: return TemplateText(text)
        case let flag as Bool: return flag
        case let number as Int: return number
        default: break
        }
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        return encoder.result
    }
}

/// A struct's properties by name, for Mustache: the values are ``ContextEncoder`` output.
struct TemplateContext: MustacheParent, @unchecked Sendable {
    /// The properties by name (nil optionals are left out).
    let fields: [String: Any]

    func child(named name: String) -> Any? {
        fields[name]
    }
}

/// A string to print. swift-mustache prints a `MustacheCustomRenderable` as its `renderText` right away;
/// a plain `String` would first be tried as a lambda and as an optional, then printed through
/// `String(describing:)`: several dynamic casts for every tag, which were a large part of render time.
struct TemplateText: MustacheCustomRenderable, Sendable {
    /// The text as printed.
    let renderText: String
    /// A text is never Mustache's null: a section over it renders, as over a `String`.
    var isNull: Bool { false }

    init(_ text: String) {
        renderText = text
    }
}

/// An `Encoder` that builds a Mustache value instead of bytes.
private final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    private var keyed: KeyedStorage?
    private var unkeyed: UnkeyedStorage?
    private var single: Any?

    /// What was encoded: a ``TemplateContext``, an array or a scalar.
    var result: Any {
        if let keyed { return TemplateContext(fields: keyed.fields) }
        if let unkeyed { return unkeyed.items }
        return single ?? TemplateContext(fields: [:])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let storage = keyed ?? KeyedStorage()
        keyed = storage
        return KeyedEncodingContainer(KeyedContainer<Key>(storage: storage))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let storage = unkeyed ?? UnkeyedStorage()
        unkeyed = storage
        return UnkeyedContainer(storage: storage)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    fileprivate func setSingle(_ value: Any?) {
        single = value
    }
}

private final class KeyedStorage {
    var fields: [String: Any] = [:]
}

private final class UnkeyedStorage {
    var items: [Any] = []
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: KeyedStorage
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode(_ value: String, forKey key: Key) {
        storage.fields[key.stringValue] = TemplateText(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) {
        storage.fields[key.stringValue] = value
    }

    mutating func encode(_ value: Int, forKey key: Key) {
        storage.fields[key.stringValue] = value
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        storage.fields[key.stringValue] = try ContextEncoder.encode(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedStorage()
        storage.fields[key.stringValue] = NestedContext(storage: nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = UnkeyedStorage()
        storage.fields[key.stringValue] = NestedList(storage: nested)
        return UnkeyedContainer(storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder()
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder()
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let storage: UnkeyedStorage
    var codingPath: [any CodingKey] { [] }
    var count: Int { storage.items.count }

    mutating func encodeNil() {}

    mutating func encode(_ value: String) {
        storage.items.append(TemplateText(value))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.items.append(try ContextEncoder.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedStorage()
        storage.items.append(NestedContext(storage: nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = UnkeyedStorage()
        storage.items.append(NestedList(storage: nested))
        return UnkeyedContainer(storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder()
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {
        encoder.setSingle(nil)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.setSingle(try ContextEncoder.encode(value))
    }
}

/// A nested keyed container's properties (only a hand-written `encode(to:)` makes one). Read when
/// Mustache asks, so that what is encoded into the container after it was made is there.
private struct NestedContext: MustacheParent, @unchecked Sendable {
    let storage: KeyedStorage

    func child(named name: String) -> Any? {
        storage.fields[name]
    }
}

/// A nested unkeyed container's items (only a hand-written `encode(to:)` makes one), read when Mustache
/// iterates them.
private struct NestedList: MustacheSequence, @unchecked Sendable {
    let storage: UnkeyedStorage

    func makeIterator() -> IndexingIterator<[Any]> {
        storage.items.makeIterator()
    }
}
