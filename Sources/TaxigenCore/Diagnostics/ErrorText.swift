import Foundation

/// Errors described in a sentence for the console: Foundation's file errors by their path and the
/// system's reason (never a raw `NSCocoaErrorDomain` dump), taxigen's own errors by their description.
public enum ErrorText {
    /// What a command prints when `error` stops it: ``describe(_:)``, starting with `error: ` once (taxigen's own
    /// errors start with it already; others do not).
    public static func failureLine(_ error: any Error) -> String {
        let text = describe(error)
        return text.hasPrefix("error: ") ? text : "error: " + text
    }

    /// ``describe(_:)`` without a leading `error: `, for a message that quotes the error after its own words.
    public static func reason(_ error: any Error) -> String {
        let text = describe(error)
        return text.hasPrefix("error: ") ? String(text.dropFirst("error: ".count)) : text
    }

    /// One readable line (or, for taxigen's own errors, its description) for `error`.
    public static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            if let text = cocoa.userInfo[NSLocalizedDescriptionKey] as? String { return MessageText.clipped(text) }
            let path = cocoa.filePath ?? cocoa.url?.path
            let reason: String
            if let posix = cocoa.underlying as? POSIXError {
                reason = SpecFiles.reason(posix.code.rawValue)
            } else if let underlying = cocoa.underlying as NSError?, underlying.domain == NSPOSIXErrorDomain {
                reason = SpecFiles.reason(Int32(underlying.code))
            } else {
                reason = reasonText(cocoa.code)
            }
            return MessageText.clipped(path.map { "'\($0)': \(reason)" } ?? reason)
        }
        if let posix = error as? POSIXError {
            return SpecFiles.reason(posix.code.rawValue)
        }
        return "\(error)"
    }

    private static func reasonText(_ code: CocoaError.Code) -> String {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileReadInapplicableStringEncoding, .fileReadCorruptFile: "not UTF-8 text"
        case .fileWriteOutOfSpace: "no space left on the device"
        case .fileWriteFileExists: "a file is in the way"
        case .fileWriteVolumeReadOnly: "the volume is read-only"
        default: "file error \(code.rawValue)"
        }
    }
}
