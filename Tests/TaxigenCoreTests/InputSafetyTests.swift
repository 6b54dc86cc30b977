import Foundation
import Testing
@testable import TaxigenCore

/// Whatever taxigen refuses, it refuses safely: YAML features that cost without bound (aliases), that
/// mean code elsewhere (tags), files that are not the project's plain text, patterns that backtrack
/// forever, config folders that would let `generate` write where it must not, and a half-finished write.
/// Each refusal is located and quick, and no message quotes more than a short excerpt of any file.
@Suite("Input safety")
struct InputSafetyTests {
    // MARK: YAML

    static let bomb = """
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """

    @Test("an alias bomb is refused without expanding it, in milliseconds: its first anchors and aliases, then a count")
    func aliasBomb() {
        let (diagnostics, elapsed) = Self.timed { SpecHarness.diagnostics(["specs/a.yaml": Self.bomb]) }
        let reported = diagnostics.map(\.description)
        #expect(reported.first == "specs/a.yaml:1:4: error: YAML anchors are not allowed in specs ('&a')\n    hint: specs use plain YAML: write each value out in full")
        #expect(reported.count == 9)  // eight one by one, then the count
        // 9 anchors and 8 × 9 aliases; the ninth of them is the seventh alias on line 2.
        #expect(reported.last?.hasPrefix("specs/a.yaml:2:26: error: 73 more YAML anchors, aliases or tags in this file, from here on (81 in all)") == true)
        #expect(elapsed < .seconds(1))  // milliseconds here; the failure it guards takes minutes
    }

    @Test("every anchor, alias and tag of a file is reported at once, each where it is written")
    func severalFeatures() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: !!str Customer
        fields:
          name: &n { type: text }
          *n : { type: text }
          email: !custom { type: text }
          other: *n
        """])
        #expect(errors == [
            "specs/a.yaml:1:9: YAML tags are not allowed in specs ('!!str')",
            "specs/a.yaml:3:9: YAML anchors are not allowed in specs ('&n')",
            "specs/a.yaml:4:3: YAML aliases are not allowed in specs ('*n')",
            "specs/a.yaml:5:10: YAML tags are not allowed in specs ('!custom')",
            "specs/a.yaml:6:10: YAML aliases are not allowed in specs ('*n')",
        ])
    }

    @Test("an alias is refused where it is written")
    func alias() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  name: *name\n"])
        #expect(errors == ["specs/a.yaml:3:9: YAML aliases are not allowed in specs ('*name')"])
    }

    @Test("YAML tags are refused, standard or not, on scalars, lists and mappings", arguments: [
        ("entity: !!python/object:os.system Customer\n", "1:9", "'!!python/object:os.system'"),
        ("entity: !foo Customer\n", "1:9", "'!foo'"),
        ("entity: !!str Customer\n", "1:9", "'!!str'"),
        ("entity: Customer\nfields: !!map\n  name: { type: text }\n", "2:9", "'!!map'"),
        ("entity: Customer\nindexes: !<tag:x> []\n", "2:10", "'tag:x'"),
    ])
    func tags(text: String, location: String, shown: String) {
        let errors = SpecHarness.errors(["specs/a.yaml": text])
        #expect(errors == ["specs/a.yaml:\(location): YAML tags are not allowed in specs (\(shown))"])
    }

    @Test("a duplicate key is located at the duplicate, with the first's position in the hint")
    func duplicateKey() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": """
        entity: Customer
        fields:
          name: { type: text }
          email: { type: text }
          name: { type: string, max_length: 10 }
        """])
        #expect(diagnostics.filter { $0.severity == .error }.map(\.description) == [
            "specs/a.yaml:5:3: error: duplicate key 'name'\n    hint: each key may appear once in a mapping; the first is at line 3, column 3",
        ])
    }

    @Test("a 5 MB spec is refused unread; a 500 KB spec with a duplicate key has it located, quickly")
    func hugeSpecs() {
        let huge = "entity: Customer\ndescription: '\(String(repeating: "x", count: 5 << 20))'\nentity: Customer\n"
        let (refused, hugeTime) = Self.timed { SpecHarness.diagnostics(["specs/a.yaml": huge]) }
        #expect(refused.map(\.description) == [
            "specs/a.yaml:1:1: error: the file is 5,121 KB; a spec or config may be at most 512 KB\n    hint: a spec describes one entity in a few kilobytes; split or trim the file",
        ])
        // The bounds tell a linear read (tens of milliseconds in a debug build) from a quadratic one (minutes on
        // these sizes), with room for a machine busy with the rest of the suite.
        #expect(hugeTime < .seconds(2))
        let large = "entity: Customer\ndescription: '\(String(repeating: "x", count: 500_000))'\nfields:\n  name: { type: text }\nentity: Customer\n"
        let (located, largeTime) = Self.timed { SpecHarness.errors(["specs/a.yaml": large]) }
        #expect(located == ["specs/a.yaml:5:1: duplicate key 'entity'"])
        #expect(largeTime < .seconds(2))
    }

    @Test("no message quotes more than a short excerpt of a file, or its control characters")
    func messagesQuoteShortExcerpts() {
        let long = String(repeating: "k", count: 5_000)
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Customer\nfields:\n  name: { type: text, \"evil\\e[2Jkey\": 2 }\n",
            "specs/b.yaml": "entity: Order\nfields:\n  ? \"\(long)\"\n  : { type: text }\n  ? \"\(long)\"\n  : { type: text }\n",
            "specs/c.yaml": "entity: \"\(long)\"\n",
        ])
        #expect(diagnostics.count >= 3)
        for diagnostic in diagnostics {
            #expect(diagnostic.message.count <= MessageText.maximumLength)
            #expect((diagnostic.hint ?? "").count <= MessageText.maximumLength)
            #expect(!diagnostic.description.contains(String(repeating: "k", count: MessageText.maximumQuote + 1)))
            #expect(!diagnostic.description.unicodeScalars.contains("\u{1B}"))
        }
        #expect(diagnostics.contains { $0.location.file == "specs/a.yaml" && $0.message.contains("evil\\u{1B}[2Jkey") })
        #expect(diagnostics.contains { $0.location == SourceLocation(file: "specs/b.yaml", line: 5, column: 5) && $0.message.hasPrefix("duplicate key 'kkkk") })
        #expect(diagnostics.contains { $0.location.file == "specs/c.yaml" })
    }

    @Test("control characters and long runs in a message are escaped and cut; taxigen's own sentences are kept")
    func messageText() {
        #expect(MessageText.clipped("unknown key 'a\u{1B}[2J\nb' in field 'x'") == "unknown key 'a\\u{1B}[2J\\nb' in field 'x'")
        let clipped = MessageText.clipped("unknown key '\(String(repeating: "y", count: 1_000))'")
        #expect(clipped == "unknown key '\(String(repeating: "y", count: 100))…yyyyyyyy'")
        let hint = "the guidelines say not to create circular dependencies between models; consider dropping one ref or setting `ref_cycles: warning`"
        #expect(MessageText.clipped(hint) == hint)
        #expect(MessageText.clipped(String(repeating: "'a' ", count: 1_000)).count <= MessageText.maximumLength)
        // Prose between quotes and apostrophes is taxigen's own and stays whole.
        let prose = "field 'price' of table 'products': numeric(12,4) to numeric(12,2) would round stored values to 2 decimals; "
            + "PostgreSQL's rounding is silent, so the migration is refused; write the conversion as a data step, or keep the "
            + "column's scale and add a new column"
        #expect(MessageText.clipped(prose) == prose)
    }

    @Test("nesting is capped, for flow and block collections, without exhausting the stack", arguments: [
        (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), "1:1"),
        ((0..<70).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n", "65:129"),
    ])
    func deepNesting(text: String, location: String) {
        let (errors, elapsed) = Self.timed { SpecHarness.errors(["specs/a.yaml": text]) }
        #expect(errors == ["specs/a.yaml:\(location): mappings and lists are nested more than 64 levels deep"])
        #expect(elapsed < .seconds(1))  // milliseconds here; the failure it guards takes minutes
    }

    @Test("a second YAML document is refused where it starts")
    func secondDocument() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\n---\nentity: Order\n"])
        #expect(errors == ["specs/a.yaml:2:1: a spec holds one YAML document, and a second one starts here"])
    }

    @Test("a control character in the YAML is located by its line and column")
    func controlCharacter() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\ndescription: a\u{1}b\n"])
        #expect(errors == ["specs/a.yaml:2:15: malformed YAML: control characters are not allowed (#x1)"])
    }

    @Test("a raw U+0085, U+2028 or U+2029 is refused where an editor shows it, not where libyaml would count lines", arguments: [
        ("\u{85}", "U+0085 NEXT LINE"), ("\u{2028}", "U+2028 LINE SEPARATOR"), ("\u{2029}", "U+2029 PARAGRAPH SEPARATOR"),
    ])
    func rawLineBreaks(character: String, name: String) {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\ndescription: a\(character)b\nfields:\n  x: { type: strin }\n"])
        #expect(errors == ["specs/a.yaml:2:15: a raw \(name) in the file: YAML 1.1, which the parser follows, reads it as a line break where editors do not"])
    }

    @Test("a 400 KB misspelled word gets no \"did you mean\" search that costs seconds", arguments: ["type", "items", "kind"])
    func longMisspelling(key: String) {
        let word = String(repeating: "x", count: 400_000)
        let field = key == "items" ? "{ type: array, items: \(word) }" : key == "kind" ? "{ type: text, index: { kind: \(word) } }" : "{ type: \(word) }"
        let clock = ContinuousClock()
        let started = clock.now
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  x: \(field)\n"])
        #expect(!errors.isEmpty)
        #expect(clock.now - started < .seconds(1), "took \(clock.now - started)")
    }

    @Test("a byte order mark before the spec or the config is not part of the document")
    func byteOrderMark() throws {
        #expect(SpecHarness.errors(["specs/a.yaml": "\u{FEFF}entity: Customer\nfields:\n  x: { type: text }\n"]).isEmpty)
        #expect(SpecHarness.errors(["specs/a.yaml": "\u{FEFF}entity: Customer\nfields:\n  x: { type: strin }\n"]).first?
            .hasPrefix("specs/a.yaml:3:14: unknown type 'strin'") == true)
        let project = try TemporaryDirectory()
        try project.write("\u{FEFF}module: ShopDomain\n", to: "taxigen.yaml")
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project.path, into: &log)
        #expect(log.diagnostics.isEmpty && config.moduleName == "ShopDomain")
    }

    @Test("libyaml's complaints name the construct and its start, never the file's text")
    func malformedYAMLContext() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  name: { type: string\n"])
        #expect(errors == ["specs/a.yaml:4:1: malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 3, column 9)"])
    }

    // MARK: Files

    @Test("a spec that is a link outside the project is refused unread; a dangling link and a folder named like a spec are errors")
    func links() throws {
        let outside = try TemporaryDirectory()
        try outside.write("secret: do-not-quote-me\n", to: "secret.yaml")
        let project = try TemporaryDirectory()
        try project.write("entity: Customer\nfields:\n  name: { type: text }\n", to: "specs/customer.yaml")
        try FileManager.default.createSymbolicLink(atPath: project.path + "/specs/secret.yaml", withDestinationPath: outside.path + "/secret.yaml")
        try FileManager.default.createSymbolicLink(atPath: project.path + "/specs/gone.yaml", withDestinationPath: project.path + "/nowhere.yaml")
        try FileManager.default.createSymbolicLink(atPath: project.path + "/specs/inside.yaml", withDestinationPath: project.path + "/other/order.yaml")
        try project.write("entity: Order\nfields:\n  total: { type: int }\n", to: "other/order.yaml")
        try FileManager.default.createDirectory(atPath: project.path + "/specs/folder.yaml", withIntermediateDirectories: true)
        let diagnostics = Self.load(project)
        #expect(diagnostics.map(\.description) == [
            "specs/folder.yaml:1:1: error: 'folder.yaml' is a folder, not a spec file\n    hint: rename the folder: names ending in .yaml or .yml are taken for specs",
            "specs/gone.yaml:1:1: error: the spec is a symbolic link to nothing (its target does not exist)\n    hint: remove the link or restore its target",
            "specs/secret.yaml:1:1: error: the spec leads outside the project folder (it is, or is inside, a symbolic link to another place); it was not read\n    hint: keep specs inside the project; copy the file in instead of linking to it",
        ])
        #expect(!diagnostics.contains { $0.description.contains("do-not-quote-me") })
    }

    @Test("a spec that is not UTF-8 is an error at its first bad byte")
    func notUTF8() throws {
        let project = try TemporaryDirectory()
        try Data("entity: Customer\nfields:\n  name: { type: text, description: caf\u{E9}".utf8 + [0xFF, 0x0A]).write(to: URL(fileURLWithPath: project.path + "/specs/a.yaml").creatingFolder())
        #expect(Self.load(project).map(\.description) == [
            "specs/a.yaml:3:40: error: the spec is not UTF-8 text (byte 0xFF here is not valid UTF-8)\n    hint: save the file as UTF-8",
        ])
    }

    @Test("a spec larger than the limit is refused before it is read")
    func oversizedSpec() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "specs/a.yaml")
        let handle = try #require(FileHandle(forWritingAtPath: project.path + "/specs/a.yaml"))
        try handle.truncate(atOffset: UInt64(SpecFiles.maximumSize + 1))
        try handle.close()
        let (diagnostics, elapsed) = Self.timed { Self.load(project) }
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:1:1: error: the spec is 513 KB; a spec or config may be at most 512 KB\n    hint: a spec describes one entity in a few kilobytes; split or trim the file",
        ])
        #expect(elapsed < .seconds(1))  // milliseconds here; the failure it guards takes minutes
    }

    @Test("a pipe named like a spec is refused without waiting on it")
    func pipe() throws {
        let project = try TemporaryDirectory()
        try project.write("entity: Customer\nfields:\n  name: { type: text }\n", to: "specs/a.yaml")
        #expect(mkfifo(project.path + "/specs/fifo.yaml", 0o644) == 0)
        #expect(Self.load(project).map(\.description) == [
            "specs/fifo.yaml:1:1: error: the spec is not a regular file (a device, socket or pipe); it was not read",
        ])
    }

    // MARK: Config

    @Test("folder settings must be inside the project, apart, and not the project's own files", arguments: [
        ("output: ../elsewhere", "taxigen.yaml:1:9: error: 'output' ('../elsewhere') is outside the project folder"),
        ("output: /usr/share", "taxigen.yaml:1:9: error: 'output' ('/usr/share') is outside the project folder"),
        ("output: ..", "taxigen.yaml:1:9: error: 'output' ('..') holds the project folder"),
        ("output: .", "taxigen.yaml:1:9: error: 'output' ('.') is the project folder itself"),
        ("output: sub/..", "taxigen.yaml:1:9: error: 'output' ('sub/..') is the project folder itself"),
        ("output: \"\"", "taxigen.yaml:1:9: error: 'output' is empty"),
        ("output: specs", "taxigen.yaml:1:9: error: 'output' ('specs') is the same folder as 'specs' ('specs')"),
        ("output: specs/generated", "taxigen.yaml:1:9: error: 'output' ('specs/generated') is inside 'specs' ('specs')"),
        ("migrations: Generated/m", "taxigen.yaml:1:13: error: 'migrations' ('Generated/m') is inside 'output' ('Generated')"),
        ("migrations: specs/m", "taxigen.yaml:1:13: error: 'migrations' ('specs/m') is inside 'specs' ('specs')"),
        ("output: Sources", "taxigen.yaml:1:9: error: 'output' ('Sources') is or holds the project's own 'Sources'; taxigen writes and deletes files there"),
        ("output: .git/out", "taxigen.yaml:1:9: error: 'output' ('.git/out') is inside '.git'"),
        ("output: link/out", "taxigen.yaml:1:9: error: 'output' ('link/out') is outside the project folder"),
        ("output: afile", "taxigen.yaml:1:9: error: 'output' ('afile') is a file, not a folder"),
        ("templates: missing", "taxigen.yaml:1:12: error: the templates folder 'missing' does not exist"),
        ("specs: nowhere", "taxigen.yaml:1:8: error: the specs folder 'nowhere' does not exist"),
    ])
    func configPaths(line: String, expected: String) throws {
        let project = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try project.write("entity: Customer\nfields:\n  name: { type: text }\n", to: "specs/a.yaml")
        try project.write("not a folder", to: "afile")
        try FileManager.default.createDirectory(atPath: project.path + "/Sources/App", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: project.path + "/.git", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: project.path + "/link", withDestinationPath: outside.path)
        try project.write(line + "\n", to: "taxigen.yaml")
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project.path, into: &log)
        config.checkPaths(into: &log)
        #expect(log.sorted.map { $0.description.components(separatedBy: "\n")[0] } == [expected])
    }

    @Test("the default folders and folders inside Sources are accepted")
    func configPathsAccepted() throws {
        let project = try TemporaryDirectory()
        try project.write("entity: Customer\nfields:\n  name: { type: text }\n", to: "specs/a.yaml")
        try project.write("output: Sources/Domain/Generated\nmigrations: db/migrations\n", to: "taxigen.yaml")
        var log = DiagnosticLog()
        ProjectConfig.load(projectDirectory: project.path, into: &log).checkPaths(into: &log)
        #expect(log.diagnostics.isEmpty)
        #expect(ProjectConfig(projectDirectory: project.path).pathProblems().isEmpty)
    }

    @Test("a config file that is not UTF-8 is an error, not silently ignored")
    func configNotUTF8() throws {
        let project = try TemporaryDirectory()
        try Data([0x6F, 0x3A, 0x20, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: project.path + "/taxigen.yaml"))
        var log = DiagnosticLog()
        _ = ProjectConfig.load(projectDirectory: project.path, into: &log)
        #expect(log.sorted.map(\.description) == [
            "taxigen.yaml:1:4: error: the config file is not UTF-8 text (byte 0xFE here is not valid UTF-8)\n    hint: save the file as UTF-8",
        ])
    }

    // MARK: Patterns

    @Test("a pattern that backtracks without end on its example is reported, quickly", arguments: [
        #"^([a-z]+[a-z]?)*\d$"#, #"^(a|ab|b)*c$"#, #"^(\w+\.?)*@$"#,
    ])
    func slowPattern(pattern: String) {
        let spec = """
        entity: Customer
        fields:
          code: { type: string, max_length: 100, pattern: '\(pattern)', example: "\(String(repeating: "ab", count: 30))!" }
        """
        let (diagnostics, elapsed) = Self.timed { SpecHarness.diagnostics(["specs/a.yaml": spec]) }
        #expect(diagnostics.first?.description.hasPrefix("specs/a.yaml:3:") == true)
        #expect(diagnostics.map(\.message).contains { $0 == "the example of field 'code' takes too long to check against its 'pattern'" || $0.hasPrefix("'pattern' of field 'code' repeats a group") })
        #expect(elapsed < .seconds(1))  // milliseconds here; the failure it guards takes minutes
    }

    @Test("the matcher's step bound stops a catastrophic match and says so")
    func stepBound() {
        let (outcome, elapsed) = Self.timed { RegexCache.evaluate(String(repeating: "a", count: 40) + "!", pattern: #"^(a|aa)*$"#) }
        #expect(outcome == .tooSlow)
        #expect(elapsed < .seconds(1))  // milliseconds here; the failure it guards takes minutes
        #expect(RegexCache.evaluate("aaaa", pattern: #"^(a|b)*$"#) == .match)
        #expect(RegexCache.evaluate("aaab", pattern: "a+") == .mismatch)
        #expect(RegexCache.evaluate(String(repeating: "a", count: RegexCache.maximumTextLength + 1), pattern: "a*") == .tooLong)
    }

    @Test("repeated groups that repeat by themselves are refused where the pattern is written", arguments: [
        (#"^(a+)+$"#, "(a+)+"), (#"^(\w+\s?)*$"#, #"(\w+\s?)*"#), (#"(a*b*)*c"#, "(a*b*)*"), (#"^(x|x)*y"#, "(x|x)*"),
        (#"^(?:[a-z]+)+$"#, "(?:[a-z]+)+"), (#"^((\d+))+$"#, #"((\d+))+"#), (#"^(-?\d+)*$"#, #"(-?\d+)*"#),
    ])
    func catastrophicShapes(pattern: String, group: String) {
        #expect(PatternShape.nestedRepetition(in: pattern) == group)
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  code: { type: text, pattern: '\(pattern)', example: x }\n"])
        #expect(errors.first == "specs/a.yaml:3:32: 'pattern' of field 'code' repeats a group that repeats by itself, '\(group)': matching it takes exponential time on text that does not match")
    }

    @Test("ordinary patterns are not taken for catastrophic ones", arguments: [
        #"^[A-Z]{3}-\d{4}$"#, #"^([a-z0-9-]+\.)+[a-z]{2,}$"#, TextFormat.pattern(for: .email), TextFormat.pattern(for: .url),
        #"^(ab+)*$"#, #"^(a+)++$"#, #"^(?>a+)+$"#, #"^\(\d+\)$"#, #"^[(a+)+]$"#, #"^(a|b)*$"#, #"^(\d{3})+$"#, #"^\Q(a+)+\E$"#,
        #"^(?:\+\d{1,3})?\d{4,14}$"#, #"^(a?){3}$"#,
    ])
    func ordinaryShapes(pattern: String) {
        #expect(PatternShape.nestedRepetition(in: pattern) == nil)
    }

    @Test("a pattern longer than the limit is refused")
    func longPattern() {
        let pattern = String(repeating: "a", count: RegexCache.maximumPatternLength + 1)
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  code: { type: text, pattern: \(pattern), example: a }\n"])
        #expect(errors.first == "specs/a.yaml:3:32: 'pattern' of field 'code' is 1001 characters long; at most 1000 are allowed")
    }

    // MARK: The corpus

    /// Bad specs of many kinds, each refused with a located error in under 100 ms.
    static let corpus: [(name: String, text: String)] = {
        let wide = (0..<300).map { "  f\($0): { type: text }" }.joined(separator: "\n")
        let slow = { (pattern: String) in
            "entity: Customer\nfields:\n  code: { type: string, max_length: 200, pattern: '\(pattern)', example: \"\(String(repeating: "a", count: 60))!\" }\n"
        }
        return [
            ("bomb", bomb),
            ("alias", "entity: Customer\nfields: *x\n"),
            ("anchor", "entity: &e Customer\n"),
            ("python tag", "entity: !!python/object/apply:os.system ['rm -rf /']\n"),
            ("local tag", "entity: Customer\nfields:\n  name: !text { type: text }\n"),
            ("duplicate key", "entity: Customer\nentity: Order\n"),
            ("5 MB with a duplicate", "entity: Customer\ndescription: '\(String(repeating: "x", count: 5 << 20))'\nentity: Customer\n"),
            ("500 KB with a duplicate", "entity: Customer\ndescription: '\(String(repeating: "x", count: 500_000))'\nentity: Customer\n"),
            ("long line", "entity: Customer\ndescription: \(String(repeating: "word ", count: 100_000)): x\n"),
            ("deep flow", String(repeating: "[", count: 10_000)),
            ("deep flow mapping", String(repeating: "{a: ", count: 5_000)),
            ("deep block", (0..<200).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x\n"),
            ("two documents", "entity: Customer\n--- \nentity: Order\n"),
            ("NUL", "entity: Cust\u{0}omer\n"),
            ("unclosed flow", "entity: Customer\nfields: { name: { type: text }\n"),
            ("tab indent", "entity: Customer\nfields:\n\tname: { type: text }\n"),
            ("bad unicode escape", "entity: \"\\uD800\"\n"),
            ("key is a list", "[a, b]: c\n"),
            ("huge key", "entity: Customer\n\"\(String(repeating: "k", count: 100_000))\": 1\n"),
            ("many errors", "entity: Customer\nfields:\n\(wide.replacingOccurrences(of: "text", with: "txet"))\n"),
            ("slow pattern 1", slow(#"^(a|aa)*$"#)),
            ("slow pattern 2", slow(#"^(a|a?)+$"#)),
            ("slow pattern 3", slow(#"^([a-z]+[a-z]?)*\d$"#)),
            ("nested quantifier", slow(#"^(a+)+$"#)),
            ("nested star", slow(#"^(\w*)*$"#)),
            ("long pattern", slow(String(repeating: "(a)", count: 2_000))),
            ("invalid pattern", slow("(((")),
            ("long default", "entity: Customer\nfields:\n  code: { type: text, pattern: '^a*$', default: '\(String(repeating: "a", count: 20_000))', example: a }\n"),
            ("empty", ""),
            ("only a comment", "# nothing\n"),
            ("scalar root", "just text\n"),
        ]
    }()

    @Test("every refusal of the corpus is located and takes under 100 ms")
    func corpusIsQuick() {
        for (name, text) in Self.corpus {
            let (diagnostics, elapsed) = Self.timed { SpecHarness.diagnostics(["specs/\(name).yaml": text]) }
            #expect(diagnostics.contains { $0.severity == .error }, "\(name): accepted")
            #expect(diagnostics.allSatisfy { $0.location.file == "specs/\(name).yaml" }, "\(name)")
            #expect(elapsed < .milliseconds(100), "\(name) took \(elapsed)")
            for diagnostic in diagnostics {
                #expect(diagnostic.message.count <= MessageText.maximumLength, "\(name)")
            }
        }
    }

    // MARK: Interrupted writes

    @Test("a pending journal is named with its staged files, and what completes it")
    func pendingWrite() throws {
        let output = try TemporaryDirectory()
        let check = DriftCheck(root: output.path)
        #expect(try check.pendingWrite(shownRoot: "Generated") == nil)
        try output.write("old", to: "Swift/A.swift")
        try output.write("new", to: "Swift/A.swift.taxigen-new")
        try output.write("new", to: "Swift/B.swift.taxigen-new")
        try output.write("write Swift/A.swift\nwrite Swift/B.swift\n", to: ".taxigen-journal.taxigen-new")
        let staging = try #require(try check.pendingWrite(shownRoot: "Generated"))
        #expect(staging.report() == [
            "Generated/.taxigen-journal.taxigen-new: error: an interrupted `taxigen generate` left this pending journal and 2 staged files; the output is as before that run",
            "    staged: Generated/Swift/A.swift.taxigen-new",
            "    staged: Generated/Swift/B.swift.taxigen-new",
            "run a plain `taxigen generate`: it removes the leftovers and writes the output; then `--check` compares again",
        ])
        try FileManager.default.moveItem(atPath: output.path + "/.taxigen-journal.taxigen-new", toPath: output.path + "/.taxigen-journal")
        let committed = try #require(try check.pendingWrite(shownRoot: "Generated"))
        #expect(committed.stage == .committed)
        #expect(committed.journal == "Generated/.taxigen-journal")
        #expect(committed.report(limit: 1).suffix(2) == [
            "    … and 1 more",
            "run a plain `taxigen generate`: it completes the interrupted write from the journal; then `--check` compares again",
        ])
        try OutputWriter(root: output.path).recover()
        #expect(try check.pendingWrite(shownRoot: "Generated") == nil)
        #expect(try output.read("Swift/A.swift") == "new")
    }

    // MARK: Helpers

    /// The result of `body` and how long it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, clock.now - start)
    }

    /// The diagnostics of loading a project's specs from disk.
    static func load(_ project: TemporaryDirectory) -> [Diagnostic] {
        var log = DiagnosticLog()
        _ = Generator(config: ProjectConfig(projectDirectory: project.path)).loadSchema(into: &log)
        return log.sorted.filter { $0.severity == .error }
    }
}

private extension URL {
    /// The URL, after creating its parent folder.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
