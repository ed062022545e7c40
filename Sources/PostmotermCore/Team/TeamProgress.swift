import Foundation

/// How much a ``TeamShipper`` has moved so far (incidents published, events accepted by the
/// store, events fetched into the local log), readable from any thread without waiting on the
/// shipper's actor. A command waiting on a round uses it to tell a store that is slowly working
/// through a big outbox (keep waiting) from one that hangs (give up): see `TeamSession`.
public final class TeamProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    public init() {}

    /// Everything moved so far; only ever grows.
    public var value: Int { lock.withLock { total } }

    func advance(by count: Int) {
        lock.withLock { total += count }
    }
}
