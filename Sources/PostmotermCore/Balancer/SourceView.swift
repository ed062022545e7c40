/// What a report shows of one source: its address, how current the data is, and the last good
/// snapshot (kept while the source fails).
public struct SourceView: Sendable {
    public var source: String
    public var state: SourceState
    public var snapshot: BalancerSnapshot?

    public init(source: String, state: SourceState, snapshot: BalancerSnapshot?) {
        self.source = source
        self.state = state
        self.snapshot = snapshot
    }
}
