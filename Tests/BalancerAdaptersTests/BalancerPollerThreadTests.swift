import Foundation
import Testing
@testable import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// ``BalancerPoller``'s poll threads against a real HAProxy 2.6 and against sources that hang:
/// on schedule (time moved by a ``ManualPollClock``), on demand, and one source never holding up
/// another. No test sleeps: each waits on a condition, with a deadline.
@Suite(.serialized, .timeLimit(.minutes(1))) struct BalancerPollerThreadTests {
    /// Updates as they arrive on the poll threads.
    final class Received: @unchecked Sendable {
        private let condition = MonotonicCondition()
        private var updates: [MonitorUpdate] = []

        func add(_ update: MonitorUpdate) {
            condition.lock()
            updates.append(update)
            condition.broadcast()
            condition.unlock()
        }

        var all: [MonitorUpdate] {
            condition.lock()
            defer { condition.unlock() }
            return updates
        }

        /// Waits until `condition` holds for what has arrived, woken by each arrival; gives up
        /// after `seconds` (a guard against a poller that never delivers, not a measurement).
        func wait(seconds: Double = 20, until holds: ([MonitorUpdate]) -> Bool) -> Bool {
            let clock = SystemPollClock()
            let end = clock.monotonicSeconds() + seconds
            condition.lock()
            defer { condition.unlock() }
            while !holds(updates) {
                let left = end - clock.monotonicSeconds()
                if left <= 0 { return false }
                condition.wait(seconds: left)
            }
            return true
        }
    }

    /// 2024-04-05 14:30:00.500 UTC: half a second into a wall-clock second.
    static let wall = Timestamp(millisecondsSinceEpoch: 1_712_327_400_500)

    /// Polls of `lab`'s runtime socket on `clock`, started, with what they deliver.
    static func polling(
        _ lab: SeedLab, interval: Double, wallPhase: Double? = nil, clock: ManualPollClock
    ) -> (BalancerPoller, Received) {
        let polls = BalancerPoller(
            sources: [BalancerSources.make(lab.unixAddress)], interval: interval, timeout: 2, wallPhase: wallPhase, clock: clock)
        let received = Received()
        polls.start(delivering: received.add)
        return (polls, received)
    }

    @Test func pollsOnScheduleWithTheSameResultsAndFindingsOnce() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let clock = ManualPollClock(start: 0, wall: Self.wall)
        let (polls, received) = Self.polling(lab, interval: 0.2, clock: clock)
        defer { polls.stop() }
        // Due at once, then every 0.2 s of the clock: one poll per step, none in between.
        for count in 1...4 {
            #expect(received.wait { $0.count == count })
            clock.advance(seconds: 0.2)
        }
        #expect(received.wait { $0.count == 5 })
        let updates = received.all
        #expect(updates.map(\.at.millisecondsSinceEpoch) == (0..<5).map { Self.wall.millisecondsSinceEpoch + Int64($0) * 200 })
        for update in updates {
            #expect(update.polled == [lab.unixAddress.display])
            #expect(update.allLive, "\(update.sources.map(\.state))")
        }
        let share = try #require(updates.last?.sources[0].snapshot?.instance(pool: "api", name: "api-2")?.share)
        #expect(abs(share - 10.0 / 12.0) < 0.001)
        // Rates from the second poll on: the history is kept between polls.
        #expect(updates.last?.sources[0].snapshot?.instance(pool: "api", name: "api-2")?.rates != nil)
        // The skew is found once, on the first poll.
        let skews = updates.flatMap(\.findings).filter { $0.kind == .weightSkew }
        #expect(skews.count == 1)
        #expect(updates[0].findings.contains { $0.kind == .weightSkew && $0.instance == "api-2" && $0.message.contains("83.3%") })
    }

    @Test func pollNowPollsAtOnceAndStopEndsTheThreads() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let clock = ManualPollClock(start: 0, wall: Self.wall)
        let (polls, received) = Self.polling(lab, interval: 600, clock: clock)
        // Due at once, then not for 10 minutes of a clock that does not move: the second poll
        // can only be pollNow's.
        #expect(received.wait { $0.count == 1 })
        polls.pollNow()
        #expect(received.wait { $0.count == 2 })
        polls.stop()
        polls.pollNow()
        clock.advance(seconds: 600)
        // Nothing after stop, even when asked or due (a short look: nothing is expected).
        #expect(!received.wait(seconds: 0.3) { $0.count > 2 })
    }

    /// With a wall phase (the console's), polls after the first land just past each wall-clock
    /// second, where the console's clock turns over, and not once per second plus the poll's time.
    @Test func pollsKeepStepWithTheWallClock() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let clock = ManualPollClock(start: 0, wall: Self.wall)
        let (polls, received) = Self.polling(lab, interval: 1, wallPhase: 0.001, clock: clock)
        defer { polls.stop() }
        #expect(received.wait { $0.count == 1 })  // at once, half a second into the second
        for count in 2...4 {
            clock.advance(seconds: count == 2 ? 0.5 : 0.998)  // on the turn of the second: not yet due
            clock.advance(seconds: 0.002)  // just past the phase (1 ms, give or take a rounding): due
            #expect(received.wait { $0.count == count })
        }
        let seconds = received.all.dropFirst().map(\.at.millisecondsSinceEpoch)
        let first = Self.wall.millisecondsSinceEpoch + 502
        #expect(seconds == [first, first + 1000, first + 2000])
    }

    @Test func aHangingSourceHoldsOnlyItsOwnThread() throws {
        let hanging = TinyHTTPBackend(behavior: .hang)
        try hanging.start()
        defer { hanging.stop() }
        let good = TinyHTTPBackend(behavior: .respond(status: 200, contentType: "text/csv", body: Array(BadInputTests.realCSV.utf8)))
        try good.start()
        defer { good.stop() }
        let addresses = try [hanging.port, good.port].map { try BalancerAddress.parse("haproxy+http://127.0.0.1:\($0)/stats") }
        let polls = BalancerPoller(sources: addresses.map { BalancerSources.make($0) }, interval: 0.1, timeout: 2)
        let received = Received()
        polls.start(delivering: received.add)
        defer { polls.stop() }
        // The hanging one fails at its timeout (real time: the socket's own wait), and says so;
        // meanwhile the good source was polled again and again (every 0.1 s for 2 s: the order
        // of the updates tells, whatever the machine's load).
        #expect(received.wait { $0.contains { $0.polled == [addresses[0].display] } })
        let all = received.all
        let failedAt = try #require(all.firstIndex { $0.polled == [addresses[0].display] })
        #expect(all[..<failedAt].filter { $0.polled == [addresses[1].display] }.count >= 3, "\(all.map(\.polled))")
        let failed = all[failedAt]
        #expect(failed.sources[0].error?.description.hasSuffix("timed out after 2s waiting for an answer") == true,
                "\(String(describing: failed.sources[0].error))")
        #expect(failed.sources[1].state == .live)
    }

    @Test func theConditionTimesOutOnTheMonotonicClockAndWakesOnBroadcast() {
        let condition = MonotonicCondition()
        condition.lock()
        let start = SystemPollClock().monotonicSeconds()
        condition.wait(seconds: 0.15)
        let waited = SystemPollClock().monotonicSeconds() - start
        condition.unlock()
        #expect(waited >= 0.149, "waited \(waited) s")

        // A waiter with a 30 s timeout, released by a broadcast long before it (the flag covers a
        // broadcast that comes before the wait starts).
        let woken = Received()
        let released = Flag()
        let thread = Thread {
            condition.lock()
            while !released.isSet { condition.wait(seconds: 30) }
            condition.unlock()
            woken.add(MonitorUpdate(at: Timestamp(Date()), sources: [], findings: [], polled: []))
        }
        thread.start()
        condition.lock()
        released.set()
        condition.broadcast()
        condition.unlock()
        #expect(woken.wait(seconds: 5) { $0.count == 1 })
    }

    /// A flag read and set under the condition's lock.
    final class Flag: @unchecked Sendable {
        private(set) var isSet = false
        func set() { isSet = true }
    }
}
