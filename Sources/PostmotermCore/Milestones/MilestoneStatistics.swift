/// `postmoterm stats`: over several incidents, the median and 90th percentile (``Percentile``)
/// of each time between milestones, counting only the incidents where the log shows both ends.
public struct MilestoneStatistics: Encodable, Hashable, Sendable {
    /// One time between milestones over the incidents that have it.
    public struct Measure: Encodable, Hashable, Sendable {
        /// Incidents that have it.
        public var count: Int
        public var medianSeconds: Int?
        public var p90Seconds: Int?

        init(_ intervals: [MilestoneInterval?]) {
            let seconds = intervals.compactMap { $0?.seconds }.sorted()
            count = seconds.count
            medianSeconds = Percentile.nearestRank(0.5, of: seconds)
            p90Seconds = Percentile.nearestRank(0.9, of: seconds)
        }

        public var median: ElapsedTime? { medianSeconds.map { ElapsedTime(milliseconds: Int64($0) * 1000) } }
        public var p90: ElapsedTime? { p90Seconds.map { ElapsedTime(milliseconds: Int64($0) * 1000) } }
    }

    /// Incidents counted.
    public var incidents: Int
    public var timeToDetect: Measure
    public var timeToAcknowledge: Measure
    public var timeToMitigate: Measure
    public var timeToResolve: Measure
    /// Incidents whose impact's beginning the log does not show: their times to mitigate and
    /// resolve count from the acknowledgement (the incident's start).
    public var withoutImpactStart: Int

    public init(_ milestones: [IncidentMilestones]) {
        incidents = milestones.count
        timeToDetect = Measure(milestones.map(\.timeToDetect))
        timeToAcknowledge = Measure(milestones.map(\.timeToAcknowledge))
        timeToMitigate = Measure(milestones.map(\.timeToMitigate))
        timeToResolve = Measure(milestones.map(\.timeToResolve))
        withoutImpactStart = milestones.filter { $0.impactBegan == nil }.count
    }
}
