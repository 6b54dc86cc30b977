#if canImport(Glibc)
import Glibc
#endif

/// The allocator settings of the `taxigen` processes, which are short and allocate much on two or more
/// threads at once.
public enum MemoryTuning {
    /// Grows each heap by at least 32 MB at a time (glibc's `M_TOP_PAD`; 128 KB by default). A thread's heap
    /// otherwise grows in small steps, each an `mprotect` call and fresh pages: generating 1,000 entities
    /// spent about 6 % of its samples there. The memory is only reserved until it is touched. Call it before
    /// any thread starts; it does nothing on other C libraries.
    public static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not import: look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2  // M_TOP_PAD in <malloc.h>
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(topPad, 32 << 20)
        #endif
    }
}
