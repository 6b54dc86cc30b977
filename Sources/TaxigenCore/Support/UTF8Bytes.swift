import Foundation

extension String {
    /// Whether every UTF-8 byte of the string satisfies `predicate`, read from its contiguous storage: a loop
    /// over `utf8` itself goes through the collection's generic witnesses byte by byte where the compiler does
    /// not specialize it, which profiles showed in the hottest loops of planning and rendering.
    @inline(__always)
    func everyUTF8Byte(_ predicate: (UInt8) -> Bool) -> Bool {
        if let answer = utf8.withContiguousStorageIfAvailable({ bytes in bytes.allSatisfy(predicate) }) { return answer }
        return utf8.allSatisfy(predicate)
    }

    /// Whether some UTF-8 byte of the string satisfies `predicate` (see ``everyUTF8Byte(_:)``).
    @inline(__always)
    func someUTF8Byte(_ predicate: (UInt8) -> Bool) -> Bool {
        !everyUTF8Byte { !predicate($0) }
    }

    /// Whether the string's UTF-8 bytes order before `other`'s: for ASCII strings the same order as `<`, for
    /// less (one `memcmp`).
    func utf8Precedes(_ other: String) -> Bool {
        let answer = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                let common = Swift.min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
        return (answer ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
