import PostmotermCore
import Testing

/// Snapshots to fire/resolve events: once per episode, at the alert's own times, surviving a
/// restart (what the log holds is not recorded again).
struct AlertTransitionsTests {
    static let source = "http://127.0.0.1:9093"
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_796_652_000_000)

    static func alert(_ fingerprint: String, name: String = "PoolSkew", startsAt: Timestamp, endsAt: Timestamp? = nil) -> Alert {
        Alert(fingerprint: fingerprint, labels: ["alertname": name, "severity": "critical", "backend": "api"],
              annotations: ["summary": "b takes 80%", "runbook_url": "https://x/PoolSkew.md"], startsAt: startsAt, endsAt: endsAt)
    }

    static func snapshot(_ alerts: [Alert], at seconds: Int64) -> AlertSnapshot {
        AlertSnapshot(source: source, takenAt: t0.adding(milliseconds: seconds * 1000), alerts: alerts)
    }

    /// The drafts committed as events (sequence order), as a store would.
    static func commit(_ drafts: [EventDraft]) -> [Event] {
        drafts.enumerated().map { index, draft in
            Event(incidentID: IncidentID(rawValue: "inc-1")!, sequence: Int64(index + 1), recordedAt: t0, happenedAt: draft.happenedAt,
                  author: draft.author, kind: draft.kind, text: draft.text, data: draft.data)
        }
    }

    @Test func alreadyFiringAlertsAreRecordedOnceAtTheirStart() {
        var transitions = AlertTransitions(source: Self.source)
        let early = Self.alert("aa", startsAt: Self.t0.adding(milliseconds: -600_000), endsAt: Self.t0.adding(milliseconds: 300_000))
        let first = transitions.observe(Self.snapshot([early], at: 0))
        #expect(first.map(\.kind) == [.alertFiring])
        #expect(first.first?.happenedAt == early.startsAt)
        #expect(first.first?.text == "PoolSkew: b takes 80%")
        #expect(first.first?.data["fingerprint"] == "aa")
        #expect(first.first?.data["runbookURL"] == "https://x/PoolSkew.md")
        #expect(first.first?.data["labels"] == #"alertname="PoolSkew", backend="api", severity="critical""#)
        #expect(transitions.observe(Self.snapshot([early], at: 2)).isEmpty)
        #expect(transitions.observe(Self.snapshot([early], at: 4)).isEmpty)
    }

    @Test func anAlertThatLeavesTheListResolvesAtTheFirstTimeItWasKnownGone() {
        var transitions = AlertTransitions(source: Self.source)
        let alert = Self.alert("aa", startsAt: Self.t0, endsAt: Self.t0.adding(milliseconds: 300_000))
        _ = transitions.observe(Self.snapshot([alert], at: 1))
        let resolved = transitions.observe(Self.snapshot([], at: 9))
        #expect(resolved.map(\.kind) == [.alertResolved])
        #expect(resolved.first?.happenedAt == Self.t0.adding(milliseconds: 9_000))
        #expect(resolved.first?.data["endsAt"] == Self.t0.adding(milliseconds: 9_000).iso8601)
        #expect(transitions.observe(Self.snapshot([], at: 11)).isEmpty)
    }

    @Test func anAlertShownEndedResolvesAtItsOwnEnd() {
        var transitions = AlertTransitions(source: Self.source)
        let end = Self.t0.adding(milliseconds: 4_000)
        _ = transitions.observe(Self.snapshot([Self.alert("aa", startsAt: Self.t0, endsAt: Self.t0.adding(milliseconds: 300_000))], at: 1))
        let ended = transitions.observe(Self.snapshot([Self.alert("aa", startsAt: Self.t0, endsAt: end)], at: 6))
        #expect(ended.map(\.kind) == [.alertResolved])
        #expect(ended.first?.happenedAt == end)
        #expect(transitions.observe(Self.snapshot([], at: 8)).isEmpty)
    }

    @Test func theSameLabelsFiringAgainIsANewEpisode() {
        var transitions = AlertTransitions(source: Self.source)
        _ = transitions.observe(Self.snapshot([Self.alert("aa", startsAt: Self.t0)], at: 1))
        let again = Self.t0.adding(milliseconds: 60_000)
        let drafts = transitions.observe(Self.snapshot([Self.alert("aa", startsAt: again)], at: 61))
        #expect(drafts.map(\.kind) == [.alertResolved, .alertFiring])
        #expect(drafts.map(\.happenedAt) == [again, again])
    }

    @Test func aRestartedConsoleRecordsNothingTwiceAndStillSeesTheResolution() {
        var first = AlertTransitions(source: Self.source)
        let alert = Self.alert("aa", startsAt: Self.t0)
        let log = Self.commit(first.observe(Self.snapshot([alert], at: 1)))
        var restarted = AlertTransitions(source: Self.source, recorded: log)
        #expect(restarted.observe(Self.snapshot([alert], at: 3)).isEmpty)
        #expect(restarted.observe(Self.snapshot([], at: 5)).map(\.kind) == [.alertResolved])
        // Another Alertmanager's events are not this one's.
        var other = AlertTransitions(source: "http://127.0.0.1:9094", recorded: log)
        #expect(other.observe(AlertSnapshot(source: "http://127.0.0.1:9094", takenAt: Self.t0, alerts: [alert])).count == 1)
    }

    /// Re-sends (only `endsAt` moves) record nothing and keep the latest `endsAt`: an alert that
    /// then leaves the list resolves at its last `endsAt` once that has passed; one that is gone
    /// while others are re-sent resolves, and a duplicate fingerprint in one answer changes nothing.
    @Test func reSendsRecordNothingAndKeepTheLatestEnd() {
        var transitions = AlertTransitions(source: Self.source)
        let start = Self.t0.adding(milliseconds: -60_000)
        func sent(_ fingerprint: String, endsIn seconds: Int64) -> Alert {
            Self.alert(fingerprint, startsAt: start, endsAt: Self.t0.adding(milliseconds: seconds * 1000))
        }
        #expect(transitions.observe(Self.snapshot([sent("aa", endsIn: 300), sent("bb", endsIn: 300)], at: 0)).count == 2)
        for minute in Int64(1)...5 {
            #expect(transitions.observe(Self.snapshot([sent("aa", endsIn: 300 + minute * 60), sent("bb", endsIn: 300 + minute * 60),
                                                       sent("aa", endsIn: 300 + minute * 60)], at: minute * 60)).isEmpty)
        }
        #expect(transitions.firing["aa"]?.endsAt == Self.t0.adding(milliseconds: 600_000))
        let gone = transitions.observe(Self.snapshot([sent("aa", endsIn: 700)], at: 360))
        #expect(gone.map(\.kind) == [.alertResolved])
        #expect(gone.first?.data["fingerprint"] == "bb")
        #expect(gone.first?.happenedAt == Self.t0.adding(milliseconds: 360_000))
        let expired = transitions.observe(Self.snapshot([], at: 800))
        #expect(expired.first?.happenedAt == Self.t0.adding(milliseconds: 700_000))
        #expect(transitions.firing.isEmpty)
    }
}
