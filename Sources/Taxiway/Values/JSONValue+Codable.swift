extension JSONValue: Codable {
    /// Decodes any JSON value nested at most ``maximumDepth`` deep.
    /// - Throws: `DecodingError` for anything else, and for a document nested deeper (checked before the
    ///   deeper levels are decoded, so a hostile document cannot exhaust the stack).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            // An array or object here nests one level below `codingPath`.
            guard decoder.codingPath.count < Self.maximumDepth else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "JSON nested deeper than \(Self.maximumDepth) levels")
            }
            if var array = try? decoder.unkeyedContainer() {
                var elements: [JSONValue] = []
                while !array.isAtEnd {
                    elements.append(try array.decode(JSONValue.self))
                }
                self = .array(elements)
            } else if let object = try? decoder.container(keyedBy: MemberKey.self) {
                var members: [String: JSONValue] = [:]
                for key in object.allKeys {
                    members[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
                }
                self = .object(members)
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
            }
        }
    }

    /// Encodes the value as plain JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Any object member's name.
    private struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }
}
