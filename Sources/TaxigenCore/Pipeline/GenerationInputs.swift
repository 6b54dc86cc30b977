import Foundation

/// The digest of everything `taxigen generate` prints and writes depends on, so that a run can tell it would
/// only produce the output it produced last time (see ``GenerationStamp``).
///
/// That is: taxigen itself (the executable's device, inode, size and modification time: the default templates
/// are compiled into it), every setting of the project, the working directory (diagnostics may show paths
/// relative to it), the spec files' paths and texts and the template overrides' paths and texts, as the run
/// read them. A digest is only made of inputs that were all read without a problem.
public enum GenerationInputs {
    /// The settings that go into the digest, by name. A test holds this list (with ``settingsLeftOut``) to
    /// `ProjectConfig`'s stored properties, so that a new setting cannot be forgotten here.
    static let settings: [(name: String, value: @Sendable (ProjectConfig) -> String?)] = [
        ("projectDirectory", { $0.projectDirectory }),
        ("specsDirectory", { $0.specsDirectory }),
        ("outputDirectory", { $0.outputDirectory }),
        ("templatesDirectory", { $0.templatesDirectory }),
        ("moduleName", { $0.moduleName }),
        ("refCycleSeverity", { $0.refCycleSeverity.rawValue }),
        ("migrationsDirectory", { $0.migrationsDirectory }),
        ("zeroDowntime", { String($0.zeroDowntime) }),
        ("tenancy", { $0.tenancy.map { "\($0.key) \($0.location)" } }),
        ("criticalWords", { $0.criticalWords?.joined(separator: "\n") }),
        // Where each setting is written: a warning about the config shows it.
        ("valueLocations", { $0.valueLocations.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n") }),
    ]

    /// The settings deliberately left out of the digest, with why (none: every setting can change what a run
    /// prints).
    static let settingsLeftOut: [String: String] = [:]

    /// The digest, as 64 hex digits; nil when an input could not be read (the run then reports it) or the
    /// executable cannot be identified.
    public static func digest(config: ProjectConfig, inputs: Generator.Inputs, executable: String?,
                              workingDirectory: String) -> String? {
        guard let specs = inputs.specs, let overrides = try? inputs.overrides.get(),
              let executable, let identity = identity(ofFile: executable) else { return nil }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(specs.reduce(4096) { $0 + $1.path.utf8.count + $1.text.utf8.count + 32 })
        func add(_ label: String, _ value: some Collection<UInt8>) {
            // Each value is framed by its label and length, so no two different inputs give the same bytes.
            buffer.append(contentsOf: label.utf8)
            buffer.append(0)
            buffer.append(contentsOf: String(value.count).utf8)
            buffer.append(0)
            buffer.append(contentsOf: value)
        }
        add("format", "1".utf8)
        add("executable", identity.utf8)
        add("workingDirectory", workingDirectory.utf8)
        for setting in settings {
            add("setting " + setting.name, (setting.value(config) ?? "\u{0}none").utf8)
        }
        add("specs", String(specs.count).utf8)
        for spec in specs {
            add("spec path", spec.path.utf8)
            add("spec text", spec.text.utf8)
        }
        add("overrides", String(overrides.count).utf8)
        for override in overrides {
            add("override path", override.path.utf8)
            add("override text", override.text.utf8)
        }
        return SHA256.hex(of: buffer)
    }

    /// A file's device, inode, size and modification time, which change whenever the file is rebuilt or
    /// replaced; nil when it cannot be read.
    static func identity(ofFile path: String) -> String? {
        guard let state = FileState(path: path) else { return nil }
        return "\(state.device) \(state.inode) \(state.size) \(state.modified)"
    }
}
