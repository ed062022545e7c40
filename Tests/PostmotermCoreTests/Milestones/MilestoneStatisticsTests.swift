import Testing

@testable import PostmotermCore

/// `stats`' figures: nearest-rank percentiles (every answer one observed value) over the
/// incidents that have each time.
@Suite struct MilestoneStatisticsTests {
    @Test func nearestRankPicksAnObservedValue() {
        let ten = Array(1...10)
        #expect(Percentile.nearestRank(0.5, of: ten) == 5)
        #expect(Percentile.nearestRank(0.9, of: ten) == 9)
        #expect(Percentile.nearestRank(0.99, of: ten) == 10)
        #expect(Percentile.nearestRank(0, of: ten) == 1)
        #expect(Percentile.nearestRank(1, of: ten) == 10)
        // 0.9 × 30 is 27.000000000000004 in binary: still rank 27.
        #expect(Percentile.nearestRank(0.9, of: Array(1...30)) == 27)
        #expect(Percentile.nearestRank(0.5, of: [4, 8]) == 4)
        #expect(Percentile.nearestRank(0.5, of: [7]) == 7)
        #expect(Percentile.nearestRank(0.5, of: [Int]()) == nil)
    }

    static func milestones(started: Int, alertBefore: Int?, resolvedAfter: Int?) -> IncidentMilestones {
        let start = Timestamp(millisecondsSinceEpoch: Int64(started) * 1000)
        let incident = Incident(
            id: IncidentID(rawValue: "i\(started)")!, title: "t", startedAt: start,
            resolvedAt: resolvedAfter.map { start.adding(milliseconds: Int64($0) * 1000) })
        var entries: [TimelineEntry] = []
        if let alertBefore {
            entries.append(TimelineEntry(event: Event(
                incidentID: incident.id, sequence: 2, recordedAt: start, happenedAt: start.adding(milliseconds: Int64(-alertBefore) * 1000),
                author: .postmoterm, kind: .alertFiring, text: "A firing", data: ["alertname": "A"])))
        }
        return IncidentMilestones(incident: incident, visibleEntries: entries)
    }

    @Test func eachTimeCountsOnlyTheIncidentsThatHaveIt() {
        let statistics = MilestoneStatistics([
            Self.milestones(started: 1_000, alertBefore: 30, resolvedAfter: 600),
            Self.milestones(started: 9_000, alertBefore: 90, resolvedAfter: nil),
            Self.milestones(started: 20_000, alertBefore: nil, resolvedAfter: 300),
        ])
        #expect(statistics.incidents == 3)
        #expect(statistics.timeToDetect.count == 2)
        #expect(statistics.timeToDetect.medianSeconds == 0)
        #expect(statistics.timeToAcknowledge.count == 2)
        #expect(statistics.timeToAcknowledge.medianSeconds == 30)
        #expect(statistics.timeToAcknowledge.p90Seconds == 90)
        // 630 s from the first's alert, 300 s from the third's start (no known beginning).
        #expect(statistics.timeToResolve.count == 2)
        #expect(statistics.timeToResolve.medianSeconds == 300)
        #expect(statistics.timeToResolve.p90Seconds == 630)
        #expect(statistics.timeToMitigate.count == 0)
        #expect(statistics.timeToMitigate.median == nil)
        #expect(statistics.withoutImpactStart == 1)
    }
}
