import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only into memory, so that chunks of records are parsed where the
/// kernel's page cache already holds them: reading into buffers copied every byte once more and
/// touched a fresh page of memory for every 4 KB (together about a tenth of an assignment run).
///
/// As with any memory-mapped reader, a file cut short by another program while it is being
/// read ends the process (the pages past the new end no longer exist); a file that is only
/// appended to is read up to its size at opening.
///
/// `@unchecked Sendable`: the mapping is never written and lives until the last reference
/// (the reader's or a chunk's) goes away.
final class MappedFile: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int

    /// Maps `count` bytes of the open file `fd`, or nil when it cannot be mapped (then the
    /// caller reads it instead). The descriptor may be closed afterwards.
    init?(fd: Int32, count: Int) {
        guard count > 0, let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        _ = madvise(address, count, MADV_SEQUENTIAL)
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        self.count = count
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }

    /// Lets the pages of `range` go from this process's memory once they have been parsed, so
    /// that resident memory stays bounded however large the file. The mapping is read-only, so
    /// a page touched again (one shared with a neighbouring chunk still being parsed) is simply
    /// mapped again from the page cache.
    func release(_ range: Range<Int>) {
        let page = Int(getpagesize())
        let start = range.lowerBound / page * page, end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }
}

/// A chunk's bytes inside a ``MappedFile``; releases its pages when the chunk is done.
final class MappedSlice: @unchecked Sendable {
    let file: MappedFile
    let range: Range<Int>

    init(file: MappedFile, range: Range<Int>) {
        self.file = file
        self.range = range
    }

    deinit { file.release(range) }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: file.base + range.lowerBound, count: range.count) }
}
