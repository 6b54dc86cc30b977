import Foundation

/// The folder settings of a project, in the order their overlaps are reported (a clash is reported at
/// the later one, so `output`, which taxigen writes and deletes in, is always the one blamed).
public enum PathSetting: String, CaseIterable, Sendable {
    case specs, templates, migrations, output
}

/// A folder setting that cannot be used, with the setting it is about.
public struct PathProblem: Sendable, Hashable {
    /// The setting (`output`, `specs`, …).
    public let setting: PathSetting
    /// What is wrong, naming the setting and its value.
    public let message: String
    /// How to fix it.
    public let hint: String?
}

extension ProjectConfig {
    /// Files and folders of the project that taxigen never writes into or over: the package's own
    /// sources and build folders and the config. Output and migrations must not be or hold any of them,
    /// and must not be inside the hidden ones.
    static let ownFiles = ["Package.swift", "Package.resolved", "Sources", "Tests", "Plugins", ".git", ".build", ".swiftpm", fileName]
    static let hiddenOwnFolders = [".git", ".build", ".swiftpm"]

    /// The default of a folder setting, for hints (`templates` has none; hints suggest `templates`).
    static func defaultValue(of setting: PathSetting) -> String {
        ProjectConfig(projectDirectory: "").value(of: setting) ?? "templates"
    }

    /// The value of a folder setting (nil for `templates` when there are none).
    public func value(of setting: PathSetting) -> String? {
        switch setting {
        case .specs: specsDirectory
        case .output: outputDirectory
        case .templates: templatesDirectory
        case .migrations: migrationsDirectory
        }
    }

    /// Every problem with the folder settings: each must be a non-empty path that resolves (`..` and
    /// symbolic links followed) strictly inside the project folder; no two may be one folder or one
    /// inside the other; `output` and `migrations`, which taxigen writes, must not be or hold the
    /// project's own files (`Sources`, `Package.swift`, …); what exists must be a folder; `templates`,
    /// and `specs` when it is set, must exist.
    /// - Parameters:
    ///   - folder: the folder the settings must be inside, when not the project folder (the build plugin
    ///     reads a target's config and allows its package's folder).
    ///   - explicit: settings given on the command line: they may name a folder outside the project
    ///     (`--output "$(mktemp -d)"`), but not one that holds it, and they count as written for blame.
    public func pathProblems(_ settings: [PathSetting] = PathSetting.allCases, within folder: String? = nil,
                             explicit: Set<PathSetting> = []) -> [PathProblem] {
        var problems: [PathProblem] = []
        guard let root = ProjectPaths.resolved(folder ?? projectDirectory) else { return [] }
        var resolvedPaths: [(PathSetting, String, String)] = []
        for setting in settings {
            guard let value = value(of: setting) else { continue }
            func problem(_ message: String, _ hint: String?) {
                problems.append(PathProblem(setting: setting, message: message, hint: hint))
            }
            let shown = "'\(setting.rawValue)'" + (value.isEmpty ? "" : " ('\(value)')")
            if value.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("\(shown) is empty", "name a folder inside the project, e.g. `\(setting.rawValue): \(Self.defaultValue(of: setting))`")
                continue
            }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problem("\(shown) contains a control character", "name a folder with a plain name")
                continue
            }
            guard let resolved = ProjectPaths.resolvedAllowingMissing(resolve(value)) else {
                problem("\(shown) cannot be resolved: a symbolic link in it leads nowhere", "fix or remove the link")
                continue
            }
            if resolved == root {
                problem("\(shown) is the project folder itself", "name a folder inside it, e.g. `\(setting.rawValue): \(Self.defaultValue(of: setting))`")
                continue
            }
            if ProjectPaths.isInside(root, resolved) {
                problem("\(shown) holds the project folder", "name a folder inside the project")
                continue
            }
            guard ProjectPaths.isInside(resolved, root) || explicit.contains(setting) else {
                problem("\(shown) is outside the project folder", "name a folder inside the project (paths are relative to it; `..` and symbolic links are followed)")
                continue
            }
            if setting == .output || setting == .migrations {
                let own = Self.ownFiles.map { ((root as NSString).appendingPathComponent($0), $0) }
                if let (_, name) = own.first(where: { $0.0 == resolved || ProjectPaths.isInside($0.0, resolved) }) {
                    problem("\(shown) is or holds the project's own '\(name)'; taxigen writes and deletes files there",
                            "name a folder of its own, e.g. `\(setting.rawValue): \(Self.defaultValue(of: setting))`")
                    continue
                }
                if let name = Self.hiddenOwnFolders.first(where: { ProjectPaths.isInside(resolved, (root as NSString).appendingPathComponent($0)) }) {
                    problem("\(shown) is inside '\(name)'", "name a folder of its own")
                    continue
                }
            }
            var status = stat()
            if stat(resolved, &status) == 0 {
                if (status.st_mode & S_IFMT) != S_IFDIR {
                    problem("\(shown) is a file, not a folder", "name a folder, or move the file away")
                    continue
                }
            } else if setting == .templates || (setting == .specs && valueLocations[setting.rawValue] != nil) {
                problem("the \(setting.rawValue) folder '\(value)' does not exist",
                        setting == .templates ? "create it, or remove `templates:` to use the default templates" : "create it, or point `specs:` at the folder that holds the specs")
                continue
            }
            resolvedPaths.append((setting, value, resolved))
        }
        for (index, later) in resolvedPaths.enumerated() {
            for earlier in resolvedPaths[..<index] where ProjectPaths.overlap(earlier.2, later.2) {
                // Blamed on the later setting, unless only the earlier one is written in the config.
                func isWritten(_ setting: PathSetting) -> Bool {
                    valueLocations[setting.rawValue] != nil || explicit.contains(setting)
                }
                let blameEarlier = !isWritten(later.0) && isWritten(earlier.0)
                let (this, other) = blameEarlier ? (earlier, later) : (later, earlier)
                let relation = this.2 == other.2 ? "is the same folder as"
                    : ProjectPaths.isInside(this.2, other.2) ? "is inside" : "holds"
                problems.append(PathProblem(setting: this.0,
                                            message: "'\(this.0.rawValue)' ('\(this.1)') \(relation) '\(other.0.rawValue)' ('\(other.1)')",
                                            hint: "give specs, templates, migrations and output folders of their own, none inside another"))
                break
            }
        }
        return problems
    }

    /// Reports `pathProblems`, each at its value in the config file, or (for a default) at the path itself.
    public func checkPaths(_ settings: [PathSetting] = PathSetting.allCases, within folder: String? = nil,
                           into log: inout DiagnosticLog) {
        for problem in pathProblems(settings, within: folder) {
            let location = valueLocations[problem.setting.rawValue] ?? .file(value(of: problem.setting) ?? problem.setting.rawValue)
            log.error(problem.message, at: location, hint: problem.hint)
        }
    }
}
