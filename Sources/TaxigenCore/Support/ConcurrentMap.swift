import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: `transform` runs concurrently for different elements, and the results come back
    /// in the array's order, whatever the scheduling (so output stays deterministic).
    ///
    /// Each core takes contiguous runs of elements (a few dozen runs per core, for balance), not one element
    /// at a time: neighbouring elements often share data (the three repository files of an entity render one
    /// shared context), and two cores taking turns on it made each wait for the other. Every result is
    /// written straight into its slot of the new array, without a lock.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        let runs = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 32)
        return [Result](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            let slots = ResultSlots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                // Run `run` covers elements [start, end); the runs tile the array.
                let start = run * count / runs, end = (run + 1) * count / runs
                for index in start..<end {
                    slots.initialize(index, to: transform(self[index]))
                }
            }
            initializedCount = count
        }
    }
}

/// The uninitialized storage of `concurrentMap`'s result. Every slot is initialized exactly once, by the one
/// run that covers it, so no two threads touch the same slot and no lock is needed.
private struct ResultSlots<Value>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>

    func initialize(_ index: Int, to value: Value) {
        (base + index).initialize(to: value)
    }
}

/// Runs `first` on this thread and `second` on another at the same time, and returns both results: for
/// two pieces of work that do not depend on each other, one of them serial (a cross-entity check, loading
/// the templates), so that the other keeps a second core busy meanwhile.
///
/// `second` runs on a queue of its own rather than as one of two iterations of `concurrentPerform`: a
/// `concurrentMap` inside an iteration would be nested, and libdispatch runs a nested apply on one thread.
/// Not on a global queue either: those have as many threads as cores, so a caller that is itself one of
/// them (a check run inside a `concurrentMap`) could wait for a thread that only its own wait keeps busy.
/// A queue of its own gets a thread when every other one is busy.
func concurrently<First, Second: Sendable>(_ first: () throws -> First,
                                           _ second: @escaping @Sendable () -> Second) rethrows -> (First, Second) {
    let slot = ResultSlot<Second>()
    let group = DispatchGroup()
    DispatchQueue(label: "taxigen.concurrently").async(group: group) { slot.value = second() }
    let firstResult = try first()
    group.wait()
    return (firstResult, slot.value!)
}

/// The result of `concurrently`'s second piece of work: written once on its thread, read after the wait.
private final class ResultSlot<Value>: @unchecked Sendable {
    var value: Value?
}

/// Lets go of `value` on another thread: freeing a large tree of values (every spec's syntax tree, every
/// rendered file) is serial work that would otherwise hold up the next stage, or the end of the process.
/// The caller must hold no other reference for the freeing to move.
public func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let box = ReleaseBox(value)
    DispatchQueue.global(qos: .utility).async { box.release() }
}

/// Holds a value until `release` drops it, on the thread that calls it.
private final class ReleaseBox<Value: Sendable>: @unchecked Sendable {
    // `@unchecked`: `value` is touched only by `release`, called once on the one thread that runs it.
    private var value: Value?

    init(_ value: consuming Value) { self.value = value }

    func release() { value = nil }
}
