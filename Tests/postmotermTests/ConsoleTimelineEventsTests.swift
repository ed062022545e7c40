import Console
import PostmotermCore
import Testing

@testable import postmoterm

/// The console's timeline pane shows the narrative events only: balancer counter samples are
/// data for the draft's impact figures, not lines (and the pane's count counts what it shows).
@Suite struct ConsoleTimelineEventsTests {
    @Test func counterSamplesNeverReachTheConsole() {
        let id = IncidentID(rawValue: "2026-12-07-api-errors")!
        let at = Timestamp(millisecondsSinceEpoch: 1_796_666_400_000)
        let sample = CounterSample(
            source: "haproxy+unix:///tmp/admin.sock", at: at, reason: .first,
            pools: ["api": InstanceCounters(requests: 10, responses5xx: 0)], instances: [:])
        let events = [
            Event(incidentID: id, sequence: 1, recordedAt: at, author: Author(name: "alice"), kind: .incidentStarted, text: "API errors"),
            Event(incidentID: id, sequence: 2, recordedAt: at, author: .postmoterm, kind: .balancerCounters,
                  text: sample.eventDraft.text, data: sample.eventDraft.data),
            Event(incidentID: id, sequence: 3, recordedAt: at, author: Author(name: "alice"), kind: .note, text: "api-2 502s"),
        ]
        #expect(EventMapping.consoleEvents(events).map(\.id) == [1, 3])
    }
}
