import BalancerAdapters
import Console
import Foundation
import PostmotermCore

/// Turns each balancer poll into the console's messages on the thread that polled, right after
/// the parse and the detection, while that poll's instances are still in the processor's cache:
/// each polled source's header state, and its table rows only when something shown changed
/// (``HealthMapping/rowsMatch(_:_:actionable:thresholds:now:)``; `nil` keeps the table as it is).
/// The console's own loop is left with a quiet poll's cheap part: the reducer and one frame.
///
/// Used only from ``BalancerPoller``' delivery, which the poller serializes under its lock:
/// ``rowsShown`` is never touched by two threads at once.
final class PollRowsFeed: @unchecked Sendable {
    /// A poll as the console loop takes it.
    struct Delivery: Sendable {
        /// Each source's ``ConsoleMessage/pollUpdate(_:rows:)``, then the poll's
        /// ``ConsoleMessage/balancerPolled(_:)`` for each polled source.
        var messages: [ConsoleMessage]
        /// Whether a table got new rows (the state changed: the frame is drawn without comparing).
        var newRows: Bool
    }

    private let runtimeSockets: Set<String>
    private let thresholds: DetectorThresholds
    /// Each source's rows as last sent to the console.
    private var rowsShown: [String: [HealthRow]] = [:]
    /// Each source's snapshot those rows were built from or last matched (shared, not copied):
    /// an instance unchanged since then gives its row without building it.
    private var snapshotShown: [String: BalancerSnapshot] = [:]

    /// `addresses`: the balancers polled (those on a runtime socket get actionable rows).
    init(addresses: [BalancerAddress], thresholds: DetectorThresholds) {
        runtimeSockets = Set(addresses.filter(\.isRuntimeSocket).map(\.display))
        self.thresholds = thresholds
    }

    func deliver(_ update: MonitorUpdate) -> Delivery {
        let wall = update.at.date
        var messages: [ConsoleMessage] = []
        var newRows = false
        for report in update.sources {
            // Only a polled source's rows can have changed; the others' states still move (a
            // stale age), so they are passed on without rows.
            guard update.polled.contains(report.source) else {
                messages.append(.pollUpdate(HealthMapping.sourceStatus(report, now: wall), rows: nil))
                continue
            }
            let actionable = runtimeSockets.contains(report.source)
            var rows: [HealthRow]?
            defer { snapshotShown[report.source] = report.snapshot }
            if let previous = rowsShown[report.source],
                HealthMapping.rowsMatch(
                    previous, report, seen: snapshotShown[report.source], actionable: actionable, thresholds: thresholds, now: wall)
            {
                rows = nil
            } else {
                rows = HealthMapping.rows(
                    report, actionable: actionable, thresholds: thresholds, now: wall, previous: rowsShown[report.source])
                if let rows {
                    rowsShown[report.source] = rows
                    newRows = true
                }
            }
            messages.append(.pollUpdate(HealthMapping.sourceStatus(report, now: wall), rows: rows))
        }
        for source in update.polled {
            let report = update.sources.first { $0.source == source }
            messages.append(.balancerPolled(BalancerPoll(
                source: source, snapshot: report?.state.isLive == true ? report?.snapshot : nil,
                findings: update.findings.filter { $0.source == source }, at: update.at)))
        }
        return Delivery(messages: messages, newRows: newRows)
    }
}
