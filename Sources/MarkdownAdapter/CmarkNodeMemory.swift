import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// The memory cmark-gfm builds one document in: large chunks handed out front to back, released
/// all at once by ``reset()`` after the tree has been converted.
///
/// cmark-gfm's own arena (`cmark_get_arena_mem_allocator`) zeroes every slab in full with
/// `calloc` and returns the slabs to the system on every reset, so each parse of a large playbook
/// faults in and clears tens of megabytes afresh. These chunks are kept for the next parse (up to
/// ``retainedByteCount``), only the bytes cmark asks for are zeroed, and a buffer cmark grows
/// while it is the newest allocation (a paragraph's text, line by line) grows in place.
///
/// cmark's allocator interface has no context pointer, so the chunks belong to the calling
/// thread: each thread has its own pool (created on first use, freed when the thread ends), and
/// sections of one document parse on several threads at once without a lock. A parse, the
/// conversion of its tree and the ``reset()`` after it must therefore happen on one thread.
enum CmarkNodeMemory {
    /// The allocator to hand to `cmark_parser_new_with_mem`. `free` does nothing: everything is
    /// released by ``reset()``.
    nonisolated(unsafe) static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        allocator.initialize(to: cmark_mem(
            calloc: { count, size in
                let (byteCount, overflow) = count.multipliedReportingOverflow(by: size)
                if overflow { abort() }
                return CmarkNodeMemory.currentPool().pointee.allocate(byteCount)
            },
            realloc: { pointer, size in CmarkNodeMemory.currentPool().pointee.reallocate(pointer, size) },
            free: { _ in }
        ))
        return allocator
    }()

    /// Bytes before each allocation that hold its usable size (16 keeps 16-byte alignment).
    private static let headerSize = 16
    /// The size of a new chunk (a larger request gets a chunk of its own size).
    private static let chunkSize = 4 << 20
    /// Chunks beyond this total are returned to the system on ``reset()`` (per thread).
    static let retainedByteCount = 64 << 20

    private struct Chunk {
        var base: UnsafeMutableRawPointer
        var size: Int
    }

    /// The thread-specific slot of each thread's ``Pool``; its destructor frees the pool and its
    /// chunks when the thread ends.
    private static let poolKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let pool = raw?.assumingMemoryBound(to: Pool.self) else { return }
            pool.pointee.releaseAll()
            pool.deinitialize(count: 1)
            pool.deallocate()
        }
        if status != 0 { abort() }
        return key
    }()

    /// The calling thread's pool. Behind a pointer rather than in a thread-local Swift value:
    /// cmark calls the allocator for every node, and the pointer costs one lookup, no copy.
    @inline(__always)
    private static func currentPool() -> UnsafeMutablePointer<Pool> {
        if let raw = pthread_getspecific(poolKey) {
            return raw.assumingMemoryBound(to: Pool.self)
        }
        let pool = UnsafeMutablePointer<Pool>.allocate(capacity: 1)
        pool.initialize(to: Pool())
        if pthread_setspecific(poolKey, pool) != 0 { abort() }
        return pool
    }

    /// Releases everything the calling thread allocated since its last reset; keeps the chunks
    /// for its next parse.
    static func reset() {
        currentPool().pointee.reset()
    }

    /// The chunks, the one allocations come from, and the newest allocation.
    private struct Pool {
        var chunks: [Chunk] = []
        /// Index of the chunk allocations come from, and its end (copied out of `chunks`: the
        /// allocation path reads no array). Before the first chunk, `next == end`: no room.
        var current = -1
        var end = Self.noChunk
        /// Where the next allocation's header goes.
        var next = Self.noChunk
        /// The newest allocation: the only one that can grow in place.
        var newest: UnsafeMutableRawPointer?

        /// Returns every chunk to the system (the thread is ending).
        mutating func releaseAll() {
            for chunk in chunks { free(chunk.base) }
            chunks = []
        }

        mutating func reset() {
            var kept = 0
            var index = 0
            while index < chunks.count {
                if kept + chunks[index].size > retainedByteCount {
                    free(chunks[index].base)
                    chunks.remove(at: index)
                } else {
                    kept += chunks[index].size
                    index += 1
                }
            }
            current = -1
            end = Self.noChunk
            next = Self.noChunk
            newest = nil
        }

        /// `calloc`: `byteCount` zeroed bytes.
        @inline(__always)
        mutating func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
            let capacity = Self.rounded(max(byteCount, 1))
            let needed = headerSize + capacity
            if end - next < needed {
                moveToChunk(holding: needed)
            }
            next.storeBytes(of: capacity, as: Int.self)
            let pointer = next + headerSize
            memset(pointer, 0, byteCount)
            next += needed
            newest = pointer
            return pointer
        }

        /// `realloc`: the newest allocation grows in place when its chunk has room; others move.
        mutating func reallocate(_ pointer: UnsafeMutableRawPointer?, _ byteCount: Int) -> UnsafeMutableRawPointer {
            guard let pointer else { return allocate(byteCount) }
            let header = pointer - headerSize
            let capacity = header.load(as: Int.self)
            if byteCount <= capacity { return pointer }
            if pointer == newest, end - pointer >= Self.rounded(byteCount) {
                header.storeBytes(of: Self.rounded(byteCount), as: Int.self)
                next = pointer + Self.rounded(byteCount)
                return pointer
            }
            let moved = allocate(byteCount)
            memcpy(moved, pointer, capacity)
            return moved
        }

        /// Makes the current chunk one with `needed` free bytes: the next kept chunk, or a new one.
        private mutating func moveToChunk(holding needed: Int) {
            let index = current + 1
            if index >= chunks.count || chunks[index].size < needed {
                let size = max(chunkSize, needed)
                guard let base = malloc(size) else { abort() }
                chunks.insert(Chunk(base: base, size: size), at: index)
            }
            current = index
            next = chunks[index].base
            end = next + chunks[index].size
        }

        /// A placeholder address for `next` and `end` while no chunk is current; never written.
        private static var noChunk: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 16)! }

        private static func rounded(_ byteCount: Int) -> Int {
            (byteCount + 15) & ~15
        }
    }
}
