import Foundation
import Synchronization
import Testing
import BalancerAdapters
import PostmotermCore

/// A source that answers from a script: each fetch takes the next result (the last repeats).
private final class ScriptedSource: BalancerSource, @unchecked Sendable {
    let address: BalancerAddress
    private let script: Mutex<[String?]>
    private let fetches = Mutex(0)
    private let answers = Mutex(0)

    /// Each entry: CSV text, or nil for "connection refused".
    init(_ address: String, _ script: [String?]) {
        self.address = try! BalancerAddress.parse(address)
        self.script = Mutex(script)
    }

    var fetchCount: Int { fetches.withLock { $0 } }
    /// Fetches that have returned a snapshot.
    var answerCount: Int { answers.withLock { $0 } }

    func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot {
        fetches.withLock { $0 += 1 }
        let next: String? = script.withLock { list in list.count > 1 ? list.removeFirst() : list[0] }
        guard let text = next else {
            throw BalancerFetchError(source: address.display, reason: .transport(.refused))
        }
        let snapshot = try HAProxyCSVParser.parse(text, source: address.display, takenAt: clock.wallTime(), monotonicTime: clock.monotonicSeconds())
        answers.withLock { $0 += 1 }
        return snapshot
    }
}

/// A source that never answers (ignores cancellation, like a blocked socket read would).
private struct SilentSource: BalancerSource {
    let address = try! BalancerAddress.parse("haproxy+tcp://10.0.0.9:9999")
    func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot {
        try? await clock.sleep(seconds: 3600)
        throw CancellationError()
    }
}

/// ``BalancerPoller`` driven by a ``ManualPollClock``: rates, staleness, backoff, the schedule
/// and timeouts, with time moved only by the test.
@Suite(.timeLimit(.minutes(1))) struct BalancerPollerTests {
    static func csv(b weight: Int, reqB: Int = 0) -> String {
        """
        # pxname,svname,status,weight,uweight,type,req_tot,hrsp_5xx,
        api,a,UP,1,1,2,0,0,
        api,b,UP,\(weight),\(weight),2,\(reqB),0,
        api,c,UP,1,1,2,0,0,
        api,BACKEND,UP,3,3,1,\(reqB),0,

        """
    }

    @Test func ratesStaleDataAndBackoffOnAManualClock() async throws {
        let clock = ManualPollClock(start: 0)
        let source = ScriptedSource("haproxy+tcp://lb:1", [Self.csv(b: 1, reqB: 0), Self.csv(b: 1, reqB: 40), nil, nil, nil, Self.csv(b: 1, reqB: 100)])
        let poller = BalancerPoller(sources: [source], interval: 2, maxBackoff: 5, clock: clock)
        #expect(await poller.latest.sources[0].state == .pending)

        var update = await poller.pollOnce()
        #expect(update.sources[0].state == .live)
        #expect(await poller.pollOnce().polled.isEmpty)  // not due yet: nothing polled
        clock.advance(seconds: 2)
        update = await poller.pollOnce()
        #expect(update.sources[0].snapshot?.instance(pool: "api", name: "b")?.rates?.requestsPerSecond == 20)

        clock.advance(seconds: 2)
        update = await poller.pollOnce()
        #expect(update.sources[0].state == .stale(age: 2, reason: "haproxy+tcp://lb:1: connection refused (is it running, and is this the right address?)"))
        #expect(update.sources[0].snapshot?.instance(pool: "api", name: "b")?.rates?.requestsPerSecond == 20)  // last good kept
        #expect(update.findings.map(\.kind) == [.sourceUnreachable])
        #expect(update.sources[0].nextPollIn == 2)
        clock.advance(seconds: 2)
        update = await poller.pollOnce()
        #expect(update.findings.isEmpty)  // still down: reported once
        #expect(update.sources[0].nextPollIn == 4)  // doubled
        clock.advance(seconds: 4)
        update = await poller.pollOnce()
        #expect(update.sources[0].nextPollIn == 5)  // capped
        if case .stale(let age, _) = update.sources[0].state { #expect(age == 8) } else { Issue.record("not stale") }
        clock.advance(seconds: 5)
        update = await poller.pollOnce()
        #expect(update.sources[0].state == .live)
        #expect(update.findings.map(\.kind) == [.sourceRecovered])
        #expect(source.fetchCount == 6)
    }

    @Test func runPollsOnScheduleAndPublishesUpdates() async throws {
        let clock = ManualPollClock(start: 0)
        let source = ScriptedSource("haproxy+tcp://lb:1", [Self.csv(b: 1), Self.csv(b: 10)])
        let poller = BalancerPoller(sources: [source], interval: 1, clock: clock)
        poller.start()
        var iterator = poller.updates.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.findings.isEmpty == true)
        // No need to wait for the poller to go to sleep first (that wait once hung this test:
        // the sleeper it saw was a fetch's deadline timer, and the poller then went to sleep
        // after the clock had moved): its thread reads the clock under the lock it waits on.
        clock.advance(seconds: 1)
        let second = await iterator.next()
        #expect(second?.findings.map(\.kind) == [.weightChange, .weightSkew])
        poller.stop()
        clock.advance(seconds: 1)
        #expect(await iterator.next() == nil)
    }

    @Test func aSourceThatNeverAnswersIsCutOffAtItsTimeout() async throws {
        let clock = ManualPollClock(start: 0)
        let good = ScriptedSource("haproxy+tcp://lb:1", [Self.csv(b: 1)])
        let poller = BalancerPoller(sources: [SilentSource(), good], interval: 1, timeout: 2, clock: clock)
        let poll = Task { await poller.pollOnce() }
        // The good source has answered, and both the silent fetch and its deadline sleep on the
        // clock (without waiting for the answer, a slow parse could still be running when the
        // clock jumps past the good source's deadline too).
        while good.answerCount == 0 { await Task.yield() }
        await clock.waitForSleepers(2)
        clock.advance(seconds: 2.25)
        let update = await poll.value
        #expect(update.sources[0].state == .unreachable(reason: "haproxy+tcp://10.0.0.9:9999: timed out after 2s waiting for an answer"))
        #expect(update.sources[1].state == .live)
    }
}
