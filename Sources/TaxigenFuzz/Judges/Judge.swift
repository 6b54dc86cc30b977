import Foundation
import TaxigenCore

/// Holds taxigen to its promise on one project: a refused project is refused with located errors only, and
/// quickly; an accepted project's SQL applies on every PostgreSQL judge, its defaults read back as the spec
/// meant them, and its Swift compiles without a warning.
public struct Judge: Sendable {
    /// What the judges said of one project.
    public struct Verdict: Sendable {
        /// Whether taxigen accepted the specs.
        public let accepted: Bool
        /// Every broken promise; empty when taxigen kept them all.
        public let failures: [String]
        /// How long load and check took.
        public let checkDuration: Duration
        /// The diagnostics taxigen printed, for the reports of refused projects.
        public let diagnostics: [String]
        /// Whether the project's generated tests were built and run (an accepted project whose Swift compiled).
        public var ranGeneratedTests = false
    }

    /// The PostgreSQL servers; the second element says whether the server has pgvector.
    public let postgres: [(judge: PostgresJudge, hasVector: Bool)]
    /// The Swift judge, when the package's build description is at hand.
    public let swift: SwiftJudge?
    /// A folder for the projects' files; each project gets its own folder, removed afterwards.
    public let workDirectory: String
    /// Whether an accepted project's generated tests are linked and run against every server that can hold
    /// its schema (PostgreSQL 15 only without vector fields), as a team runs them with `swift test`: every
    /// test must pass, none may crash or hang.
    public let runsGeneratedTests: Bool

    /// A judge with these servers and compiler.
    public init(postgres: [(judge: PostgresJudge, hasVector: Bool)], swift: SwiftJudge?, workDirectory: String,
                runsGeneratedTests: Bool = true) {
        self.postgres = postgres
        self.swift = swift
        self.workDirectory = workDirectory
        self.runsGeneratedTests = runsGeneratedTests
    }

    /// Judges one project; `name` names its folder and database (letters, digits and `_`).
    public func judge(_ project: FuzzProject, name: String) throws -> Verdict {
        let directory = "\(workDirectory)/\(name)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory + "/specs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try project.configText.write(toFile: directory + "/taxigen.yaml", atomically: false, encoding: .utf8)
        for spec in project.specs {
            try spec.text.write(toFile: "\(directory)/\(spec.path)", atomically: false, encoding: .utf8)
        }

        let clock = ContinuousClock()
        let start = clock.now
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: directory, into: &log)
        let generator = Generator(config: config)
        let schema = log.hasErrors ? nil : generator.loadSchema(into: &log)
        let checkDuration = clock.now - start
        let diagnostics = log.sorted.map(\.description)

        guard let schema, !log.hasErrors else {
            return Verdict(accepted: false, failures: Self.refusalFailures(log, project: project, duration: checkDuration),
                           checkDuration: checkDuration, diagnostics: diagnostics)
        }
        var failures: [String] = []
        var ranGeneratedTests = false
        let files = try generator.generate(schema, with: generator.templates())
        let output = "\(directory)/Generated"
        _ = try OutputWriter(root: output).write(files)

        let expected = project.intendedDefaults.compactMap { intended -> PostgresJudge.ExpectedDefault? in
            guard let entity = schema.entity(named: intended.entity) else { return nil }
            return PostgresJudge.ExpectedDefault(table: entity.tableName, column: intended.field, value: intended.value)
        }
        for server in postgres where server.hasVector || !schema.usesVector {
            failures += try server.judge.judge(schemaPath: "\(output)/SQL/schema.sql", defaults: expected,
                                               databaseName: "judge_\(name)")
        }
        if let swift {
            let probe = SwiftDefaultsProbe.source(schema: schema, defaults: project.intendedDefaults, moduleName: config.moduleName) {
                entity in files.first { $0.path == "Swift/\(entity.name)/\(entity.name)Create.swift" }?.contents
            }
            // The generated tests run on every server that can hold the schema; their databases are named after
            // the project, so they are dropped when it has been judged.
            let testServers = runsGeneratedTests ? postgres.filter { $0.hasVector || !schema.usesVector }.map(\.judge) : []
            let prefix = "tj_" + name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(24) + "_"
            defer { for server in testServers { try? server.dropDatabases(prefixed: prefix) } }
            let result = try swift.judge(output: output, moduleName: config.moduleName, scratch: directory + "/swift", probe: probe,
                                         testServers: testServers.map { SwiftJudge.TestServer(label: $0.label, url: $0.url) },
                                         databasePrefix: prefix)
            failures += result.failures
            ranGeneratedTests = result.ranTests
            if let printed = result.probeOutput {
                let values = SwiftDefaultsProbe.values(from: printed)
                for intended in project.intendedDefaults where schema.entity(named: intended.entity) != nil {
                    let key = "\(intended.entity).\(intended.field)"
                    guard let text = values[key] else {
                        failures.append("Swift: the create request of \(intended.entity) has no default for \(intended.field)")
                        continue
                    }
                    if !PostgresJudge.agrees(text, intended.value) {
                        failures.append("Swift: the default of \(key) is \(text.debugDescription), but the spec meant \(intended.value)")
                    }
                }
            }
        }
        return Verdict(accepted: true, failures: failures, checkDuration: checkDuration, diagnostics: diagnostics,
                       ranGeneratedTests: ranGeneratedTests)
    }

    /// A refusal keeps its promise when every error has a line and column in a file of the project, no
    /// message quotes more than a short excerpt, and the check did not take long.
    static func refusalFailures(_ log: DiagnosticLog, project: FuzzProject, duration: Duration) -> [String] {
        var failures: [String] = []
        let files = Set(project.specs.map(\.path) + ["taxigen.yaml", "specs"])
        for diagnostic in log.diagnostics where diagnostic.severity == .error {
            if !files.contains(diagnostic.location.file) {
                failures.append("an error is located outside the project's files: \(diagnostic.description.prefix(300))")
            }
            if diagnostic.description.count > 2_000 {
                failures.append("an error is \(diagnostic.description.count) characters long: \(diagnostic.description.prefix(200))…")
            }
        }
        if duration > .seconds(1) {
            failures.append("the refusal took \(duration)")
        }
        return failures
    }
}
