import Testing
@testable import PostmotermCore

@Suite struct BalancerPollScheduleTests {
    @Test func backoffDoublesUpToTheCapAndResets() {
        var schedule = PollSchedule(interval: 2, maxBackoff: 10, start: 0)
        #expect(schedule.isDue(at: 0))
        #expect(schedule.state(at: 0) == .pending)
        let failure = SourceFailure(kind: .unreachable, reason: "x: connection refused")
        schedule.recordFailure(failure, at: 0)
        #expect(schedule.nextDue == 2)
        #expect(schedule.state(at: 1) == .unreachable(reason: "x: connection refused"))
        schedule.recordFailure(failure, at: 2)
        #expect(schedule.nextDue == 6)
        schedule.recordFailure(failure, at: 6)
        #expect(schedule.nextDue == 14)
        schedule.recordFailure(failure, at: 14)
        #expect(schedule.nextDue == 24)  // capped at 10
        schedule.recordSuccess(at: 24)
        #expect(schedule.nextDue == 26)
        #expect(schedule.state(at: 25) == .live)
        schedule.recordFailure(failure, at: 26)
        #expect(schedule.state(at: 30) == .stale(age: 6, reason: "x: connection refused"))
        #expect(schedule.state(at: 30).label == "stale 6s (x: connection refused)")
    }

    @Test func manualClockWakesSleepersOnlyWhenAdvanced() async throws {
        let clock = ManualPollClock(start: 0)
        let woke = Task { try await clock.sleep(seconds: 5); return clock.monotonicSeconds() }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(seconds: 4)
        #expect(clock.sleeperCount == 1)
        clock.advance(seconds: 1)
        #expect(try await woke.value == 5)
        #expect(clock.wallTime().millisecondsSinceEpoch == 1_712_327_405_000)
    }

    @Test func cancelledSleeperIsReleased() async {
        let clock = ManualPollClock(start: 0)
        let sleeper = Task { try await clock.sleep(seconds: 60) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
