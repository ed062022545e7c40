import PostmotermCore

/// The polled sources as the ``BalancerPoller`` knows them between polls — each source's
/// schedule, history, last snapshot and error, and one detector over all of them — and what a
/// finished fetch changes in them.
struct PolledSources: Sendable {
    struct Entry: Sendable {
        var source: any BalancerSource
        var schedule: PollSchedule
        var history = SnapshotHistory()
        var snapshot: BalancerSnapshot?
        var error: BalancerFetchError?
    }

    private(set) var entries: [Entry]
    private var detector: HealthDetector

    /// `wallPhase`: see ``PollSchedule/wallPhase``.
    init(
        sources: [any BalancerSource], interval: Double, maxBackoff: Double, thresholds: DetectorThresholds, start: Double,
        wallPhase: Double? = nil
    ) {
        entries = sources.map {
            var schedule = PollSchedule(interval: interval, maxBackoff: maxBackoff, start: start)
            schedule.wallPhase = wallPhase
            return Entry(source: $0, schedule: schedule)
        }
        detector = HealthDetector(thresholds: thresholds)
    }

    /// The sources due at `now` (every source with `force`), by index.
    func due(at now: Double, force: Bool) -> [Int] {
        entries.indices.filter { force || entries[$0].schedule.isDue(at: now) }
    }

    /// When the next source is due (`nil` without sources).
    var nextDue: Double? { entries.map(\.schedule.nextDue).min() }

    /// Records the outcome of source `index`'s fetch, finished at `finished` (monotonic) and
    /// `wall`: rates and breakers from its history, its schedule, and what the detector finds.
    /// The snapshot is consumed, so its arrays stay uniquely owned and are refined in place (a
    /// second reference made `refine` copy all 1,000 instances).
    mutating func record(
        _ result: consuming Result<BalancerSnapshot, BalancerFetchError>, for index: Int, finished: Double, wall: Timestamp
    ) -> [Finding] {
        switch consume result {
        case .success(let raw):
            let refined = entries[index].history.refine(raw)
            entries[index].snapshot = refined
            entries[index].error = nil
            entries[index].schedule.recordSuccess(at: finished, wall: Double(wall.millisecondsSinceEpoch) / 1000)
            return detector.observe(refined)
        case .failure(let error):
            entries[index].error = error
            entries[index].schedule.recordFailure(error.failure, at: finished)
            return detector.observe(failure: error.failure, source: entries[index].source.display, at: wall)
        }
    }

    /// The current state of every source, ages computed at `now`.
    func reports(at now: Double) -> [SourceReport] {
        entries.map { entry in
            SourceReport(source: entry.source.display, state: entry.schedule.state(at: now), snapshot: entry.snapshot,
                         error: entry.error, consecutiveFailures: entry.schedule.consecutiveFailures,
                         nextPollIn: max(0, entry.schedule.nextDue - now))
        }
    }

    /// The reports before any poll: every source pending.
    static func pendingReports(_ sources: [any BalancerSource]) -> [SourceReport] {
        sources.map { SourceReport(source: $0.display, state: .pending, snapshot: nil, error: nil, consecutiveFailures: 0, nextPollIn: 0) }
    }
}
