/// Writes YAML scalars, lists and flow mappings the way a spec author would, quoting only when needed, so
/// that the text the fuzzer writes means exactly the value it intends.
enum YAMLText {
    /// A node of the YAML the fuzzer writes.
    enum Node {
        /// A plain scalar written as is (numbers, booleans, safe words).
        case plain(String)
        /// A string, double-quoted when plain would change its meaning.
        case string(String)
        /// A flow list.
        case list([Node])
        /// A flow mapping, in order.
        case map([Entry])
    }

    /// A key and its value in a flow mapping.
    struct Entry {
        let key: String
        let value: Node

        init(_ key: String, _ value: Node) {
            self.key = key
            self.value = value
        }
    }

    /// The node as flow YAML.
    static func flow(_ node: Node) -> String {
        switch node {
        case .plain(let text): text
        case .string(let text): scalar(text)
        case .list(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let entries):
            "{ " + entries.map { "\(scalar($0.key)): \(flow($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    /// A string as a YAML scalar: plain when it is a safe word, double-quoted with escapes otherwise.
    static func scalar(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        } && !(text.first.map { ("0"..."9").contains($0) } ?? false)
            && !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "True", "False", "Null", "NULL", "TRUE", "FALSE", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF", "Y", "N"].contains(text)
        return safe ? text : quoted(text)
    }

    /// A double-quoted YAML scalar: every character that is not printable ASCII is escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                    || scalar.value == 0x2029 || scalar.value == 0xFEFF
                {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
