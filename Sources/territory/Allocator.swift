import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the process asks for memory, for the commands that draw (`render`, `edit`).
enum Allocator {
    /// Keeps glibc's threshold for serving a block by `mmap` fixed at 1 MB.
    ///
    /// glibc raises that threshold each time a large mapped block is freed (up to 32 MB), so
    /// later large arrays come from the heap, whose freed pages stay resident, and each phase of
    /// a big job adds to the peak instead of reusing what the previous phase let go. Drawing
    /// 40,000 real-shaped units frees its edge tables before simplifying and its projected map
    /// before writing: with the threshold fixed, the process peaks at 182 MB instead of 198-220 MB,
    /// in the same time. Streaming commands are left alone: `assign` on 10 M customers spent
    /// 0.12 s more in the kernel with it (its per-chunk arrays then come and go by `mmap`).
    /// `mallopt` is not in Swift's Glibc module, so it is looked up by name (the null handle is
    /// `RTLD_DEFAULT`); elsewhere nothing changes.
    static func keepLargeBlocksMapped() {
        #if os(Linux)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 1 << 20)
        #endif
    }
}
