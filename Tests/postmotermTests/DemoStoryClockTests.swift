import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// The demo's alerts at `--speed` other than 1: the alert's own times go on the story's clock
/// with the rest of the record.
@Suite struct DemoStoryClockTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_765_148_400_000)  // 2026-12-07T23:00:00Z

    @Test func atSpeedTenAnAlertsTimesAreStoryTimes() throws {
        // A 100 s story at speed 10 runs 10 s; it ends at real `start + 10 s`, as does the story.
        let clock = DemoStoryClock(timing: DemoTiming(speed: 10), storyDuration: 100, runStartedAt: Self.start)
        let firedReal = Self.start.adding(milliseconds: 5_000)   // halfway through the run
        let resolvedReal = Self.start.adding(milliseconds: 8_000)
        let alert = Alert(fingerprint: "f1", labels: ["alertname": "HAProxyServerWeightSkew"], startsAt: firedReal, endsAt: resolvedReal)
        var transitions = AlertTransitions(source: "am")
        let fired = transitions.observe(AlertSnapshot(source: "am", takenAt: firedReal, alerts: [Alert(fingerprint: "f1", labels: alert.labels, startsAt: firedReal)]))
        let resolved = transitions.observe(AlertSnapshot(source: "am", takenAt: resolvedReal, alerts: [alert]))
        let firing = try #require(fired.first.map(clock.storyAlert))
        let ended = try #require(resolved.first.map(clock.storyAlert))

        let storyFired = clock.storyTime(firedReal)
        #expect(storyFired == Self.start.adding(milliseconds: -40_000))  // halfway through the story
        #expect(firing.happenedAt == storyFired)
        #expect(firing.data["startsAt"] == storyFired.iso8601)
        #expect(ended.kind == .alertResolved)
        #expect(ended.happenedAt == clock.storyTime(resolvedReal))
        #expect(ended.data["endsAt"] == clock.storyTime(resolvedReal).iso8601)
        #expect(ended.data["startsAt"] == storyFired.iso8601)
    }

    @Test func atSpeedOneNothingMoves() throws {
        let clock = DemoStoryClock(timing: DemoTiming(speed: 1), storyDuration: 100, runStartedAt: Self.start)
        let at = Self.start.adding(milliseconds: 5_000)
        var transitions = AlertTransitions(source: "am")
        let draft = try #require(transitions.observe(AlertSnapshot(source: "am", takenAt: at, alerts: [
            Alert(fingerprint: "f1", labels: ["alertname": "X"], startsAt: at)])).first)
        #expect(clock.storyAlert(draft) == draft)
    }
}
