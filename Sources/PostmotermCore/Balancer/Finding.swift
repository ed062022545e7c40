/// Something the ``HealthDetector`` noticed, reported once: a status or weight change, a skew, a
/// breaker, a pool without healthy instances, an error rate, a source that stopped answering — and
/// the recoveries. `message` is the sentence people read; the other fields are for machines.
public struct Finding: Sendable, Hashable {
    public var kind: FindingKind
    public var severity: FindingSeverity
    /// The source (masked address).
    public var source: String
    public var pool: String?
    public var instance: String?
    /// Old value of a change (status label, weight).
    public var from: String?
    /// New value of a change.
    public var to: String?
    /// Instance share of the pool's traffic weight, 0…1 (weight skew).
    public var share: Double?
    /// Fair share, 0…1 (weight skew).
    public var fairShare: Double?
    /// 5xx percentage, 0…100 (error rate).
    public var errorPercent: Double?
    /// The instance's status label when the finding was made.
    public var status: String?
    /// The human sentence, e.g. `weight skew in api: api-2 takes 83.3% of the traffic weight (fair share 33.3% of 3)`.
    public var message: String
    public var at: Timestamp

    public init(
        kind: FindingKind, severity: FindingSeverity, source: String, pool: String? = nil, instance: String? = nil,
        from: String? = nil, to: String? = nil, share: Double? = nil, fairShare: Double? = nil,
        errorPercent: Double? = nil, status: String? = nil, message: String, at: Timestamp
    ) {
        self.kind = kind
        self.severity = severity
        self.source = source
        self.pool = pool
        self.instance = instance
        self.from = from
        self.to = to
        self.share = share
        self.fairShare = fairShare
        self.errorPercent = errorPercent
        self.status = status
        self.message = message
        self.at = at
    }
}
