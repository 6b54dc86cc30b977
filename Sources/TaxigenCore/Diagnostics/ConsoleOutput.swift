import Foundation

/// Printing for taxigen's executables: diagnostics and errors to standard error (results go to standard
/// output through `print`).
public enum ConsoleOutput {
    /// Prints diagnostics, one per line, to standard error.
    public static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            printError(diagnostic.description)
        }
    }

    /// Prints a line to standard error.
    public static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
