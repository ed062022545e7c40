import Foundation

/// Makes ``EventOriginID``s (UUIDv7) from a clock and a source of randomness, both injected so
/// tests get the same ids every run.
///
/// Ids from one generator strictly increase, even when the clock stands still or steps back:
/// within one millisecond (or after a step back) the 12-bit counter of RFC 9562 §6.2 method 1
/// in `rand_a` counts up, and when it overflows the time part moves one millisecond on.
public final class EventOriginIDGenerator: @unchecked Sendable {
    private let lock = NSLock()
    private let clock: any WallClock
    private var random: any RandomNumberGenerator
    private var lastMilliseconds: Int64 = .min
    private var counter: UInt16 = 0

    /// A generator reading `clock` and drawing from `random`.
    public init(clock: any WallClock, random: some RandomNumberGenerator) {
        self.clock = clock
        self.random = random
    }

    /// A generator on the system clock and the system's random numbers.
    public convenience init() {
        self.init(clock: SystemClock(), random: SystemRandomNumberGenerator())
    }

    /// The next id.
    public func next() -> EventOriginID {
        lock.withLock {
            var milliseconds = max(0, min(clock.now().millisecondsSinceEpoch, 0xFFFF_FFFF_FFFF))
            if milliseconds <= lastMilliseconds {
                milliseconds = lastMilliseconds
                if counter >= 0x0FFF {
                    milliseconds += 1
                    counter = UInt16(truncatingIfNeeded: random.next()) & 0x07FF
                } else {
                    counter += 1
                }
            } else {
                // Start low in the counter's range so many ids fit in one millisecond.
                counter = UInt16(truncatingIfNeeded: random.next()) & 0x07FF
            }
            lastMilliseconds = milliseconds
            let tail = random.next()
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            bytes[6] = 0x70 | UInt8(counter >> 8)
            bytes[7] = UInt8(truncatingIfNeeded: counter)
            bytes[8] = 0x80 | (UInt8(truncatingIfNeeded: tail >> 56) & 0x3f)
            for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: tail >> (8 * (15 - index))) }
            return EventOriginID(uncheckedBytes: bytes)
        }
    }
}
