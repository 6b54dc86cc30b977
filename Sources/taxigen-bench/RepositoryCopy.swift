import ExampleDomain
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Taxiway

/// The bulk-insert baseline of the repository benchmark: `COPY customers (…) FROM STDIN` through
/// PostgresNIO's `copyFrom` on a pooled connection, in COPY's text format, with the rows encoded (and the
/// sensitive field sealed) from the same create requests the repository gets.
enum CustomerCopy {
    /// The columns `CustomerRepository` inserts, in its order.
    static let columns = ["customer_id", "name", "email", "status", "credit", "tags", "website", "tax_number",
                          "account_manager_id"]

    /// Encodes `requests` and streams them to the server in one COPY, in writes of about 64 KiB.
    static func copy(_ requests: [CustomerCreate], client: PostgresClient, cipher: FieldCipher, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.copyFrom(table: "customers", columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(70_000)
                for request in requests {
                    try append(request, to: &buffer, cipher: cipher)
                    if buffer.readableBytes >= 65_536 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 {
                    try await writer.write(buffer)
                }
            }
        }
    }

    /// One line of COPY text: tab-separated fields, `\N` for NULL.
    static func append(_ request: CustomerCreate, to buffer: inout ByteBuffer, cipher: FieldCipher) throws {
        // The key is made here, as the generated repository makes it: the sealed value is bound to it.
        let id = UUID()
        buffer.writeString(id.uuidString)
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(request.name, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(request.email, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(request.status.rawValue, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let credit = request.credit { buffer.writeString(credit.description) } else { buffer.writeStaticString("\\N") }
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(arrayLiteral(request.tags), to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let website = request.website { text(website, to: &buffer) } else { buffer.writeStaticString("\\N") }
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let taxNumber = request.taxNumber {
            // bytea in hex form, `\x…`, whose backslash COPY's text format wants doubled.
            buffer.writeStaticString("\\\\x")
            for byte in try cipher.seal(taxNumber, for: HandWrittenQueries.taxNumber, row: id).bytes {
                buffer.writeInteger(hexDigits[Int(byte >> 4)])
                buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
            }
        } else {
            buffer.writeStaticString("\\N")
        }
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let manager = request.accountManagerID { buffer.writeString(manager.uuidString) } else { buffer.writeStaticString("\\N") }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A text field with COPY's escapes for backslash, newline, carriage return and tab.
    static func text(_ value: String, to buffer: inout ByteBuffer) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// A PostgreSQL array literal of text elements, each double-quoted: `{"a","b \"c\""}`.
    static func arrayLiteral(_ items: [String]) -> String {
        var literal = "{"
        for (index, item) in items.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in item.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}
