import ArgumentParser
import TaxigenCore

/// `taxigen templates list|show NAME`: lists the templates and prints one, to copy into an overrides folder.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the templates or print one (to eject it into your overrides folder).",
        subcommands: [List.self, Show.self]
    )

    /// `taxigen templates list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every template and where it comes from.")

        @OptionGroup var project: ProjectOptions

        func run() throws {
            let config = try project.config()
            let templates = try Generator(config: config).templates()
            for template in templates.templates {
                switch template.origin {
                case .builtIn: print("\(template.name)\tbuilt-in")
                case .override(let path): print("\(template.name)\toverridden by \(path)")
                }
            }
        }
    }

    /// `taxigen templates show NAME`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a template: `taxigen templates show model.swift > Templates/model.swift.mustache`.")

        @OptionGroup var project: ProjectOptions

        @Flag(help: "Print the built-in template even when the project overrides it.")
        var builtIn = false

        @Argument(help: "The template's name, as `templates list` prints it.")
        var name: String

        func run() throws {
            let config = try project.config()
            let templates = builtIn ? try TemplateSet.defaults() : try Generator(config: config).templates()
            guard let template = templates.templates.first(where: { $0.name == name }) else {
                ConsoleOutput.printError("error: no template is named '\(name)'; run `taxigen templates list`")
                throw ExitCode(1)
            }
            print(template.text, terminator: "")
        }
    }
}
