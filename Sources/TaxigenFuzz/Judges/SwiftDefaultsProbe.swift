import TaxigenCore

/// Code compiled with the generated tests that makes each entity's create request from its required arguments
/// alone and prints the value Swift gives every defaulted field: the Swift half of "a default reads back equal
/// from the database and from Swift". It is the function ``entrySymbol``, which the test runner calls instead of
/// running the tests when ``environmentSwitch`` is `1` (``SwiftJudge``), so the probe needs no program of its own.
struct SwiftDefaultsProbe {
    /// The symbol of the probe's function, which the runner declares by the same name.
    static let entrySymbol = "taxigen_judge_defaults_probe"
    /// The environment variable that makes the runner call the probe.
    static let environmentSwitch = "TAXIGEN_JUDGE_DEFAULTS_PROBE"

    /// The probe's source, or nil when no entity has a default to read.
    static func source(schema: Schema, defaults: [FuzzProject.IntendedDefault], moduleName: String,
                       createFile: (Entity) -> String?) -> String? {
        var body: [String] = []
        for entity in schema.entities {
            let fields = defaults.filter { $0.entity == entity.name }
            guard !fields.isEmpty, let text = createFile(entity) else { continue }
            let variable = "probe\(body.count)"
            let reports = fields.compactMap { field -> String? in
                guard let column = entity.columns.first(where: { $0.name == field.field }) else { return nil }
                let member = "\(variable).\(column.swiftIdentifier)"
                let printer = if case .enumeration = column.type { "probeRaw" } else { "probeText" }
                return "    probeReport(\"\(entity.name).\(field.field)\", \(printer)(\(member)))"
            }
            guard !reports.isEmpty else { continue }
            let arguments = requiredArguments(inCreateFile: text)
            body.append("    let \(variable) = \(entity.name)Create(\(arguments.joined(separator: ", ")))")
            body += reports
        }
        guard !body.isEmpty else { return nil }
        return file(imports: ["Foundation", "Taxiway", moduleName], body: body)
    }

    /// A probe that prints nothing, for a project without defaults (the runner still calls its symbol).
    static let empty = file(imports: [], body: [])

    private static func file(imports: [String], body: [String]) -> String {
        let helpers = imports.isEmpty ? "" : """

            private func probeText<Value>(_ value: Value?) -> String {
                value.map { "\\($0)" } ?? "<nil>"
            }

            private func probeRaw<Value: RawRepresentable>(_ value: Value?) -> String where Value.RawValue == String {
                value?.rawValue ?? "<nil>"
            }

            private func probeReport(_ key: String, _ text: String) {
                print(key + "\\t" + text.utf8.map { String(format: "%02x", $0) }.joined())
            }

            """
        return imports.map { "import \($0)\n" }.joined() + helpers + """

            /// Prints every defaulted field's value (the judges' defaults probe).
            @_silgen_name("\(entrySymbol)")
            public func taxigenJudgeDefaultsProbe() {
            \(body.joined(separator: "\n"))
            }

            """
    }

    /// Each printed line, `Entity.field` → the value's text.
    static func values(from output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            var bytes: [UInt8] = []
            var index = parts[1].startIndex
            while let next = parts[1].index(index, offsetBy: 2, limitedBy: parts[1].endIndex), index < next {
                if let byte = UInt8(parts[1][index..<next], radix: 16) { bytes.append(byte) }
                index = next
            }
            values[String(parts[0])] = String(decoding: bytes, as: UTF8.self)
        }
        return values
    }

    /// `label: value` for every parameter of the create type's initialiser that has no default, read from the
    /// generated file, with a placeholder value of the parameter's type.
    static func requiredArguments(inCreateFile text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("public init(") }) else { return [] }
        var arguments: [String] = []
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(")") { break }
            guard let colon = trimmed.range(of: ": ") else { continue }
            // A keyword the declaration escapes is a plain argument label at the call (escaping it there draws a
            // warning), but for the three an argument label cannot be.
            var label = String(trimmed[..<colon.lowerBound])
            if label.hasPrefix("`"), label.hasSuffix("`"), !["`inout`", "`var`", "`let`"].contains(label) {
                label = String(label.dropFirst().dropLast())
            }
            var type = String(trimmed[colon.upperBound...])
            if type.hasSuffix(",") { type.removeLast() }
            if type.contains(" = ") { continue }
            arguments.append("\(label): \(placeholder(forType: type))")
        }
        return arguments
    }

    private static func placeholder(forType type: String) -> String {
        if type.hasSuffix("?") { return "nil" }
        if type.hasPrefix("[") { return "[]" }
        switch type {
        case "String": return "\"\""
        case "Int32", "Int64", "Int", "Double", "Float", "Decimal": return "0"
        case "Bool": return "false"
        case "Date": return "Date()"
        case "UUID": return "UUID()"
        case "CalendarDate": return "CalendarDate(year: 2000, month: 1, day: 1)!"
        case "JSONValue": return ".null"
        default: return "\(type).allCases[0]"
        }
    }
}
