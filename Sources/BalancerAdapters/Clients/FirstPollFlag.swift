import Synchronization

/// Whether something a source does once, at its first successful poll, is still to be done
/// (shared by the copies of a source value, behind a lock that is never contended).
final class FirstPollFlag: Sendable {
    private let pending = Mutex(true)

    /// Whether it is still to be done.
    var isPending: Bool { pending.withLock { $0 } }

    /// It was done.
    func done() { pending.withLock { $0 = false } }
}
