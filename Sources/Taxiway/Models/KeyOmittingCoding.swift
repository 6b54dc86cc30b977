/// An encoder that writes everything its base encoder writes except the top-level keys `omitted`: how an
/// ``EntityResponse`` leaves a model's sensitive fields out of its JSON.
struct KeyOmittingEncoder: Encoder {
    let base: any Encoder
    let omitted: Set<String>

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Container(base: base.container(keyedBy: type), omitted: omitted))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { base.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { base.singleValueContainer() }

    /// The top-level container: a value for an omitted key is dropped, every other one is passed on.
    struct Container<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var base: KeyedEncodingContainer<Key>
        let omitted: Set<String>

        var codingPath: [any CodingKey] { base.codingPath }

        private func keeps(_ key: Key) -> Bool { !omitted.contains(key.stringValue) }

        mutating func encodeNil(forKey key: Key) throws { if keeps(key) { try base.encodeNil(forKey: key) } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: String, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { if keeps(key) { try base.encode(value, forKey: key) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if keeps(key) { try base.encode(value, forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            base.nestedContainer(keyedBy: keyType, forKey: key)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            base.nestedUnkeyedContainer(forKey: key)
        }

        mutating func superEncoder() -> any Encoder { base.superEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { base.superEncoder(forKey: key) }
    }
}

/// A decoder that reads its base decoder as if the top-level keys `absent` were not there: how an
/// ``EntityResponse`` reads JSON without a model's sensitive fields. An absent key reads as null, and as the
/// empty string where a `String` is required (a NOT NULL sensitive field).
struct AbsentKeysDecoder: Decoder {
    let base: any Decoder
    let absent: Set<String>

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container(base: try base.container(keyedBy: type), absent: absent))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try base.unkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { try base.singleValueContainer() }

    /// The top-level container: an absent key is not there, every other one is read from the base.
    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let base: KeyedDecodingContainer<Key>
        let absent: Set<String>

        var codingPath: [any CodingKey] { base.codingPath }
        var allKeys: [Key] { base.allKeys.filter { !isAbsent($0) } }

        private func isAbsent(_ key: Key) -> Bool { absent.contains(key.stringValue) }

        func contains(_ key: Key) -> Bool { !isAbsent(key) && base.contains(key) }
        func decodeNil(forKey key: Key) throws -> Bool { try isAbsent(key) || base.decodeNil(forKey: key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            try isAbsent(key) ? "" : base.decode(type, forKey: key)
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try base.decode(type, forKey: key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try base.decode(type, forKey: key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try base.decode(type, forKey: key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try base.decode(type, forKey: key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try base.decode(type, forKey: key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try base.decode(type, forKey: key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try base.decode(type, forKey: key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try base.decode(type, forKey: key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try base.decode(type, forKey: key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try base.decode(type, forKey: key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try base.decode(type, forKey: key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try base.decode(type, forKey: key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try base.decode(type, forKey: key) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if isAbsent(key), type == String.self, let empty = "" as? T { return empty }
            return try base.decode(type, forKey: key)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                   forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try base.nestedContainer(keyedBy: type, forKey: key)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try base.nestedUnkeyedContainer(forKey: key)
        }

        func superDecoder() throws -> any Decoder { try base.superDecoder() }
        func superDecoder(forKey key: Key) throws -> any Decoder { try base.superDecoder(forKey: key) }
    }
}
