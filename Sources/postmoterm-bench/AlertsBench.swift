import ArgumentParser
import BalancerAdapters
import Console
import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore

/// `postmoterm-bench alerts`: the alerts budget — one Alertmanager refresh at 1,000 firing
/// alerts (parse the answer, find fire/resolve transitions, hand the pane its rows) costs at
/// most 1 ms of CPU beyond reading the answer.
struct AlertsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Measures CPU per Alertmanager refresh at 1,000 firing alerts (parse + transitions + pane rows).",
        discussion: """
            Starts the real Alertmanager (/usr/bin/prometheus-alertmanager) on loopback, posts --alerts \
            firing alerts (labels and annotations as prometheus-operator's rules write them), then \
            --polls refreshes as the console makes them: GET /api/v2/alerts, taken again without parsing when \
            it repeats the previous answer byte for byte (Alertmanager sorts by fingerprint), and when it \
            changed, timed apart (process CPU, getrusage): \
            the parse (AlertSnapshot.parseAlerts), AlertTransitions.observe and the console's reducer \
            taking the update (the pane's rows). The budget (≤ 1 ms) is on the usual refresh; a changed \
            answer (Prometheus re-sends every alert about once a minute) is reported beside it.

            Run it in a release build: swift run -c release postmoterm-bench alerts
            """
    )

    @Option(help: "Firing alerts posted.") var alerts = 1000
    @Option(help: "Refreshes to measure.") var polls = 200

    func run() async throws {
        let server = try AlertmanagerServer()
        try server.start()
        defer { server.stop() }
        let now = Timestamp(Date())
        var batch: [String] = []
        for index in 0..<alerts {
            let labels = #"{"alertname":"KubePodCrashLooping\#(index % 40)","severity":"\#(index % 3 == 0 ? "critical" : "warning")","namespace":"ns-\#(index % 17)","pod":"api-\#(index)","container":"app","job":"kube-state-metrics","instance":"10.0.\#(index / 250).\#(index % 250):8080"}"#
            let annotations = #"{"summary":"Pod is crash looping.","description":"Pod ns/api-\#(index) (app) is in waiting state (reason: CrashLoopBackOff).","runbook_url":"https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping"}"#
            batch.append(#"{"labels":\#(labels),"annotations":\#(annotations),"startsAt":"\#(now.adding(milliseconds: -Int64(index) * 1000).iso8601)"}"#)
        }
        try server.postAlerts("[" + batch.joined(separator: ",") + "]")
        let client = AlertmanagerClient(address: AlertmanagerAddress(host: "127.0.0.1", port: Int(server.port)))
        let first = try await client.alerts(timeout: 5, after: nil)
        say("Alertmanager on \(server.url): \(first.alerts.count) firing alerts, answer \(first.body.count / 1024) KiB")

        let source = client.source
        var transitions = AlertTransitions(source: source)
        var state = ConsoleState(
            incident: IncidentHeader(id: "bench", title: "bench", severity: "", status: .investigating, startedAt: Date()),
            playbook: .empty, me: "bench", alertSources: [AlertSourceView(source: source, state: .pending, alerts: [])], now: Date())
        /// One refresh as the console does it: the answer (reused when it repeats), then, when it
        /// changed, the transitions and the pane's rows. Process CPU (read included).
        func refresh(after previous: AlertmanagerClient.AlertsAnswer?) async throws -> (Double, Double, AlertmanagerClient.AlertsAnswer) {
            let start = PollBench.processCPU()
            let answer = try await client.alerts(timeout: 5, after: previous)
            let read = PollBench.processCPU()
            if !answer.isUnchanged {
                let snapshot = AlertSnapshot(source: source, takenAt: Timestamp(Date()), alerts: answer.alerts)
                _ = transitions.observe(snapshot)
                state = ConsoleReducer.reduce(state, .alertsPolled(
                    AlertSourceView(source: source, state: .live, alerts: answer.alerts), fresh: snapshot, silences: [])).0
            }
            return ((read - start) * 1000, (PollBench.processCPU() - start) * 1000, answer)
        }
        var repeated: [Double] = []
        var repeatedRead: [Double] = []
        var changed: [Double] = []
        var previous = first
        for _ in 0..<polls {
            let (read, total, answer) = try await refresh(after: previous)
            repeatedRead.append(read)
            repeated.append(total)
            previous = answer
        }
        for _ in 0..<max(1, polls / 10) {
            changed.append(try await refresh(after: nil).1)
        }
        let typical = PollBench.Distribution(samples: repeated)
        say("per refresh, process CPU (read included):")
        say("  answer as before (between Prometheus's re-sends; \(polls))  " + typical.summary
            + "   budget ≤ 1.000 ms: \(typical.median <= 1.0 ? "MET" : "MISSED")")
        say("    of which the HTTP exchange                          " + PollBench.Distribution(samples: repeatedRead).summary)
        say("  answer changed (parse + transitions + pane rows; \(changed.count))  " + PollBench.Distribution(samples: changed).summary)
        say("  rows shown: \(state.alertRows.count)")
    }

    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
