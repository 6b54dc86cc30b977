import Foundation
import Yams

/// Wall time and peak memory of one phase, measured in this process.
struct PhaseSample {
    var seconds: Double
    var peakMegabytes: Double
}

/// Measures phases: wall clock, and peak resident memory reset before each phase (Linux `clear_refs`).
enum Measurement {
    /// Runs `body`, returning its result with the time it took and the peak resident set during it.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, PhaseSample) {
        resetPeak()
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (result, PhaseSample(seconds: seconds, peakMegabytes: peakResidentMegabytes()))
    }

    /// The YAML floor of `texts`: the seconds Yams takes to compose them (with the basic resolver, as the load
    /// stage does) on one thread, and nothing else. It measures the machine, not taxigen.
    static func yamlFloor(_ texts: [String]) throws -> Double {
        try measure { for text in texts { _ = try Yams.compose(yaml: text, .basic) } }.1.seconds
    }

    /// The median of values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func resetPeak() {
        // Writing 5 to clear_refs resets VmHWM to the current resident set (Linux 4.0+).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}
