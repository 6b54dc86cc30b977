import Foundation
import PackagePlugin

/// The command plugin: `swift package --allow-writing-to-package-directory taxigen generate [--check]`.
///
/// It runs the `taxigen` command line in the package directory with the arguments given after the verb
/// (`generate` when there are none), so it writes `Generated/` exactly as `swift run taxigen generate` does,
/// and the other subcommands that need no database (`lint`, `migrate new`, `templates list`) work the same way.
/// The command line comes from `taxigen-build-tool cli`, which does not link the database stack (see
/// docs/plugin.md).
@main
struct TaxigenCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "taxigen-build-tool")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["cli"] + (arguments.isEmpty ? ["generate"] : arguments)
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandFailure(arguments: Array((process.arguments ?? []).dropFirst()), status: process.terminationStatus)
        }
    }
}

/// The tool exited non-zero; its own output already says why.
struct CommandFailure: Error, CustomStringConvertible {
    /// The arguments the tool ran with.
    let arguments: [String]
    /// Its exit status.
    let status: Int32

    var description: String {
        "taxigen \(arguments.joined(separator: " ")) exited with status \(status)"
    }
}
