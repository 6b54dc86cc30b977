import Foundation

/// The objects generated code links with (Taxiway, TaxiwayTesting and what they stand on: about 2,000 objects
/// of the package's debug build), linked once into a shared library that every defaults probe and every test
/// runner of the Swift judge links against.
///
/// Linking those objects into each executable took 2.7 s a time, twice per accepted project; the library takes
/// about 3 s once, and an executable linked against it 0.4 s. It is kept in the build folder under a name made
/// from the objects' paths, sizes and modification times and the link command, so it is made again after the
/// package is rebuilt, and reused by every judge until then; an older one is removed when a new one is made.
struct JudgeRuntimeLibrary: Sendable {
    /// The folder the library is in (an rpath of every executable linked against it).
    let directory: String
    /// The name to link it by (`-l<name>`).
    let name: String

    /// The linker flags of an executable that uses the library.
    var linkFlags: [String] {
        ["-L", directory, "-l" + name, "-Xlinker", "-rpath=" + directory]
    }

    /// The library for `objects` (lines of a response file), linked with `compiler` and `flags` into `directory` unless it is already there.
    static func make(objects: [String], compiler: String, flags: [String], directory: String) throws -> JudgeRuntimeLibrary {
        var key = ([compiler] + flags).joined(separator: "\u{0}")
        for object in objects {
            // The list is a response file's lines: a path with a space is quoted.
            let path = object.count > 1 && object.hasPrefix("'") && object.hasSuffix("'") ? String(object.dropFirst().dropLast()) : object
            var status = stat()
            guard stat(path, &status) == 0 else { throw JudgeError("an object of the build is missing: \(path)") }
            #if canImport(Darwin)
            let modified = status.st_mtimespec
            #else
            let modified = status.st_mtim
            #endif
            key += "\u{0}\(object) \(status.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
        }
        let name = "TaxigenJudgeRuntime-" + String(fnv1a(key), radix: 16)
        let library = JudgeRuntimeLibrary(directory: directory, name: name)
        let path = directory + "/lib\(name).so"
        if FileManager.default.fileExists(atPath: path) { return library }

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try make(path, what: "linking the judges' runtime library", compiler: compiler) { partial, unique in
            let objectList = directory + "/objects-\(unique).txt"
            try objects.joined(separator: "\n").write(toFile: objectList, atomically: false, encoding: .utf8)
            return (["-emit-library", "-o", partial, "-module-name", "TaxigenJudgeRuntime"]
                        + flags.filter { $0 != "-emit-executable" } + ["@" + objectList], objectList)
        }
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where (stale.hasPrefix("libTaxigenJudgeRuntime-") && stale != "lib\(name).so" && !stale.contains(".so."))
            || (stale.hasPrefix("TaxigenJudgeRunner-") && stale.hasSuffix(".o")) {
            try? FileManager.default.removeItem(atPath: directory + "/" + stale)
        }
        return library
    }

    /// The object of the generated tests' runner (`main`: the probe when ``SwiftDefaultsProbe/environmentSwitch``
    /// is set, else every test, as `swift test` runs them), compiled with `flags` on first use and kept beside
    /// the library under a name of the library's and the flags', since it is the same for every project.
    func runnerObject(compiler: String, flags: [String]) throws -> String {
        let path = directory + "/TaxigenJudgeRunner-" + String(Self.fnv1a(([name, compiler] + flags).joined(separator: "\u{0}")), radix: 16) + ".o"
        if FileManager.default.fileExists(atPath: path) { return path }
        try Self.make(path, what: "compiling the judges' test runner", compiler: compiler) { partial, unique in
            let source = directory + "/runner-\(unique).swift"
            try Self.runnerSource.write(toFile: source, atomically: false, encoding: .utf8)
            return (["-c", "-parse-as-library", "-module-name", "TaxigenGeneratedTestsRunner", "-o", partial] + flags + [source], source)
        }
        return path
    }

    /// The runner's `main`.
    private static let runnerSource = """
            import Foundation
            import Testing

            @_silgen_name("\(SwiftDefaultsProbe.entrySymbol)")
            func taxigenJudgeDefaultsProbe()

            /// Runs every test linked into this executable, as `swift test` does, or the defaults probe.
            @main
            struct TaxigenGeneratedTestsRunner {
                static func main() async {
                    if ProcessInfo.processInfo.environment["\(SwiftDefaultsProbe.environmentSwitch)"] == "1" {
                        taxigenJudgeDefaultsProbe()
                        return
                    }
                    await Testing.__swiftPMEntryPoint() as Never
                }
            }

            """

    /// Runs `compiler` with the arguments `command` gives for a partial file (and the input file it wrote, removed
    /// afterwards), then renames the partial file to `path` whole, so a judge in another process never uses half
    /// of it; `what` names the step in the error when the compiler fails.
    private static func make(_ path: String, what: String, compiler: String,
                             _ command: (_ partial: String, _ unique: String) throws -> ([String], input: String)) throws {
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        let partial = path + ".\(unique)"
        let (arguments, input) = try command(partial, unique)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let result = try CommandRunner.run(compiler, arguments)
        guard result.status == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            let text = (result.output + result.errors).split(separator: "\n").prefix(8).joined(separator: " | ")
            throw JudgeError("\(what) exited with \(result.status): \(text)")
        }
        guard rename(partial, path) == 0 else { throw JudgeError("cannot rename \(partial): \(String(cString: strerror(errno)))") }
    }

    /// FNV-1a, 64 bits: a name for a cache entry, not a digest anyone relies on for security.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// A judge that could not be set up or run (not a verdict about the project).
struct JudgeError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
