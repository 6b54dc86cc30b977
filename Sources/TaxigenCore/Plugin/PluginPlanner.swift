/// Plans the build-tool plugin's output: for every spec file, one model, one validation and one
/// repository file, each gathering what `SwiftPlanner` and `RepositoryPlanner` plan for that spec's entity.
///
/// Unlike `taxigen generate` it plans Swift only (no SQL, no tests), and its file names come from the spec
/// file names (`PluginOutputNames`), never from the entities, so SwiftPM knows them before it runs the tool.
struct PluginPlanner {
    /// One output file of the plugin: its name, the spec it is for, and the planned files it gathers.
    struct Group {
        /// The output file name, relative to the output directory.
        let path: String
        /// The spec path as the header shows it.
        let specPath: String
        /// The planned files whose rendered text is merged into this one, in order.
        let parts: [PlannedFile]
    }

    /// The checked schema of every spec of the target.
    let schema: Schema
    /// The spec paths, as loaded (and as `Entity.specPath` holds them).
    let specPaths: [String]

    /// The templates whose output goes to the validation file; every other `SwiftPlanner` file is the model's.
    static let validationTemplates: Set<String> = ["create.swift"]

    /// Three groups per spec path, in spec path order; a spec with no entity gets three empty groups.
    func plan() -> [Group] {
        var groups: [Group] = []
        for specPath in specPaths {
            let fileName = String(specPath.split(separator: "/").last ?? Substring(specPath))
            guard let stem = PluginOutputNames.stem(ofSpecFile: fileName) else { continue }
            var model: [PlannedFile] = [], validation: [PlannedFile] = [], repository: [PlannedFile] = []
            for entity in schema.entities.map(\.codeView) where entity.specPath == specPath {
                for file in SwiftPlanner(entity: entity, directory: entity.name).plan() {
                    if Self.validationTemplates.contains(file.template) {
                        validation.append(file)
                    } else {
                        model.append(file)
                    }
                }
                repository += RepositoryPlanner(entity: entity, directory: entity.name).plan()
            }
            let parts: [PluginOutputNames.Kind: [PlannedFile]] = [.model: model, .validation: validation, .repository: repository]
            for kind in PluginOutputNames.Kind.allCases {
                groups.append(Group(path: PluginOutputNames.fileName(stem: stem, kind: kind), specPath: specPath,
                                    parts: parts[kind] ?? []))
            }
        }
        return groups
    }
}
