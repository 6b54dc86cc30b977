import Foundation
import Logging

/// A swift-log handler that keeps every record in memory, to check what Taxiway logs.
final class LogCapture: @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Record] = []

    var records: [Record] {
        lock.withLock { stored }
    }

    func append(_ record: Record) {
        lock.withLock { stored.append(record) }
    }

    /// A logger at `.debug` writing into this capture.
    func logger() -> Logger {
        var logger = Logger(label: "taxiway.capture") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { _, new in new } }
            capture.append(Record(level: event.level, message: "\(event.message)", metadata: merged))
        }
    }
}
