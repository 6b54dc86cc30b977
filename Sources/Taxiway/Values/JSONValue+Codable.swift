extension JSONValue: Codable {
    /// Decodes any JSON value whose arrays and objects nest at most ``maximumDepth`` deep.
    ///
    /// `Decoder` cannot say what kind of value it holds, so each kind is tried in turn, and each wrong try
    /// throws an error whose coding path Foundation builds in time quadratic in the depth (about 0.26 ms a
    /// try at 250 levels). Two things keep a client's document from turning that into a hang:
    /// - the kind tried first is the one the same member name had last (or, in an array, the previous
    ///   element's), so regular documents (records, homogeneous arrays) decode with almost no wrong try;
    /// - the wrong tries of one value may cost at most ``decodingEffortLimit`` (each counts its depth,
    ///   squared), about 2 ms of CPU; a value that needs more is refused.
    /// - Throws: `DecodingError` for anything else, for a document nested deeper (checked before the deeper
    ///   levels are decoded, so a hostile document cannot exhaust the stack), and for one too irregular to
    ///   decode within the effort limit.
    public init(from decoder: any Decoder) throws {
        if let session = JSONDecodingSession.current {
            self = try Self.decode(decoder, in: session)
        } else {
            let session = JSONDecodingSession()
            self = try JSONDecodingSession.$current.withValue(session) { try Self.decode(decoder, in: session) }
        }
    }

    /// The most a value's wrong tries may cost when a client's JSON is decoded, in squared depths (a wrong
    /// try `d` levels deep counts `(d + 1)²`): about 130,000 wrong tries among a flat object's members, 8 at
    /// the deepest level; about 2 ms of CPU (a wrong try 250 levels deep takes about 0.26 ms).
    public static let decodingEffortLimit = 1 << 19

    /// Decodes JSON the application made itself (its own `Encodable` values, what PostgreSQL stores): as
    /// `JSONDecoder().decode(JSONValue.self, from: data)`, without the effort limit meant for clients' JSON.
    @usableFromInline
    static func decodeTrusted<Decoded>(_ decode: () throws -> Decoded) rethrows -> Decoded {
        try JSONDecodingSession.$current.withValue(JSONDecodingSession(effortLimit: .max), operation: decode)
    }

    private static func decode(_ decoder: any Decoder, in session: JSONDecodingSession) throws -> JSONValue {
        let role = session.takeRole()
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { return .null }
        let expected = role.member.flatMap { session.memberKinds[$0] } ?? session.expected
        if let value = try attempt(expected, decoder, container, role, session) { return value }
        for kind in JSONDecodingSession.Kind.allCases where kind != expected {
            if let value = try attempt(kind, decoder, container, role, session) { return value }
        }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
    }

    /// The value as `kind`, or nil when it is of another kind (a wrong try, charged to the session). An array
    /// or object records its kind for its role (its member name, or being an array's first element) before
    /// its own members are decoded, so every level of a deep chain after the first guesses right.
    private static func attempt(_ kind: JSONDecodingSession.Kind, _ decoder: any Decoder,
                                _ container: any SingleValueDecodingContainer, _ role: JSONDecodingSession.Role,
                                _ session: JSONDecodingSession) throws -> JSONValue? {
        switch kind {
        case .string:
            if let value = try? container.decode(String.self) {
                session.record(.string, for: role)
                return .string(value)
            }
        case .number:
            if let value = try? container.decode(Double.self) {
                session.record(.number, for: role)
                return .number(value)
            }
        case .bool:
            if let value = try? container.decode(Bool.self) {
                session.record(.bool, for: role)
                return .bool(value)
            }
        case .object:
            if let object = try? decoder.container(keyedBy: MemberKey.self) {
                session.record(.object, for: role)
                try session.descend(container)
                defer { session.depth -= 1 }
                var members: [String: JSONValue] = [:]
                var previous = JSONDecodingSession.Kind.string
                for key in object.allKeys {
                    session.pendingMember = key.stringValue
                    session.expected = previous
                    let value = try object.decode(JSONValue.self, forKey: key)
                    previous = JSONDecodingSession.Kind(value) ?? previous
                    members[key.stringValue] = value
                }
                return .object(members)
            }
        case .array:
            if var array = try? decoder.unkeyedContainer() {
                session.record(.array, for: role)
                try session.descend(container)
                defer { session.depth -= 1 }
                var elements: [JSONValue] = []
                // The first element is guessed to be like the last first element; each next one like the one
                // before it.
                session.expected = session.firstElementKind
                session.nextIsFirstElement = true
                while !array.isAtEnd {
                    let element = try array.decode(JSONValue.self)
                    session.expected = JSONDecodingSession.Kind(element) ?? session.expected
                    elements.append(element)
                }
                return .array(elements)
            }
        }
        try session.charge(container)
        return nil
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

/// The state of decoding one `JSONValue` from a `Decoder`, shared by its nested values: how deep the
/// decoding is, which kind each member name and the previous element had, and what the wrong tries cost.
///
/// Decoding is synchronous, so one session is only ever used by one thread at a time.
final class JSONDecodingSession: @unchecked Sendable {
    /// The kinds a non-null JSON value can have, in the order they are tried when nothing is known.
    enum Kind: CaseIterable {
        case string, number, object, array, bool

        /// The kind of `value`; nil for `null`, which tells nothing about the next value.
        init?(_ value: JSONValue) {
            switch value {
            case .null: return nil
            case .string: self = .string
            case .number: self = .number
            case .object: self = .object
            case .array: self = .array
            case .bool: self = .bool
            }
        }
    }

    /// The session of the value being decoded on this task, if any.
    @TaskLocal static var current: JSONDecodingSession?

    /// How many arrays and objects enclose the value being decoded.
    var depth = 0
    /// The kind to try first for the next value, when its member name tells nothing.
    var expected = Kind.string
    /// The member name of the next value, when it is an object's member.
    var pendingMember: String?
    /// Whether the next value is an array's first element.
    var nextIsFirstElement = false
    /// The kind each member name had last.
    var memberKinds: [String: Kind] = [:]
    /// The kind the last array's first element had (nested arrays first: coordinates, matrices).
    var firstElementKind = Kind.array
    /// What the wrong tries have cost so far, in squared depths.
    private var effort = 0
    /// The most the wrong tries may cost.
    private let effortLimit: Int

    /// A session whose wrong tries may cost at most `effortLimit`.
    init(effortLimit: Int = JSONValue.decodingEffortLimit) {
        self.effortLimit = effortLimit
    }

    /// What a value is to its parent: an object's member, an array's first element, or neither.
    struct Role {
        let member: String?
        let isFirstElement: Bool
    }

    /// The role of the value about to be decoded; the next value has none until its parent says.
    func takeRole() -> Role {
        defer {
            pendingMember = nil
            nextIsFirstElement = false
        }
        return Role(member: pendingMember, isFirstElement: nextIsFirstElement)
    }

    /// Records that a value of `role` is of `kind`.
    func record(_ kind: Kind, for role: Role) {
        if let member = role.member { memberKinds[member] = kind }
        if role.isFirstElement { firstElementKind = kind }
    }

    /// Enters an array or object, refusing one nested deeper than ``JSONValue/maximumDepth``.
    func descend(_ container: any SingleValueDecodingContainer) throws {
        guard depth < JSONValue.maximumDepth else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "JSON nested deeper than \(JSONValue.maximumDepth) levels")
        }
        depth += 1
    }

    /// Counts one wrong try at the current depth, refusing the value once the effort limit is spent.
    func charge(_ container: any SingleValueDecodingContainer) throws {
        effort = effort.addingReportingOverflow((depth + 1) * (depth + 1)).partialValue
        guard effort <= effortLimit else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "JSON too irregular to decode: its values change kind too often, too deep")
        }
    }
}
