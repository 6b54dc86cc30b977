import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: `transform` runs concurrently for different elements, and the results come back
    /// in the array's order, whatever the scheduling (so output stays deterministic).
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, transform(self[index]))
        }
        return slots.values.map { $0! }
    }
}

/// The slots concurrent work writes its results into, one per element.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
