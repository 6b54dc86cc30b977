/// The names of the files the build-tool plugin generates, derived from a spec's *file* name alone.
///
/// SwiftPM needs every output of a build command before the command runs, so the names cannot depend
/// on what a spec says: `customer.yaml` always gives `customer.model.swift`, `customer.validation.swift`
/// and `customer.repository.swift`, whatever entity it declares. The plugin (which cannot link this
/// library) applies the same rule; `Plugins/TaxigenBuildPlugin` must be kept in step with it.
public enum PluginOutputNames {
    /// The kinds of file generated for every spec file, in the order they are listed.
    public enum Kind: String, Sendable, CaseIterable {
        /// The model struct and its response type, column constants, enums and `data` helpers.
        case model
        /// The create and patch types with their validation.
        case validation
        /// The repository on PostgresNIO: statements, bindings and row decoding.
        case repository
    }

    /// The spec file extensions the plugin reads.
    public static let specExtensions = ["yaml", "yml"]

    /// The config's file name, which is never a spec.
    public static let configFileName = ProjectConfig.fileName

    /// The stem of a spec file name (`customer.yaml` → `customer`), or nil when the name is not a spec's.
    public static func stem(ofSpecFile fileName: String) -> String? {
        guard fileName != configFileName else { return nil }
        for ext in specExtensions where fileName.hasSuffix("." + ext) {
            let stem = String(fileName.dropLast(ext.count + 1))
            return stem.isEmpty ? nil : stem
        }
        return nil
    }

    /// The output file name of one kind for a spec file's stem: `customer.model.swift`.
    public static func fileName(stem: String, kind: Kind) -> String {
        "\(stem).\(kind.rawValue).swift"
    }

    /// Every output file name of a spec file, in `Kind` order; empty when the name is not a spec's.
    public static func fileNames(forSpecFile fileName: String) -> [String] {
        guard let stem = stem(ofSpecFile: fileName) else { return [] }
        return Kind.allCases.map { self.fileName(stem: stem, kind: $0) }
    }
}
