import Testing
@testable import PostmotermCore

@Suite struct DemoTimingTests {
    @Test func speedScalesTheStoryAndTheBalancer() {
        let normal = DemoTiming(speed: 1)
        let fast = DemoTiming(speed: 10)
        #expect(normal.realSeconds(120) == 120)
        #expect(fast.realSeconds(120) == 12)
        #expect(normal.checkIntervalMs == 1_000)
        #expect(fast.checkIntervalMs == 250)
        #expect(DemoTiming(speed: 2).checkIntervalMs == 500)
        #expect(fast.slowStartMs == 1_200)
        #expect(normal.pollInterval == 1)
        #expect(fast.pollInterval == 0.1)
        #expect(DemoTiming(speed: 1_000).speed == DemoTiming.speedRange.upperBound)
        #expect(DemoTiming(speed: 0).speed == DemoTiming.speedRange.lowerBound)
        #expect(DemoTiming(speed: 20).checkIntervalMs == 250)
    }

    @Test func storyTimeIsRealTimeAtSpeedOne() {
        let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        let now = start.adding(milliseconds: 42_000)
        #expect(DemoTiming(speed: 1).storyTime(of: now, runStartedAt: start, storyDuration: 125) == now)
    }

    @Test func fasterStoryTimeSpacesEventsAsAtSpeedOneAndEndsNow() {
        let timing = DemoTiming(speed: 10)
        let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        let end = start.adding(milliseconds: 12_500)
        // The last moment of the story is the real end of the run.
        #expect(timing.storyTime(of: end, runStartedAt: start, storyDuration: 125) == end)
        // Two real seconds apart are twenty story seconds apart.
        let a = timing.storyTime(of: start.adding(milliseconds: 2_000), runStartedAt: start, storyDuration: 125)
        let b = timing.storyTime(of: start.adding(milliseconds: 4_000), runStartedAt: start, storyDuration: 125)
        #expect(b.milliseconds(since: a) == 20_000)
        // Never in the future while the story runs.
        for ms in stride(from: Int64(0), through: 12_500, by: 500) {
            let now = start.adding(milliseconds: ms)
            #expect(timing.storyTime(of: now, runStartedAt: start, storyDuration: 125) <= now)
        }
    }
}
