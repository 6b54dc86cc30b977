import Foundation

/// One random project the fuzzer made: its spec files, its module name, and the value it meant each
/// default to have, so that the judges can compare what PostgreSQL stores with what the spec said.
public struct FuzzProject: Sendable {
    /// A spec file: its path in the project and its YAML text.
    public struct SpecFile: Sendable {
        /// The path relative to the project, `specs/<name>.yaml`.
        public let path: String
        /// The YAML text.
        public let text: String
    }

    /// The value a default was written to mean, compared by value with what the database reads back.
    public enum IntendedValue: Sendable, Hashable, CustomStringConvertible {
        /// An exact number (integers and decimals), canonical (see ``ExactNumber``).
        case exact(ExactNumber)
        /// A binary floating-point number.
        case double(Double)
        /// A text, enum value or day (`YYYY-MM-DD`), byte for byte.
        case text(String)
        /// A boolean.
        case bool(Bool)

        /// The value as the judge's reports print it.
        public var description: String {
            switch self {
            case .exact(let number): number.description
            case .double(let value): "\(value)"
            case .text(let text): text.debugDescription
            case .bool(let value): "\(value)"
            }
        }
    }

    /// A default the fuzzer wrote, and what it means.
    public struct IntendedDefault: Sendable, Hashable {
        /// The entity's name as written in `entity:`.
        public let entity: String
        /// The field's name.
        public let field: String
        /// The value.
        public let value: IntendedValue
    }

    /// The seed the project was made from.
    public let seed: UInt64
    /// The module name written into `taxigen.yaml`.
    public let moduleName: String
    /// The spec files.
    public let specs: [SpecFile]
    /// Every default whose value the fuzzer can state exactly.
    public let intendedDefaults: [IntendedDefault]
    /// The `tenancy:` line of `taxigen.yaml` as written (a flow mapping, or something wrong), nil for none.
    public var tenancy: String?

    /// The project's `taxigen.yaml`.
    public var configText: String {
        "specs: specs\noutput: Generated\nmodule: \(YAMLText.scalar(moduleName))\n" + (tenancy.map { "tenancy: \($0)\n" } ?? "")
    }
}

extension FuzzProject {
    /// A project kept on disk (a regression case): its `taxigen.yaml` module and its `specs/*.yaml`, with no
    /// intended defaults.
    public init(contentsOf folder: String) throws {
        let config = (try? String(contentsOfFile: folder + "/taxigen.yaml", encoding: .utf8)) ?? ""
        let module = config.split(separator: "\n").first { $0.hasPrefix("module:") }
            .map { $0.dropFirst("module:".count).trimmingCharacters(in: .whitespaces) } ?? "FuzzDomain"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/specs").filter { $0.hasSuffix(".yaml") }.sorted()
        let specs = try names.map {
            SpecFile(path: "specs/\($0)", text: try String(contentsOfFile: "\(folder)/specs/\($0)", encoding: .utf8))
        }
        self.init(seed: 0, moduleName: module, specs: specs, intendedDefaults: [])
        tenancy = config.split(separator: "\n").first { $0.hasPrefix("tenancy:") }
            .map { $0.dropFirst("tenancy:".count).trimmingCharacters(in: .whitespaces) }
    }
}
