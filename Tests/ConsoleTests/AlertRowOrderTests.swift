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

    /// A new answer whose alerts sort alike (a re-send: only `updatedAt`/`endsAt` moved) keeps
    /// the order without sorting; any other change sorts again. Either way the rows are those a
    /// sort gives.
    @Test func rowsAfterAnotherAnswerAreThoseASortGives() {
        var random = SplitMixRandom(seed: 17)
        let source = "http://127.0.0.1:9093"
        let alerts = (0..<200).map { index in
            Alert(fingerprint: "f\(index)", labels: ["alertname": "A\(Int.random(in: 0..<9, using: &random))",
                                                     "severity": ["critical", "warning", "info"][index % 3]],
                  startsAt: Timestamp(millisecondsSinceEpoch: Int64.random(in: 0..<30, using: &random)))
        }
        var state = ConsoleState(incident: Fixtures.incident, playbook: .empty, me: "alice",
                                 alertSources: [AlertSourceView(source: source, state: .live, alerts: alerts)], now: Fixtures.now)
        for round in 0..<30 {
            var next = state.alertSources[0].alerts
            for index in next.indices {
                next[index].updatedAt = Timestamp(millisecondsSinceEpoch: Int64(round * 1000 + index))
                next[index].endsAt = Timestamp(millisecondsSinceEpoch: Int64(round * 2000 + index))
            }
            switch round % 5 {
            case 1: next[Int.random(in: 0..<next.count, using: &random)].labels["alertname"] = "B\(round)"
            case 2: next[Int.random(in: 0..<next.count, using: &random)].labels["severity"] = "critical"
            case 3: next[Int.random(in: 0..<next.count, using: &random)].status = AlertStatus(state: .suppressed, silencedBy: ["s"])
            case 4: next.remove(at: Int.random(in: 0..<next.count, using: &random))
            default: break
            }
            state = ConsoleReducer.reduce(state, .alertsPolled(AlertSourceView(source: source, state: .live, alerts: next), fresh: nil, silences: [])).0
            let expected = next.map { AlertRow(source: source, alert: $0) }.sorted(by: Self.reference)
            #expect(state.alertRows == expected, "round \(round)")
        }
    }
}
