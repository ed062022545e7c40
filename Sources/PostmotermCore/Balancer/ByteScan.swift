import Foundation

/// Word-at-a-time helpers for scanning response bytes in place (HAProxy CSV).
enum ByteScan {
    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r"), hash = UInt8(ascii: "#"), space = UInt8(ascii: " ")

    /// The position of the next newline at or after `start`, or `buffer.count` when there is none.
    @inline(__always)
    static func lineEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        guard let found = memchr(base + start, Int32(newline), buffer.count - start) else { return buffer.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The position of the first `quote` in `start..<end`, or `end` when there is none (memchr-fast).
    @inline(__always)
    static func firstQuote(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard end > start, let found = memchr(base + start, Int32(quote), end - start) else { return end }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The high bit of each byte of `word` that equals `byte` (exact: no false positives, so the
    /// set bits can be read off one by one).
    @inline(__always)
    static func byteMask(_ word: UInt64, of byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let t = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
        return ~t & 0x8080_8080_8080_8080
    }

    /// Whether the `count` bytes at `a` and at `b` are the same.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        var offset = 0
        while count - offset >= 8 {
            if UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self) {
                return false
            }
            offset &+= 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset &+= 1
        }
        return true
    }

    /// Whether the bytes `start..<end` spell `literal`.
    @inline(__always)
    static func equals(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        return same(base + start, literal.utf8Start, count: end - start)
    }

    /// The bytes `start..<end` as an unsigned decimal; `nil` when empty, not a number, or too large.
    @inline(__always)
    static func decimal(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        var index = start
        guard end > index else { return nil }
        var value: UInt64 = 0
        if end - index < 20 {
            // Up to 19 digits cannot overflow.
            while index < end {
                let digit = base[index] &- 48
                guard digit < 10 else { return nil }
                value = value &* 10 &+ UInt64(digit)
                index &+= 1
            }
            return value
        }
        while index < end {
            let digit = base[index] &- 48
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = sum
            index &+= 1
        }
        return value
    }
}
