@testable import Console
import PostmotermCore
import PostmotermTestSupport
import Testing

/// The alerts pane's order, with each row's sort key read once, is the order of the plain
/// comparison: firing before held back; across alertnames the more severe, then the name; within
/// one alertname the longest firing first, then the fingerprint.
struct AlertRowOrderTests {
    /// The order as first written: every comparison reads the labels again.
    static func reference(_ lhs: AlertRow, _ rhs: AlertRow) -> Bool {
        if lhs.isSuppressed != rhs.isSuppressed { return !lhs.isSuppressed }
        let (left, right) = (AlertRow.severityRank(lhs.alert.severity), AlertRow.severityRank(rhs.alert.severity))
        if lhs.alert.name != rhs.alert.name { return left != right ? left < right : lhs.alert.name < rhs.alert.name }
        return lhs.alert.startsAt != rhs.alert.startsAt ? lhs.alert.startsAt < rhs.alert.startsAt
            : lhs.alert.fingerprint < rhs.alert.fingerprint
    }

    @Test func rowsFollowThePlainComparisonOnRandomAlerts() {
        var random = SplitMixRandom(seed: 16)
        let severities = ["critical", "CRITICAL", "warning", "info", "page", "weird", nil]
        for round in 0..<20 {
            let sources = (0..<2).map { source in
                AlertSourceView(source: "http://127.0.0.1:\(9093 + source)", state: .live, alerts: (0..<150).map { index in
                    var labels = ["alertname": "A\(Int.random(in: 0..<12, using: &random))"]
                    labels["severity"] = severities.randomElement(using: &random) ?? nil
                    var alert = Alert(fingerprint: "f\(round)-\(source)-\(Int.random(in: 0..<1_000, using: &random))-\(index)",
                                      labels: labels, startsAt: Timestamp(millisecondsSinceEpoch: Int64.random(in: 0..<20, using: &random)))
                    if Int.random(in: 0..<5, using: &random) == 0 { alert.status = AlertStatus(state: .suppressed, silencedBy: ["s"]) }
                    return alert
                })
            }
            let state = ConsoleState(incident: Fixtures.incident, playbook: .empty, me: "alice", alertSources: sources, now: Fixtures.now)
            let expected = sources.flatMap { view in view.alerts.map { AlertRow(source: view.source, alert: $0) } }.sorted(by: Self.reference)
            #expect(state.alertRows == expected)
        }
    }
}
