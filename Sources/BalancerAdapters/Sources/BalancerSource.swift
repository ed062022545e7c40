import PostmotermCore

/// One balancer the monitor polls. ``fetch(timeout:clock:)`` returns the raw snapshot (shares
/// computed; rates and breakers are the monitor's ``SnapshotHistory``'s job).
public protocol BalancerSource: Sendable {
    var address: BalancerAddress { get }
    /// Polls once. Throws ``BalancerFetchError`` only; never waits longer than `timeout` seconds.
    func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot
}

extension BalancerSource {
    /// The masked address.
    public var display: String { address.display }
}
