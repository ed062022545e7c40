import PostmotermCore

/// One balancer the monitor polls. ``fetch(timeout:clock:)`` returns the raw snapshot (shares
/// computed; rates and breakers are the monitor's ``SnapshotHistory``'s job).
public protocol BalancerSource: Sendable {
    var address: BalancerAddress { get }
    /// Polls once. Throws ``BalancerFetchError`` only; never waits longer than `timeout` seconds.
    func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot
    /// Whether ``fetch(timeout:clock:)`` returns within `timeout` by itself, because every wait it
    /// makes has that deadline (a unix socket or an IP literal through ``SocketExchange``: no name
    /// lookup). The monitor then awaits it directly instead of racing it against a timer task.
    /// `false` by default: the monitor cuts the fetch off at its timeout.
    var boundsItsOwnTime: Bool { get }
}

extension BalancerSource {
    /// The masked address.
    public var display: String { address.display }

    public var boundsItsOwnTime: Bool { false }
}
