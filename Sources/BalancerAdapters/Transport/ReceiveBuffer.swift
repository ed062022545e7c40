import Foundation

/// A growing byte buffer that a socket reads into directly: no zeroed chunk to read into first and
/// copy out of, and growth by `realloc` (for large blocks glibc remaps pages instead of copying).
/// The answer is copied once, into the array ``bytes`` returns.
struct ReceiveBuffer: ~Copyable {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes received so far.
    private(set) var count = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(1, capacity)
        storage = UnsafeMutableRawPointer(malloc(self.capacity)!)
    }

    deinit { free(storage) }

    var isEmpty: Bool { count == 0 }

    /// Calls `read` with the free space (growing it first when full) and counts what it says it
    /// wrote; returns its result (a negative or zero result adds nothing).
    mutating func receive(_ read: (UnsafeMutableRawPointer, Int) -> Int) -> Int {
        if count == capacity {
            capacity *= 2
            storage = UnsafeMutableRawPointer(realloc(storage, capacity)!)
        }
        let result = read(storage + count, capacity - count)
        if result > 0 { count += result }
        return result
    }

    /// The bytes received so far, for a look before the answer is whole.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: storage.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// A copy of the bytes received.
    var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
            if count > 0 { target.baseAddress!.initialize(from: storage.assumingMemoryBound(to: UInt8.self), count: count) }
            initialized = count
        }
    }
}
