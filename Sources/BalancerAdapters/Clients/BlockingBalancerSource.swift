import PostmotermCore

/// A source that can poll on the calling thread, blocking it for at most the poll's timeout:
/// ``BalancerPoller`` calls it straight from its poll thread, with no hop to an I/O thread and
/// back. Only sources whose every wait has the poll's deadline conform (see
/// ``BalancerSource/boundsItsOwnTime``).
protocol BlockingBalancerSource: BalancerSource {
    func fetchNow(timeout: Double, clock: any PollClock) throws(BalancerFetchError) -> BalancerSnapshot
}
