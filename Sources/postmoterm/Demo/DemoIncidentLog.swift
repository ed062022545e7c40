import Foundation
import PostmotermCore

/// The incident the demo writes to, and the timeline it prints as it goes.
///
/// Before the scripted responder opens the incident, what happens (the bad change, the
/// balancer's findings) is kept and written, at its own story time, as soon as the incident
/// exists — the time to detect in the postmortem comes from those.
///
/// Once the incident exists the balancer's polls go through the same recording gate as the
/// console's (``BalancerRecording``: the store's lease, one recorder per balancer).
actor DemoIncidentLog {
    nonisolated let store: any RecordingLeases
    private let clock: DemoStoryClock
    /// The gate, once the incident exists; counter samples before it are kept by `early`.
    private var recording: BalancerRecording?
    private var early = CounterRecorder()
    /// History before the incident exists (the bad change comes before it), written when it does.
    private var earlyHistory = CounterHistoryRecorder()
    private var pendingHistory: [CounterHistoryBucket] = []
    private let holder = RecordingLease.newHolderID(host: ProcessInfo.processInfo.hostName, pid: getpid())
    private let print: @Sendable (String) -> Void
    private(set) var incident: Incident?
    private var pending: [EventDraft] = []
    /// Drafts that could not be stored (reported at the end).
    private(set) var failures: [String] = []
    /// What the demo's Alertmanager said so far (with the alert chain), and the first alert that fired.
    private var alertTransitions: AlertTransitions?
    private(set) var firstFiringAlert: EventDraft?

    init(store: any RecordingLeases, clock: DemoStoryClock, print: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.clock = clock
        self.print = print
    }

    /// Opens the incident and writes everything that happened before.
    func open(_ draft: IncidentDraft) throws -> Incident {
        var draft = draft
        draft.startedAt = clock.happenedAt()
        let incident = try store.createIncident(draft)
        self.incident = incident
        line(at: incident.startedAt, author: draft.author, text: "opened incident \(incident.id.rawValue): \(incident.title)")
        if !pending.isEmpty {
            _ = try store.append(contentsOf: pending, to: incident.id)
            pending = []
        }
        return incident
    }

    /// Writes into an incident opened elsewhere (the console demo opens it before the story).
    func adopt(_ incident: Incident) {
        self.incident = incident
    }

    /// Writes `draft` at the story's now (or keeps it until the incident exists) and prints it.
    /// With `quiet`, nothing is printed (the caller says it better).
    func record(_ draft: EventDraft, realTime: Timestamp = Timestamp(Date()), quiet: Bool = false) {
        var draft = draft
        if draft.happenedAt == nil, draft.kind != .amendment { draft.happenedAt = clock.happenedAt(realTime) }
        if !quiet {
            line(at: draft.happenedAt ?? clock.storyTime(realTime), author: draft.author, text: Self.describe(draft))
        }
        guard let incident else {
            // Kept with an explicit time: it is written later than it happened.
            if draft.happenedAt == nil { draft.happenedAt = clock.storyTime(realTime) }
            pending.append(draft)
            return
        }
        do {
            _ = try store.append(draft, to: incident.id)
        } catch {
            failures.append("\(draft.kind.rawValue): \(error)")
            print("          ! not stored: \(TerminalSafe.escape(String(describing: error)))")
        }
    }

    /// One poll of the balancer `source` at real time `realTime`: its findings and counters,
    /// through the recording gate once the incident exists (kept until then).
    func recordPoll(source: String, snapshot: BalancerSnapshot?, findings: [Finding], at realTime: Timestamp) {
        let sampleTime = clock.happenedAt(realTime) ?? realTime
        var findings = findings
        var samples: [CounterSample] = []
        var history: [CounterHistoryBucket] = []
        if let incident {
            if recording == nil {
                recording = BalancerRecording(incident: incident.id, holder: holder)
                history = pendingHistory + earlyHistory.flush()
                pendingHistory = []
            }
            let outcome = recording?.poll(
                source: source, snapshot: snapshot, findings: findings, at: realTime, sampleTime: sampleTime, leases: store)
            findings = outcome?.findings ?? []
            samples = outcome?.samples ?? []
            history += outcome?.history ?? []
            if let failure = outcome?.failure { failures.append("recording lease: \(failure)") }
        } else if let snapshot {
            samples = early.observe(snapshot, at: sampleTime).map(\.withoutInstances)
            pendingHistory += earlyHistory.observe(snapshot, at: sampleTime)
        }
        for finding in findings {
            var draft = finding.eventDraft
            draft.happenedAt = clock.happenedAt(finding.at)
            record(draft, realTime: finding.at)
        }
        for sample in samples { record(sample.eventDraft, realTime: realTime, quiet: true) }
        record(history)
    }

    /// Writes per-instance history buckets (their own story time).
    private func record(_ history: [CounterHistoryBucket]) {
        guard !history.isEmpty, let incident, let store = store as? any CounterHistoryStore else { return }
        do {
            try store.appendHistory(history, to: incident.id)
        } catch {
            failures.append("history: \(error)")
        }
    }

    /// One answer of the demo's Alertmanager: each alert that fires or resolves is recorded once
    /// (``AlertTransitions``), at its own time put on the story's clock, and kept until the
    /// incident exists, as the balancer's findings are.
    func recordAlerts(_ snapshot: AlertSnapshot) {
        var transitions = alertTransitions ?? AlertTransitions(source: snapshot.source)
        let drafts = transitions.observe(snapshot)
        alertTransitions = transitions
        for draft in drafts.map(clock.storyAlert) {
            if draft.kind == .alertFiring, firstFiringAlert == nil { firstFiringAlert = draft }
            record(draft)
        }
    }

    /// Records the balancer's latest counters now (before a draft is written).
    func flushCounters() {
        let samples = recording?.flushCounters() ?? early.flush().map(\.withoutInstances)
        for sample in samples { record(sample.eventDraft, quiet: true) }
        record(recording?.flushHistory() ?? [])
    }

    /// At the end: the last counters, and the recording leases given up.
    func finishRecording() {
        record(recording?.flushHistory() ?? [])
        let samples = recording?.finish(leases: store) ?? early.flush().map(\.withoutInstances)
        for sample in samples { record(sample.eventDraft, quiet: true) }
    }

    /// Prints a narration line (not logged).
    func narrate(_ text: String) {
        print("\(clock.storyOffset())  ── \(TerminalSafe.escape(text))")
    }

    /// The events written so far.
    func events() throws -> [Event] {
        guard let incident else { return [] }
        return try store.events(of: incident.id)
    }

    private func line(at time: Timestamp, author: Author, text: String) {
        let who = author.description.padding(toLength: max(author.description.count, 16), withPad: " ", startingAt: 0)
        print("\(clock.storyOffset())  \(time.hourMinuteSecond) UTC  \(TerminalSafe.escape(who))  \(TerminalSafe.escape(text))")
    }

    private static func describe(_ draft: EventDraft) -> String {
        switch draft.kind {
        case .stepDone: return "step done: \(draft.text)"
        case .stepSkipped: return "step skipped: \(draft.text)"
        case .actionItem: return "action item: \(draft.text)"
        case .statusChanged: return "status → \(draft.data["to"] ?? "?")"
        case .balancerObservation: return "[balancer] \(draft.text)"
        case .balancerAction: return "[action] \(draft.text)"
        case .alertFiring: return "[alert] firing: \(draft.text)"
        case .alertResolved: return "[alert] resolved: \(draft.text)"
        case .export: return draft.text
        default: return draft.text
        }
    }
}
