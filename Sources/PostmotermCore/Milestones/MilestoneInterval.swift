/// The time between two milestones, to the second: each end is read to the second, as the draft
/// prints it (14:30:00.900 → 14:30:01.100 is 1 s, as "14:30:00 → 14:30:01" reads).
public struct MilestoneInterval: Codable, Hashable, Sendable {
    public var from: Milestone.Kind
    public var to: Milestone.Kind
    /// Whole seconds, never negative.
    public var seconds: Int

    /// The interval from `start` to `end`; nil when `end` comes first (the order did not happen).
    public init?(from start: Milestone, to end: Milestone) {
        let seconds = end.at.millisecondsSinceEpoch.flooredQuotientAndRemainder(dividingBy: 1000).quotient
            - start.at.millisecondsSinceEpoch.flooredQuotientAndRemainder(dividingBy: 1000).quotient
        guard seconds >= 0 else { return nil }
        self.from = start.kind
        self.to = end.kind
        self.seconds = Int(seconds)
    }

    public var elapsed: ElapsedTime { ElapsedTime(milliseconds: Int64(seconds) * 1000) }
}
