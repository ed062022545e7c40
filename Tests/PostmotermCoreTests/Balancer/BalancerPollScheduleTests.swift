import Testing
@testable import PostmotermCore

@Suite(.timeLimit(.minutes(1))) struct BalancerPollScheduleTests {
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

    /// With a wall phase, good polls land just after each wall-clock mark (where the console's
    /// clock turns over), whatever the poll took; never two within half a second.
    @Test func goodPollsKeepStepWithTheWallClock() {
        var schedule = PollSchedule(interval: 1, start: 50)
        schedule.wallPhase = 0.001
        // Ended 2.5 ms into wall second 1000 (monotonic 50.0025): next at 1001.001, i.e. 0.9985 s on.
        schedule.recordSuccess(at: 50.0025, wall: 1000.0025)
        #expect(abs(schedule.nextDue - (50.0025 + 0.9985)) < 1e-9)
        // A slow poll (ended 400 ms in) does not push the next one back.
        schedule.recordSuccess(at: 51.4, wall: 1001.4)
        #expect(abs(schedule.nextDue - (51.4 + 0.601)) < 1e-9)
        // A poll forced just before the mark: the one after skips it rather than follow at once.
        schedule.recordSuccess(at: 52.9995, wall: 1002.9995)
        #expect(abs(schedule.nextDue - (52.9995 + 1.0015)) < 1e-9)
        // Two-second intervals land on even seconds.
        var slow = PollSchedule(interval: 2, start: 0)
        slow.wallPhase = 0.001
        #expect(abs(slow.alignedWait(from: 1001.2)! - 0.801) < 1e-9)
        #expect(abs(slow.alignedWait(from: 1000.2)! - 1.801) < 1e-9)
        // Intervals that are not whole seconds, and schedules without a phase, count from the poll.
        var fractional = PollSchedule(interval: 0.5, start: 0)
        fractional.wallPhase = 0.001
        #expect(fractional.alignedWait(from: 1000.2) == nil)
        fractional.recordSuccess(at: 10, wall: 1000.2)
        #expect(fractional.nextDue == 10.5)
        var plain = PollSchedule(interval: 1, start: 0)
        plain.recordSuccess(at: 10, wall: 1000.2)
        #expect(plain.nextDue == 11)
        // Failures back off from the failure, not from the wall clock.
        schedule.recordFailure(SourceFailure(kind: .unreachable, reason: "x"), at: 60.3)
        #expect(schedule.nextDue == 61.3)
    }

    @Test func manualClockWakesSleepersOnlyWhenAdvanced() async throws {
        let clock = ManualPollClock(start: 0)
        let woke = Task { try await clock.sleep(seconds: 5); return clock.monotonicSeconds() }
        await clock.waitForSleepers(1)
        clock.advance(seconds: 4)
        #expect(clock.sleeperCount == 1)
        clock.advance(seconds: 1)
        #expect(try await woke.value == 5)
        #expect(clock.wallTime().millisecondsSinceEpoch == 1_712_327_405_000)
    }

    @Test func cancelledSleeperIsReleased() async {
        let clock = ManualPollClock(start: 0)
        let sleeper = Task { try await clock.sleep(seconds: 60) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    /// A sleep whose task was cancelled before it began throws at once and leaves no sleeper
    /// behind. (It used to wait for ever: the cancellation handler ran first and found nothing to
    /// wake, then the sleeper was added — a fetch's cancelled deadline timer left such a sleeper,
    /// and a test that waited for "a sleeper" took it for the poller's and advanced too early.)
    @Test func aSleepCancelledBeforeItBeganDoesNotWait() async {
        let clock = ManualPollClock(start: 0)
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(seconds: 60)
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
