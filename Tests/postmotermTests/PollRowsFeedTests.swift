import BalancerAdapters
import Console
import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// A poll as the console loop gets it from the poll thread: each source's state, rows for the
/// polled source only when something shown changed, actionable rows for runtime sockets.
@Suite(.timeLimit(.minutes(1))) struct PollRowsFeedTests {
    let socket = try! BalancerAddress.parse("haproxy+unix:///run/haproxy/admin.sock")
    let page = try! BalancerAddress.parse("haproxy+http://127.0.0.1:8404/stats")
    let start = Date(timeIntervalSince1970: 1_764_000_000.3)

    func report(_ address: BalancerAddress, weights: [Int], secondsSinceChange: Int) -> SourceReport {
        let source = address.display
        let instances = weights.enumerated().map { index, weight in
            BalancerInstance(
                source: source, pool: "api", name: "api-\(index + 1)", status: .up, effectiveWeight: weight,
                configuredWeight: weight, share: Double(weight) / Double(weights.reduce(0, +)),
                secondsSinceChange: secondsSinceChange)
        }
        let snapshot = BalancerSnapshot(
            source: source, kind: .haproxy, pools: [BalancerPool(source: source, name: "api", instances: instances)],
            takenAt: Timestamp(start), monotonicTime: 0)
        return SourceReport(source: source, state: .live, snapshot: snapshot, error: nil, consecutiveFailures: 0, nextPollIn: 1)
    }

    /// The rows of the `pollUpdate` for `source` (outer nil: no such message; inner nil: no rows).
    func rows(_ delivery: PollRowsFeed.Delivery, _ source: String) -> [HealthRow]?? {
        for message in delivery.messages {
            if case .pollUpdate(let status, let rows) = message, status.label == source { return .some(rows) }
        }
        return nil
    }

    @Test func rowsOnlyWhenWhatIsShownChanged() throws {
        let feed = PollRowsFeed(addresses: [socket, page], thresholds: DetectorThresholds())
        let finding = Finding(kind: .weightSkew, severity: .warning, source: socket.display, pool: "api", instance: "api-2",
                              message: "skew", at: Timestamp(start))
        let first = feed.deliver(MonitorUpdate(
            at: Timestamp(start), sources: [report(socket, weights: [1, 10, 1], secondsSinceChange: 60)],
            findings: [finding], polled: [socket.display]))
        #expect(first.newRows)
        guard case .balancerPolled(let poll) = first.messages.last else {
            Issue.record("no balancerPolled message: \(first.messages)")
            return
        }
        #expect(poll.source == socket.display && poll.findings == [finding] && poll.snapshot != nil)
        let shown = try #require(rows(first, socket.display) ?? nil)
        #expect(shown.count == 4 && shown.filter { $0.kind == .server }.allSatisfy(\.actionable))
        #expect(shown.last?.kind == .backend && shown.last?.actionable == false)

        // A second on, HAProxy's lastchg one more: the same rows, so none are sent.
        let quiet = feed.deliver(MonitorUpdate(
            at: Timestamp(start.addingTimeInterval(1)), sources: [report(socket, weights: [1, 10, 1], secondsSinceChange: 61)],
            findings: [], polled: [socket.display]))
        #expect(!quiet.newRows)
        #expect(rows(quiet, socket.display) == .some(nil))

        // A weight changed: new rows.
        let changed = feed.deliver(MonitorUpdate(
            at: Timestamp(start.addingTimeInterval(2)), sources: [report(socket, weights: [1, 1, 1], secondsSinceChange: 0)],
            findings: [], polled: [socket.display]))
        #expect(changed.newRows)
        #expect((rows(changed, socket.display) ?? nil)?.filter { $0.kind == .server }.map(\.weight) == [1, 1, 1])
    }

    @Test func sourcesNotPolledPassTheirStateWithoutRows() throws {
        let feed = PollRowsFeed(addresses: [socket, page], thresholds: DetectorThresholds())
        let both = [report(socket, weights: [1, 1], secondsSinceChange: 5), report(page, weights: [2, 2], secondsSinceChange: 5)]
        let delivery = feed.deliver(MonitorUpdate(at: Timestamp(start), sources: both, findings: [], polled: [page.display]))
        // Both sources' states, and the one polled to be recorded.
        #expect(delivery.messages.count == 3)
        #expect(delivery.messages.last.map { if case .balancerPolled(let poll) = $0 { poll.source == page.display } else { false } } == true)
        #expect(rows(delivery, socket.display) == .some(nil))
        // A stats page cannot take actions: its rows are not actionable.
        let pageRows = try #require(rows(delivery, page.display) ?? nil)
        #expect(pageRows.count == 3 && pageRows.allSatisfy { !$0.actionable })
    }
}
