/// A generated type whose JSON a response may carry: its JSON form, and which of its fields are sensitive.
///
/// Every generated model (which an ``EntityResponse`` carries) and create request (``ModelFields``, which a
/// model holds) conforms. One with `sensitive` fields names their JSON keys and clears them in
/// ``withoutSensitiveValues()``; one without keeps the defaults (no key, the value unchanged).
public protocol ResponseModel: Codable, Hashable, Sendable {
    /// The JSON keys of the sensitive fields, which a response never encodes.
    static var sensitiveKeys: Set<String> { get }

    /// The model with every sensitive value cleared: nil, or the empty string for a NOT NULL field (as
    /// erasure leaves it).
    func withoutSensitiveValues() -> Self
}

extension ResponseModel {
    /// No sensitive field.
    public static var sensitiveKeys: Set<String> { [] }

    /// The model itself: it has no sensitive value.
    public func withoutSensitiveValues() -> Self { self }
}

/// A stored model as an API returns it: every field but the sensitive ones, which it neither keeps nor encodes.
///
/// Fields read as on the model (`response.name`). A sensitive field reads as nil (or the empty string when it
/// is NOT NULL) and is absent from the JSON; decoding a response's JSON gives the same. Return a sensitive
/// value explicitly where a caller may see it.
@dynamicMemberLookup
public struct EntityResponse<Model: ResponseModel>: Sendable, Hashable, Codable {
    /// The model, its sensitive values cleared.
    private let model: Model

    /// The response for a stored model: its sensitive values are dropped here.
    public init(_ model: Model) {
        self.model = model.withoutSensitiveValues()
    }

    /// A field of the model; a sensitive one reads as cleared.
    public subscript<Value>(dynamicMember field: KeyPath<Model, Value>) -> Value {
        model[keyPath: field]
    }

    /// The model's JSON without the sensitive keys.
    public func encode(to encoder: any Encoder) throws {
        let omitted = Model.sensitiveKeys
        if omitted.isEmpty {
            try model.encode(to: encoder)
        } else {
            try model.encode(to: KeyOmittingEncoder(base: encoder, omitted: omitted))
        }
    }

    /// Reads a response's JSON: the sensitive keys are ignored when present and read as cleared.
    public init(from decoder: any Decoder) throws {
        let absent = Model.sensitiveKeys
        if absent.isEmpty {
            self.model = try Model(from: decoder)
        } else {
            self.model = try Model(from: AbsentKeysDecoder(base: decoder, absent: absent)).withoutSensitiveValues()
        }
    }
}
