import Foundation

/// Where a keyset-paginated list continues: the sort key(s) and id of the last row of the previous
/// page, as an opaque base64url string clients pass back unchanged.
///
/// A repository reads the next page with
/// `WHERE (created_at, customer_id) > (\(cursor.keys[0]), \(cursor.id)) ORDER BY created_at, customer_id`
/// — the keys bind with their exact PostgreSQL types (see ``KeysetCursor/Key``).
public struct KeysetCursor: Sendable, Hashable, Codable {
    /// The last row's sort key values, in sort order.
    public let keys: [Key]
    /// The last row's primary key, the final tie-breaker.
    public let id: UUID
    /// A digest of the ordering and filter the cursor was made for; a repository refuses the cursor with any
    /// other (nil for a cursor made by hand).
    public let query: String?

    /// A cursor after the row with sort keys `keys` and primary key `id`, made for the query `query`.
    public init(keys: [Key], id: UUID, query: String? = nil) {
        self.keys = keys
        self.id = id
        self.query = query
    }

    /// The longest encoded cursor ``init(encoded:)`` reads; longer strings are refused before any work.
    ///
    /// It admits every cursor of sort keys up to about 700 KB of text (a `varchar(2048)` of control
    /// characters, each escaped to six in the cursor's JSON, needs about 17 KB), so a repository never hands
    /// out a cursor it would refuse for any value short of that.
    public static let maximumEncodedLength = 1_048_576

    /// The opaque base64url (no padding) form to give to clients.
    public var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.infinity, negativeInfinity: "-" + Self.infinity, nan: Self.nan)
        // Plain enums of strings, integers and (with the strategy above, also non-finite) doubles always encode.
        let data = (try? encoder.encode(self)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor a client sent back.
    ///
    /// Any string is safe to pass: one longer than ``maximumEncodedLength``, with characters outside
    /// base64url, that is not a cursor, or whose keys PostgreSQL would refuse (a timestamp outside its range,
    /// text with NUL) is refused before it reaches the database.
    /// - Throws: ``IllegalArgument`` when `encoded` is not a cursor this library produced.
    public init(encoded: String) throws {
        let malformed = IllegalArgument(message: "the page cursor is malformed")
        let utf8 = encoded.utf8
        guard utf8.count <= Self.maximumEncodedLength,
              utf8.allSatisfy({ Self.base64URLAlphabet.contains($0) })
        else { throw malformed }
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - utf8.count % 4) % 4)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: Self.infinity, negativeInfinity: "-" + Self.infinity, nan: Self.nan)
        guard let data = Data(base64Encoded: base64),
              let cursor = try? decoder.decode(KeysetCursor.self, from: data),
              cursor.keys.allSatisfy(\.isBindable)
        else { throw malformed }
        self = cursor
    }

    /// The characters of base64url without padding.
    private static let base64URLAlphabet: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    /// How non-finite `double` keys are written, so every cursor encodes (JSON has no NaN or infinity).
    private static let infinity = "inf"
    private static let nan = "nan"
}

extension KeysetCursor: CustomStringConvertible {
    /// The opaque encoded form.
    public var description: String { encoded }
}
