import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen generate [--check]`: writes the output directory from the specs, or checks it for drift.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate code from the specs (or, with --check, verify that committed output is current).",
        discussion: "Exit status: 0 written or up to date; 1 invalid specs or config, drift or an unfinished write (with --check), or a failed write; 64 a bad folder flag."
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Write nothing; exit 1 naming every drifted, missing or extra file.")
    var check = false

    @Flag(help: "Render and compare every file even when nothing changed since the last run.")
    var force = false

    func run() throws {
        let start = Date()
        // An error in taxigen.yaml stops the run before anything is written, but the specs are checked too, so
        // that every problem is reported at once.
        let (config, configProblems) = try project.configForChecking()
        let generator = Generator(config: config)
        let root = config.resolve(config.outputDirectory)
        let configErrors = configProblems.contains { $0.severity == .error }
        var log = DiagnosticLog()
        let inputs = generator.readInputs(into: &log)
        // Without --check, a run whose inputs and output are what the last run left prints that run's outcome
        // (see `GenerationStamp`); any other run first removes the stamp, and records one when it completes.
        let digest = check || configErrors || log.hasErrors ? nil
            : GenerationInputs.digest(config: config, inputs: inputs, executable: Bundle.main.executablePath,
                                      workingDirectory: FileManager.default.currentDirectoryPath)
        if !check {
            if !force, let digest, let stamp = GenerationStamp.current(in: root, inputs: digest) {
                if !stamp.diagnostics.isEmpty { ConsoleOutput.printError(stamp.diagnostics.joined(separator: "\n")) }
                let counts = stamp.counts
                print(Self.summary(files: counts.files, folders: counts.folders, in: config.outputDirectory,
                                   written: 0, unchanged: counts.files, deleted: 0, since: start,
                                   note: "; nothing changed since the last run"))
                return
            }
            do {
                try GenerationStamp.remove(in: root)
            } catch {
                ConsoleOutput.printError("error: \(ErrorText.reason(error))")
                throw ExitCode(1)
            }
        }
        let files: [OutputFile]?
        do {
            files = try generator.outputFiles(from: inputs, into: &log)
        } catch {
            log.append(contentsOf: configProblems)
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        // The config's problems join the log only now: the checker reads the files with errors in the log as
        // specs it could not read.
        log.append(contentsOf: configProblems)
        ConsoleOutput.printDiagnostics(log.sorted)
        guard let files, !configErrors else {
            let errors = log.diagnostics.filter { $0.severity == .error }.count
            let place = configErrors ? "\(ProjectConfig.fileName) and the specs" : "the specs"
            ConsoleOutput.printError("\(errors) error\(errors == 1 ? "" : "s") in \(place); nothing was written.")
            throw ExitCode(1)
        }
        if check {
            let drifts: [DriftCheck.Drift]
            do {
                // A half-finished write is named as such, not reported as thousands of drifted files.
                if let pending = try DriftCheck(root: root).pendingWrite(shownRoot: config.outputDirectory) {
                    for line in pending.report() { ConsoleOutput.printError(line) }
                    throw ExitCode(1)
                }
                drifts = try DriftCheck(root: root).differences(from: files)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                ConsoleOutput.printError("error: cannot compare \(config.outputDirectory): \(ErrorText.reason(error))")
                throw ExitCode(1)
            }
            guard !drifts.isEmpty else {
                print("\(config.outputDirectory) is up to date (\(files.count) files).")
                return
            }
            for drift in drifts {
                ConsoleOutput.printError("\(config.outputDirectory)/\(drift.path): error: \(drift.kind.message)")
                if !drift.excerpt.isEmpty { ConsoleOutput.printError(drift.excerpt) }
            }
            ConsoleOutput.printError("\(drifts.count) file\(drifts.count == 1 ? "" : "s") differ from what the specs produce; run `taxigen generate`.")
            throw ExitCode(1)
        }
        do {
            let summary = try OutputWriter(root: root).write(files)
            if let digest {
                // Only a record for later runs: a run that cannot write it has still done its work.
                let printed = log.sorted.flatMap { $0.description.split(separator: "\n", omittingEmptySubsequences: false) }
                try? GenerationStamp.record(in: root, inputs: digest, diagnostics: printed.map(String.init),
                                            paths: files.map(\.path) + [Manifest.fileName])
            }
            let folders = Set(files.map { file in file.path.utf8.lastIndex(of: UInt8(ascii: "/")).map { file.path[..<$0] } ?? "" })
            print(Self.summary(files: files.count, folders: folders.count, in: config.outputDirectory,
                               written: summary.written.count, unchanged: summary.unchanged, deleted: summary.deleted.count,
                               since: start))
            // Freeing thousands of files' text is left to another thread: the process ends meanwhile.
            releaseInBackground(files)
        } catch {
            ConsoleOutput.printError("error: writing \(config.outputDirectory) failed, the previous files are in place: \(ErrorText.reason(error))")
            throw ExitCode(1)
        }
    }
}

extension GenerateCommand {
    /// The one line a run prints: `taxigen: N files for F folders in OUTPUT: W written, U unchanged, D deleted
    /// (T ms)`, with `note` inside the brackets.
    static func summary(files: Int, folders: Int, in output: String, written: Int, unchanged: Int, deleted: Int,
                        since start: Date, note: String = "") -> String {
        let milliseconds = Int(Date().timeIntervalSince(start) * 1000)
        return "taxigen: \(files) files for \(folders) folders in \(output): \(written) written, \(unchanged) unchanged, "
            + "\(deleted) deleted (\(milliseconds) ms\(note))."
    }
}

extension DriftCheck.Drift.Kind {
    /// How `--check` describes the drift.
    var message: String {
        switch self {
        case .drifted: "differs from what the specs produce"
        case .missing: "is missing; the specs produce it"
        case .extra: "is no longer produced by the specs"
        }
    }
}
