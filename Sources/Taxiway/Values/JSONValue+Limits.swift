extension JSONValue {
    /// The deepest nesting of arrays and objects a `JSONValue` is decoded with or validated to (`[[1]]` nests
    /// 2 deep). Deeper documents are refused when decoded, so a client cannot make recursive code (decoding,
    /// hashing, freeing the value) overflow the stack; Foundation's `JSONDecoder` itself stops at 512.
    public static let maximumDepth = 256

    /// How deeply arrays and objects nest: 0 for a scalar, 1 for `[1, 2]` or `{"a": 1}`, 2 for `[[1]]`.
    /// Computed without recursion, so any value can be measured.
    public var nestingDepth: Int { storageScan().depth }

    /// What PostgreSQL's `jsonb` would refuse or change in a value, found in one walk without recursion.
    struct StorageScan {
        /// The nesting depth.
        var depth = 0
        /// Whether a string or an object key holds U+0000, which `jsonb` refuses.
        var hasNullCharacter = false
        /// Whether a number is NaN or infinite, which JSON cannot express (it would be written as `null`).
        var hasNonFiniteNumber = false
    }

    /// Walks the whole value with an explicit stack.
    func storageScan() -> StorageScan {
        var scan = StorageScan()
        var pending: [(value: JSONValue, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .null, .bool:
                break
            case .number(let number):
                if !number.isFinite { scan.hasNonFiniteNumber = true }
            case .string(let text):
                if text.utf8.contains(0) { scan.hasNullCharacter = true }
            case .array(let elements):
                scan.depth = max(scan.depth, depth + 1)
                for element in elements { pending.append((element, depth + 1)) }
            case .object(let members):
                scan.depth = max(scan.depth, depth + 1)
                for (key, member) in members {
                    if key.utf8.contains(0) { scan.hasNullCharacter = true }
                    pending.append((member, depth + 1))
                }
            }
        }
        return scan
    }
}
