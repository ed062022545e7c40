#if canImport(Glibc)
import Glibc
#endif

/// A mutex and condition variable whose timed waits run on `CLOCK_MONOTONIC`: a wall clock set
/// back (NTP, a suspended VM) never stretches a wait. `NSCondition` waits until a wall-clock
/// date, so one step back of an hour would have stopped polling for an hour.
public final class MonotonicCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }

    /// Waits (the lock held) until signalled or `seconds` have passed on the monotonic clock;
    /// may also return early (spurious wake-up): callers re-check their condition.
    public func wait(seconds: Double) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let wait = max(0, min(seconds, 86_400))
        let whole = Int(wait)
        var nanoseconds = Int(deadline.tv_nsec) + Int((wait - Double(whole)) * 1e9)
        var secondsPart = Int(deadline.tv_sec) + whole
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            secondsPart += 1
        }
        deadline.tv_sec = secondsPart
        deadline.tv_nsec = nanoseconds
        _ = pthread_cond_timedwait(condition, mutex, &deadline)
    }

    public func broadcast() { pthread_cond_broadcast(condition) }
}
