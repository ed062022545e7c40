import Console
import Foundation
import PostmotermCore
import Testing

/// The alerts pane: grouped by alertname, firing for how long, where, summary; silenced apart;
/// every text inert; `o` asks for the playbook; `S` asks a duration and comment, then y/n.
struct AlertsPaneTests {
    static let am = "http://127.0.0.1:9093"
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J"

    static func alerts() -> [Alert] {
        let now = Timestamp(Fixtures.now)
        var silenced = Alert(fingerprint: "c3", labels: ["alertname": "HAProxyServerDown", "severity": "critical", "server": "api-3"],
                             annotations: ["summary": "api-3 is down"], startsAt: now.adding(milliseconds: -60_000))
        silenced.status = AlertStatus(state: .suppressed, silencedBy: ["s1"])
        return [
            Alert(fingerprint: "a1", labels: ["alertname": "HAProxyServerTrafficSkew", "severity": "critical", "server": "api-2",
                                              "backend": "api"],
                  annotations: ["summary": "api-2 takes 83% \(hostile)"], startsAt: now.adding(milliseconds: -725_000)),
            Alert(fingerprint: "b2", labels: ["alertname": "HAProxyBackendHigh5xxRatio", "severity": "warning", "backend": "api"],
                  annotations: ["summary": "41% 5xx"], startsAt: now.adding(milliseconds: -300_000)),
            silenced,
        ]
    }

    static func state(size: TerminalSize = TerminalSize(columns: 200, rows: 40)) -> ConsoleState {
        var state = Fixtures.state(size: size)
        state = ConsoleReducer.reduce(state, .alertsPolled(AlertSourceView(source: am, state: .live, alerts: alerts()), fresh: nil, silences: [])).0
        state.focus = .alerts
        return state
    }

    @Test func thePaneGroupsFiringAlertsAndShowsSilencedApartWithEveryTextInert() {
        let state = Self.state()
        let screen = ConsoleRenderer.render(state, size: state.size).text()
        #expect(screen.contains("Alerts  2 firing · 1 silenced"))
        #expect(screen.contains("HAProxyServerTrafficSkew critical"))
        #expect(screen.contains("12m05s backend=api server=api-2 — api-2 takes 83% ^[]0;owned^G^[[2J"))
        #expect(screen.contains("── silenced / inhibited ──"))
        #expect(screen.contains("[silenced] server=api-3 — api-3 is down"))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // The critical group first, the warning one after, the silenced one last.
        let order = ["HAProxyServerTrafficSkew", "HAProxyBackendHigh5xxRatio", "HAProxyServerDown"].compactMap { screen.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
    }

    @Test func aStaleAlertmanagerSaysSoWithItsAge() {
        var state = Self.state()
        state = ConsoleReducer.reduce(state, .alertsPolled(
            AlertSourceView(source: Self.am, state: .stale(age: 12, reason: "refused"), alerts: Self.alerts()), fresh: nil, silences: [])).0
        #expect(ConsoleRenderer.render(state, size: state.size).text().contains("http://127.0.0.1:9093 STALE 12s"))
    }

    @Test func oAsksForThePlaybookOfTheSelectedAlert() {
        let (_, commands) = Fixtures.press(Self.state(), [.down, .character("o")])
        #expect(commands == [.openRunbook(Self.alerts()[1])])
    }

    @Test func sAsksADurationAndACommentThenConfirms() {
        let state = Self.state()
        var (asked, commands) = Fixtures.press(state, [.character("S")])
        #expect(commands.isEmpty)
        guard case .editing(_, .silence(let source, let fingerprint, _)) = asked.mode else {
            Issue.record("expected the silence prompt, got \(asked.mode)")
            return
        }
        #expect(source == Self.am && fingerprint == "a1")
        // The suggestion "1h " is selected: typing replaces it.
        (asked, commands) = Fixtures.press(asked, "2h draining api-2".map { .character($0) } + [.enter])
        guard case .confirming(.silence(let order)) = asked.mode else {
            Issue.record("expected y/n, got \(asked.mode)")
            return
        }
        #expect(order.milliseconds == 7_200_000 && order.comment == "draining api-2" && order.alert.fingerprint == "a1")
        #expect(ConsoleRenderer.render(asked, size: asked.size).text().contains("Silence HAProxyServerTrafficSkew for 2h00m on http://127.0.0.1:9093? (y/n)"))
        (_, commands) = Fixtures.press(asked, [.character("y")])
        #expect(commands == [.silenceAlert(order, author: "alice")])
        // No duration: refused with a reason, nothing sent.
        let (refused, none) = Fixtures.press(state, [.character("S")] + "draining".map { .character($0) } + [.enter])
        #expect(none.isEmpty)
        #expect(refused.notice?.text.contains("Give a duration first") == true)
    }

    @Test func aFreshAnswerIsRecordedUnlessReadOnly() {
        let snapshot = AlertSnapshot(source: Self.am, takenAt: Timestamp(Fixtures.now), alerts: Self.alerts())
        let view = AlertSourceView(source: Self.am, state: .live, alerts: snapshot.alerts)
        let (_, commands) = ConsoleReducer.reduce(Self.state(), .alertsPolled(view, fresh: snapshot, silences: []))
        #expect(commands == [.recordAlerts(snapshot, silences: [])])
        var readOnly = Self.state()
        readOnly.readOnly = true
        #expect(ConsoleReducer.reduce(readOnly, .alertsPolled(view, fresh: snapshot, silences: [])).1.isEmpty)
    }

    @Test func tabReachesTheAlertsPaneOnlyWhenAlertsAreWatched() {
        var state = Fixtures.state()
        state.focus = .timeline
        #expect(Fixtures.press(state, [.tab]).0.focus == .playbook)
        var watched = Self.state()
        watched.focus = .timeline
        #expect(Fixtures.press(watched, [.tab]).0.focus == .alerts)
    }
}
