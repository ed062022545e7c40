import ArgumentParser
import BalancerAdapters
import Console
import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore

/// `postmoterm-bench alerts`: the alerts budget — one Alertmanager refresh at 1,000 firing
/// alerts (the HTTP exchange, and on a changed answer the parse, the fire/resolve transitions and
/// the pane's rows) costs at most 1 ms of CPU; measured beside the way it was done before.
struct AlertsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Measures CPU per Alertmanager refresh at 1,000 firing alerts (HTTP exchange + parse + transitions + pane rows).",
        discussion: """
            Starts the real Alertmanager (/usr/bin/prometheus-alertmanager) on loopback, posts --alerts \
            firing alerts (labels and annotations as prometheus-operator's rules write them), then \
            --polls refreshes as the console makes them, GET /api/v2/alerts: the answer is taken again \
            without parsing when it repeats the previous one byte for byte (Alertmanager sorts by \
            fingerprint), and when it changed it is parsed, AlertTransitions observe it and the \
            console's reducer takes it (the pane's rows). Process CPU (getrusage) per refresh.

            The changed answer is measured as it changes in real life: the same alerts posted again \
            (as Prometheus re-sends every firing alert about once a minute), so that Alertmanager \
            moves every alert's updatedAt and endsAt and nothing else; the client reads it against \
            the previous answer (AlertsPreviousAnswer: each alert taken again with its two times read \
            anew). Beside it, an answer read with no previous one (every alert new).

            Two ways, interleaved refresh by refresh so that both see the same machine: \
            "kept" — the client as it is (a kept-alive connection read into a warm buffer, the body \
            compared where it lies; AlertsAnswerReader on a change) — and "before" — the way it was \
            (a new connection per request with Connection: close, HTTPRequest.perform, the body \
            compared after the copy; JSONDecoder on a change). The budget (≤ 1 ms) is on the usual \
            refresh; a changed answer (Prometheus re-sends every alert about once a minute) is \
            reported beside it.

            Run it in a release build: swift run -c release postmoterm-bench alerts
            """
    )

    @Option(help: "Firing alerts posted.") var alerts = 1000
    @Option(help: "Refreshes to measure (each way).") var polls = 200

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
        let posted = "[" + batch.joined(separator: ",") + "]"
        try server.postAlerts(posted)
        let client = AlertmanagerClient(address: AlertmanagerAddress(host: "127.0.0.1", port: Int(server.port)))
        let first = try await client.alerts(timeout: 5, after: nil)
        say("Alertmanager on \(server.url): \(first.alerts.count) firing alerts, answer \(first.body.count / 1024) KiB; load average \(Self.loadAverage())")
        let decoded = try JSONDecoder().decode([Alert].self, from: Data(first.body))
        say("AlertsAnswerReader and JSONDecoder read the same alerts: \(decoded == first.alerts ? "yes" : "NO")")

        let source = client.source
        var transitions = AlertTransitions(source: source)
        var state = ConsoleState(
            incident: IncidentHeader(id: "bench", title: "bench", severity: "", status: .investigating, startedAt: Date()),
            playbook: .empty, me: "bench", alertSources: [AlertSourceView(source: source, state: .pending, alerts: [])], now: Date())
        /// What a changed answer costs beyond its reading: the transitions and the pane's rows.
        func absorb(_ alerts: [Alert]) {
            let snapshot = AlertSnapshot(source: source, takenAt: Timestamp(Date()), alerts: alerts)
            _ = transitions.observe(snapshot)
            state = ConsoleReducer.reduce(state, .alertsPolled(
                AlertSourceView(source: source, state: .live, alerts: alerts), fresh: snapshot, silences: [])).0
        }
        /// The client as it is: (exchange, whole refresh) in ms of process CPU.
        func refreshKept(after previous: AlertmanagerClient.AlertsAnswer?) async throws -> (Double, Double, AlertmanagerClient.AlertsAnswer) {
            let start = PollBench.processCPU()
            let answer = try await client.alerts(timeout: 5, after: previous)
            let read = PollBench.processCPU()
            if !answer.isUnchanged { absorb(answer.alerts) }
            return ((read - start) * 1000, (PollBench.processCPU() - start) * 1000, answer)
        }
        /// The way it was: a new connection per request, the body compared after the copy,
        /// JSONDecoder on a change.
        let get = HTTPRequest(method: .get, secure: false, host: "127.0.0.1", port: Int(server.port),
                              path: "/api/v2/alerts?active=true&silenced=true&inhibited=true")
        func refreshBefore(after previous: (body: [UInt8], alerts: [Alert])?) async throws -> (Double, Double, (body: [UInt8], alerts: [Alert])) {
            let start = PollBench.processCPU()
            let response = try await get.perform(timeout: 5, limit: AlertmanagerClient.defaultResponseLimit)
            let unchanged = previous.map { $0.body == response.body } ?? false
            let read = PollBench.processCPU()
            var answer = (body: response.body, alerts: previous?.alerts ?? [])
            if !unchanged {
                answer.alerts = try JSONDecoder().decode([Alert].self, from: Data(response.body))
                absorb(answer.alerts)
            }
            return ((read - start) * 1000, (PollBench.processCPU() - start) * 1000, answer)
        }
        var kept: (read: [Double], total: [Double], changed: [Double], resent: [Double]) = ([], [], [], [])
        var before: (read: [Double], total: [Double], changed: [Double], resent: [Double]) = ([], [], [], [])
        var previousKept = first
        var previousBefore: (body: [UInt8], alerts: [Alert]) = (first.body, first.alerts)
        for _ in 0..<polls {
            let (keptRead, keptTotal, keptAnswer) = try await refreshKept(after: previousKept)
            kept.read.append(keptRead)
            kept.total.append(keptTotal)
            previousKept = keptAnswer
            let (beforeRead, beforeTotal, beforeAnswer) = try await refreshBefore(after: previousBefore)
            before.read.append(beforeRead)
            before.total.append(beforeTotal)
            previousBefore = beforeAnswer
        }
        for _ in 0..<max(1, polls / 10) {
            kept.changed.append(try await refreshKept(after: nil).1)
            before.changed.append(try await refreshBefore(after: nil).1)
        }
        // Re-sends: the same alerts posted again (updatedAt and endsAt move in every alert), then
        // one refresh each way against the answer before.
        var resentAlike = true
        var reused: [Int] = []
        for _ in 0..<max(1, polls / 10) {
            try server.postAlerts(posted)
            let (_, keptTotal, keptAnswer) = try await refreshKept(after: previousKept)
            if keptAnswer.isUnchanged { resentAlike = false }
            kept.resent.append(keptTotal)
            reused.append(keptAnswer.read.reusedAlerts)
            if keptAnswer.alerts != (try AlertsAnswerReader.alerts(keptAnswer.body)) { resentAlike = false }
            previousKept = keptAnswer
            let (_, beforeTotal, beforeAnswer) = try await refreshBefore(after: previousBefore)
            before.resent.append(beforeTotal)
            previousBefore = beforeAnswer
        }
        // The parse alone, the same bytes both ways.
        var parseReader: [Double] = []
        var parseDecoder: [Double] = []
        for _ in 0..<max(1, polls / 10) {
            var start = PollBench.processCPU()
            _ = try AlertsAnswerReader.alerts(first.body)
            parseReader.append((PollBench.processCPU() - start) * 1000)
            start = PollBench.processCPU()
            _ = try JSONDecoder().decode([Alert].self, from: Data(first.body))
            parseDecoder.append((PollBench.processCPU() - start) * 1000)
        }
        let typical = PollBench.Distribution(samples: kept.total)
        say("per refresh, process CPU (read included), \(polls) each, interleaved:")
        say("  answer as before (between Prometheus's re-sends)")
        say("    kept    " + typical.summary + "   budget ≤ 1.000 ms: \(typical.median <= 1.0 ? "MET" : "MISSED")")
        say("      of which the HTTP exchange  " + PollBench.Distribution(samples: kept.read).summary)
        say("    before  " + PollBench.Distribution(samples: before.total).summary)
        say("      of which the HTTP exchange  " + PollBench.Distribution(samples: before.read).summary)
        say("  answer re-sent: every alert's updatedAt/endsAt moved (read + parse + transitions + pane rows; \(kept.resent.count))")
        say("    kept    " + PollBench.Distribution(samples: kept.resent).summary)
        say("      alerts taken again per answer: \(reused.min() ?? 0)–\(reused.max() ?? 0) of \(first.alerts.count); "
            + "changed every time and read as a full read reads it: \(resentAlike ? "yes" : "NO")")
        say("    before  " + PollBench.Distribution(samples: before.resent).summary)
        say("  answer changed, no previous answer (every alert new; \(kept.changed.count))")
        say("    kept    " + PollBench.Distribution(samples: kept.changed).summary)
        say("    before  " + PollBench.Distribution(samples: before.changed).summary)
        say("  the parse alone (\(first.body.count / 1024) KiB)")
        say("    AlertsAnswerReader  " + PollBench.Distribution(samples: parseReader).summary)
        say("    JSONDecoder         " + PollBench.Distribution(samples: parseDecoder).summary)
        say("  rows shown: \(state.alertRows.count); load average after: \(Self.loadAverage())")
    }

    /// `/proc/loadavg`'s three figures.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unknown"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
