import Foundation
import PackagePlugin

/// The command plugin: `swift package --allow-writing-to-package-directory taxigen generate [--check]`.
///
/// It runs the `taxigen` tool in the package directory with the arguments given after the verb (`generate`
/// when there are none), so it writes `Generated/` exactly as `swift run taxigen generate` does, and any
/// other subcommand (`lint`, `templates list`) works the same way.
@main
struct TaxigenCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "taxigen")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments.isEmpty ? ["generate"] : arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandFailure(arguments: process.arguments ?? [], status: process.terminationStatus)
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
