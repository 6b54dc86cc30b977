extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON text with sorted object keys (deterministic).
    /// Non-finite numbers, which JSON cannot express, are written as `null`.
    public var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// The compact JSON text.
    public var description: String { jsonText }

    /// Writes the compact text with an explicit stack instead of recursion, so a value of any depth is
    /// written without exhausting the stack.
    func write(to output: inout String) {
        var pending: [TextStep] = [.value(self)]
        while let step = pending.popLast() {
            switch step {
            case .text(let text):
                output += text
            case .key(let key):
                Self.writeString(key, to: &output)
                output += ":"
            case .value(.null):
                output += "null"
            case .value(.bool(let value)):
                output += value ? "true" : "false"
            case .value(.number(let value)):
                Self.writeNumber(value, to: &output)
            case .value(.string(let value)):
                Self.writeString(value, to: &output)
            case .value(.array(let elements)):
                output += "["
                pending.append(.text("]"))
                // Pushed last to first, so they are written first to last.
                for (index, element) in elements.enumerated().reversed() {
                    pending.append(.value(element))
                    if index > 0 { pending.append(.text(",")) }
                }
            case .value(.object(let members)):
                output += "{"
                pending.append(.text("}"))
                for (index, key) in members.keys.sorted().enumerated().reversed() {
                    pending.append(.value(members[key] ?? .null))
                    pending.append(.key(key))
                    if index > 0 { pending.append(.text(",")) }
                }
            }
        }
    }

    /// One piece of output still to write.
    private enum TextStep {
        case value(JSONValue)
        case key(String)
        case text(String)
    }

    static func writeNumber(_ value: Double, to output: inout String) {
        guard value.isFinite else {
            output += "null"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            output += String(Int64(value))
        } else {
            output += "\(value)"
        }
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
