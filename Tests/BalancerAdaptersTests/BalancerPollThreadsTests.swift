import Foundation
import Testing
@testable import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// ``BalancerPollThreads`` (the console's poller) against a real HAProxy 2.6 and against sources
/// that hang: the same results as the monitor, on schedule, on demand, and one source never
/// holding up another.
@Suite(.serialized) struct BalancerPollThreadsTests {
    /// Updates as they arrive on the poll threads.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var updates: [MonitorUpdate] = []

        func add(_ update: MonitorUpdate) { lock.withLock { updates.append(update) } }
        var all: [MonitorUpdate] { lock.withLock { updates } }

        /// Waits (polling, at most `seconds`) until `condition` holds for what has arrived.
        func wait(seconds: Double, until condition: ([MonitorUpdate]) -> Bool) -> Bool {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if condition(all) { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return condition(all)
        }
    }

    /// Polls of `lab`'s runtime socket, started, with what they deliver.
    static func polling(_ lab: SeedLab, interval: Double, wallPhase: Double? = nil) -> (BalancerPollThreads, Received) {
        let polls = BalancerPollThreads(
            sources: [BalancerSources.make(lab.unixAddress)], interval: interval, timeout: 2, wallPhase: wallPhase)
        let received = Received()
        polls.start(delivering: received.add)
        return (polls, received)
    }

    @Test func pollsOnScheduleWithTheMonitorsResultsAndFindingsOnce() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let (polls, received) = Self.polling(lab, interval: 0.2)
        defer { polls.stop() }
        #expect(received.wait(seconds: 5) { $0.count >= 4 })
        let updates = received.all
        for update in updates {
            #expect(update.polled == [lab.unixAddress.display])
            #expect(update.allLive, "\(update.sources.map(\.state))")
        }
        let share = try #require(updates.last?.sources[0].snapshot?.instance(pool: "api", name: "api-2")?.share)
        #expect(abs(share - 10.0 / 12.0) < 0.001)
        // Rates from the second poll on: the history is kept between polls.
        #expect(updates.last?.sources[0].snapshot?.instance(pool: "api", name: "api-2")?.rates != nil)
        // The skew is found once, on the first poll, as the monitor finds it.
        let skews = updates.flatMap(\.findings).filter { $0.kind == .weightSkew }
        #expect(skews.count == 1)
        #expect(updates[0].findings.contains { $0.kind == .weightSkew && $0.instance == "api-2" && $0.message.contains("83.3%") })
    }

    @Test func pollNowPollsAtOnceAndStopEndsTheThreads() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let (polls, received) = Self.polling(lab, interval: 600)
        // Due at once, then not for 10 minutes.
        #expect(received.wait(seconds: 3) { $0.count == 1 })
        let asked = Date()
        polls.pollNow()
        #expect(received.wait(seconds: 3) { $0.count == 2 })
        #expect(Date().timeIntervalSince(asked) < 1.5)
        polls.stop()
        polls.pollNow()
        // Nothing after stop, even when asked.
        #expect(!received.wait(seconds: 0.5) { $0.count > 2 })
    }

    /// With a wall phase (the console's), polls after the first land just past each wall-clock
    /// second, where the console's clock turns over, and not once per second plus the poll's time.
    @Test func pollsKeepStepWithTheWallClock() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let (polls, received) = Self.polling(lab, interval: 1, wallPhase: 0.001)
        defer { polls.stop() }
        #expect(received.wait(seconds: 6) { $0.count >= 4 })
        let seconds = received.all.dropFirst().map { Double($0.at.millisecondsSinceEpoch) / 1000 }
        for wall in seconds {
            let fraction = wall - wall.rounded(.down)
            // Ended 1 ms past the second plus the fetch (a busy machine may add some; `at` is in whole ms).
            #expect(fraction >= 0.0009 && fraction < 0.3, "a poll ended \(fraction) s into its second")
        }
        let whole = seconds.map { Int($0.rounded(.down)) }
        #expect(zip(whole, whole.dropFirst()).allSatisfy { $1 == $0 + 1 }, "one poll a second: \(whole)")
    }

    @Test func aHangingSourceHoldsOnlyItsOwnThread() throws {
        let hanging = TinyHTTPBackend(behavior: .hang)
        try hanging.start()
        defer { hanging.stop() }
        let good = TinyHTTPBackend(behavior: .respond(status: 200, contentType: "text/csv", body: Array(BadInputTests.realCSV.utf8)))
        try good.start()
        defer { good.stop() }
        let addresses = try [hanging.port, good.port].map { try BalancerAddress.parse("haproxy+http://127.0.0.1:\($0)/stats") }
        let polls = BalancerPollThreads(sources: addresses.map { BalancerSources.make($0) }, interval: 0.1, timeout: 2)
        let received = Received()
        let started = Date()
        polls.start(delivering: received.add)
        defer { polls.stop() }
        // The good source is polled again and again while the other one hangs (its first fetch
        // ends only at its 2 s timeout).
        #expect(received.wait(seconds: 1.8) { $0.filter { $0.polled == [addresses[1].display] }.count >= 3 },
                "after \(Date().timeIntervalSince(started)) s: \(received.all.map(\.polled))")
        #expect(!received.all.contains { $0.polled == [addresses[0].display] }, "the hanging source answered before its timeout")
        // The hanging one fails at its timeout, and says so.
        #expect(received.wait(seconds: 4) { $0.contains { $0.polled == [addresses[0].display] } })
        let failed = try #require(received.all.first { $0.polled == [addresses[0].display] })
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
        #expect(waited >= 0.149 && waited < 1, "waited \(waited) s")

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
        Thread.sleep(forTimeInterval: 0.05)
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
