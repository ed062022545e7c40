import BalancerAdapters
import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// The console's clock: a tick per wall-clock second, on the second, none for a second a poll has
/// already shown, and ticks again when the wall clock is set back. Time moves only when the test
/// advances its ``ManualPollClock``.
@Suite(.timeLimit(.minutes(1))) struct SecondTickerTests {
    /// The ticks seen, and a wait for the next ones (on a condition, with a deadline).
    final class Ticks: @unchecked Sendable {
        private let condition = MonotonicCondition()
        private var dates: [Date] = []

        func add(_ date: Date) {
            condition.lock()
            dates.append(date)
            condition.broadcast()
            condition.unlock()
        }

        /// The ticks once there are `count` of them (or all there are after 10 s).
        func wait(for count: Int) -> [Date] {
            let deadline = ProcessInfo.processInfo.systemUptime + 10
            condition.lock()
            defer { condition.unlock() }
            while dates.count < count, ProcessInfo.processInfo.systemUptime < deadline {
                condition.wait(seconds: deadline - ProcessInfo.processInfo.systemUptime)
            }
            return dates
        }
    }

    /// 2033-05-18 03:33:20.500 UTC.
    static let wall = Timestamp(millisecondsSinceEpoch: 2_000_000_000_500)

    @Test func aSecondIsClaimedOnce() {
        let ticker = SecondTicker(clock: ManualPollClock(wall: Self.wall), lateBy: 900_000_000) { _ in }
        defer { ticker.stop() }
        let now = Date(timeIntervalSince1970: 2_000_000_000.25)
        #expect(ticker.claim(now))
        #expect(ticker.claim(now.addingTimeInterval(0.5)) == false)  // same second
        #expect(ticker.claim(now.addingTimeInterval(-1)) == false)  // the one before: a poll read just before the turn
        #expect(ticker.claim(now.addingTimeInterval(1)))
        #expect(ticker.claim(now.addingTimeInterval(-60)))  // the wall clock went back
    }

    @Test func ticksOnTheSecondButNotForSecondsClaimedByPolls() {
        let clock = ManualPollClock(wall: Self.wall)
        let ticks = Ticks()
        let ticker = SecondTicker(clock: clock) { ticks.add($0) }
        defer { ticker.stop() }
        clock.advance(seconds: 0.501)  // 1 ms past the next second
        #expect(ticks.wait(for: 1) == [Date(timeIntervalSince1970: 2_000_000_001.001)])
        // A poll shows the next second before the clock gets to it: no tick for it.
        #expect(ticker.claim(Date(timeIntervalSince1970: 2_000_000_002.0005)))
        clock.advance(seconds: 1)
        clock.advance(seconds: 1)
        #expect(ticks.wait(for: 2) == [2_000_000_001.001, 2_000_000_003.001].map(Date.init(timeIntervalSince1970:)))
    }

    /// The wall clock set back an hour (NTP, a resumed VM): the clock on screen follows it at
    /// once instead of freezing until the wall clock is back where it was.
    @Test func aWallClockSetBackKeepsTicking() {
        let clock = ManualPollClock(wall: Self.wall)
        let ticks = Ticks()
        let ticker = SecondTicker(clock: clock) { ticks.add($0) }
        defer { ticker.stop() }
        clock.advance(seconds: 0.501)
        #expect(ticks.wait(for: 1).count == 1)
        clock.shiftWall(seconds: -3600)
        #expect(ticks.wait(for: 2).last == Date(timeIntervalSince1970: 2_000_000_001.001 - 3600))
        clock.advance(seconds: 1)
        #expect(ticks.wait(for: 3).last == Date(timeIntervalSince1970: 2_000_000_002.001 - 3600))
    }
}
