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

    /// A cursor after the row with sort keys `keys` and primary key `id`.
    public init(keys: [Key], id: UUID) {
        self.keys = keys
        self.id = id
    }

    /// The opaque base64url (no padding) form to give to clients.
    public var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding plain enums of strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor a client sent back.
    /// - Throws: ``IllegalArgument`` when `encoded` is not a cursor this library produced.
    public init(encoded: String) throws {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard encoded.count <= 4096, let data = Data(base64Encoded: base64),
              let cursor = try? JSONDecoder().decode(KeysetCursor.self, from: data)
        else {
            throw IllegalArgument(message: "the page cursor is malformed")
        }
        self = cursor
    }
}

extension KeysetCursor: CustomStringConvertible {
    /// The opaque encoded form.
    public var description: String { encoded }
}
