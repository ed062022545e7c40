/// The one gate through which a console (or the headless demo) records what it sees on its
/// balancers into an incident: per balancer it claims or renews the store's recording lease at
/// every poll (``RecordingLeases``), and only while it holds the lease do that balancer's findings
/// and counter samples (``CounterRecorder``) go into the log. Another console watching the same
/// balancer for the same incident only shows (issue 13.3).
///
/// Per instance, the log keeps 10-second buckets (``CounterHistoryRecorder``, ``Outcome/history``);
/// the counter samples then carry the pools' counters only (the history is the one per-instance
/// record: a minute's sample of 1,003 instances' counters alone took ~30 kB).
///
/// Findings seen while another console holds the lease are kept for one lease length: when that
/// console stops renewing (it died) and this one takes over, those the log does not already hold
/// (the same finding about the same thing within a lease length) are recorded, so a change in the
/// handover gap is neither lost nor written twice.
public struct BalancerRecording: Sendable {
    /// What to record for one poll of one balancer.
    public struct Outcome: Sendable, Equatable {
        /// Findings to record (their own `at`).
        public var findings: [Finding] = []
        /// Counter samples to record (pools only).
        public var samples: [CounterSample] = []
        /// Per-instance history buckets to record.
        public var history: [CounterHistoryBucket] = []
        /// Whether this console records the balancer now.
        public var isRecording = false
        /// Who does when another console does.
        public var holder: String?
        /// Why the lease could not be claimed (a store error), if it could not.
        public var failure: String?
    }

    public let incident: IncidentID
    public let holder: String
    public let leaseMilliseconds: Int64
    private var counters = CounterRecorder()
    private var buckets = CounterHistoryRecorder()
    /// Balancers whose lease this console held at its last poll.
    private var held: Set<String> = []
    /// Per balancer not held: findings of the last lease length.
    private var heldBack: [String: [Finding]] = [:]
    /// When each held lease was last claimed (wall clock): it is renewed once half a lease length
    /// has passed, not at every poll (each claim is a durable write: at every 1 s poll it doubled
    /// the console's CPU per refresh), which still leaves half a lease for a late poll.
    private var lastClaim: [String: Timestamp] = [:]

    public init(incident: IncidentID, holder: String, leaseMilliseconds: Int64 = RecordingLease.defaultMilliseconds) {
        self.incident = incident
        self.holder = holder
        self.leaseMilliseconds = leaseMilliseconds
    }

    /// The balancers this console records now.
    public var recording: Set<String> { held }

    /// One poll of `source` (its masked address) at `now` (wall clock): `snapshot` when it
    /// answered, the findings of the poll, and `sampleTime`, the time to record its counters at
    /// (`now`; the story's time in the demo); `metrics`, its instances' process metrics by
    /// `pool/instance`, when known.
    public mutating func poll(
        source: String, snapshot: BalancerSnapshot?, findings: [Finding], at now: Timestamp, sampleTime: Timestamp,
        metrics: [String: InstanceMetrics] = [:], leases: any RecordingLeases
    ) -> Outcome {
        var outcome = Outcome()
        if held.contains(source), let last = lastClaim[source], now.milliseconds(since: last) < leaseMilliseconds / 2,
            now >= last
        {
            outcome.isRecording = true
            outcome.findings = findings
            observe(snapshot, at: sampleTime, metrics: metrics, into: &outcome)
            return outcome
        }
        let lease: RecordingLease
        do {
            lease = try leases.claimRecording(of: source, for: incident, holder: holder, milliseconds: leaseMilliseconds)
        } catch {
            // Not known to hold it: keep what was seen, as when another console holds it.
            outcome.failure = String(describing: error)
            keep(findings, of: source, newest: sampleTime)
            lose(source)
            return outcome
        }
        guard lease.isMine else {
            outcome.holder = lease.holder
            keep(findings, of: source, newest: findings.last?.at ?? sampleTime)
            lose(source)
            return outcome
        }
        outcome.isRecording = true
        lastClaim[source] = now
        if !held.contains(source) {
            // Taken over: what the last holder may not have recorded first.
            held.insert(source)
            let kept = heldBack.removeValue(forKey: source) ?? []
            if !kept.isEmpty {
                let logged = (try? leases.events(of: incident)) ?? []
                outcome.findings = kept.filter { !Self.isLogged($0, in: logged, within: leaseMilliseconds) }
            }
        }
        outcome.findings += findings
        observe(snapshot, at: sampleTime, metrics: metrics, into: &outcome)
        return outcome
    }

    private mutating func observe(
        _ snapshot: BalancerSnapshot?, at time: Timestamp, metrics: [String: InstanceMetrics], into outcome: inout Outcome
    ) {
        guard let snapshot else { return }
        outcome.samples = counters.observe(snapshot, at: time).map(\.withoutInstances)
        outcome.history = buckets.observe(snapshot, at: time, metrics: metrics)
    }

    /// The open history buckets not yet recorded (before a draft is written, or at the end).
    public mutating func flushHistory() -> [CounterHistoryBucket] {
        buckets.flush()
    }

    /// The latest counter samples not yet recorded (before a draft is written, or at the end).
    public mutating func flushCounters() -> [CounterSample] {
        counters.flush().map(\.withoutInstances)
    }

    /// At the end: gives up every lease held (so another console takes over at once) and returns
    /// the last counter samples to record first (the last history: ``flushHistory()`` before).
    public mutating func finish(leases: any RecordingLeases) -> [CounterSample] {
        let last = counters.flush().map(\.withoutInstances)
        for source in held.sorted() {
            try? leases.releaseRecording(of: source, for: incident, holder: holder)
        }
        held = []
        return last
    }

    /// Whether the log holds an observation of the same finding about the same thing, within
    /// `window` of it (the last holder recorded it from its own poll).
    static func isLogged(_ finding: Finding, in events: [Event], within window: Int64) -> Bool {
        let draft = finding.eventDraft
        return events.reversed().contains { event in
            event.kind == .balancerObservation && abs(event.time.milliseconds(since: finding.at)) <= window
                && ["finding", "source", "pool", "instance", "from", "to"].allSatisfy { event.data[$0] == draft.data[$0] }
        }
    }

    private mutating func keep(_ findings: [Finding], of source: String, newest: Timestamp) {
        var kept = heldBack[source, default: []] + findings
        let oldest = newest.adding(milliseconds: -leaseMilliseconds)
        kept.removeAll { $0.at < oldest }
        heldBack[source] = kept
    }

    private mutating func lose(_ source: String) {
        if held.remove(source) != nil {
            counters.forget(source: source)
            buckets.forget(source: source)
        }
    }
}
