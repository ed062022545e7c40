import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore

/// `postmoterm demo`'s alert chain (``DemoAlerting``): when Prometheus and Alertmanager are
/// installed and `alerting/rules.yml` is found, the weight change fires an alert that the
/// scripted team opens the incident from; otherwise the demo runs without and says how to get it.
/// With Prometheus and no Alertmanager, Prometheus still scrapes the backends for the console's
/// CPU, MEM and P95 columns.
extension DemoCommand {
    /// How to get the chain, said when it is off.
    static let alertChainHint =
        "install prometheus and prometheus-alertmanager (scripts/setup does) to see the alert chain: the weight change fires HAProxyServerWeightSkew, the team opens the incident from it, and the draft measures the time to detect from it; Prometheus then scrapes the backends too, for the CPU, MEM and P95 columns"

    /// How to get the alert chain when only Alertmanager is missing.
    static let alertmanagerHint =
        "install prometheus-alertmanager (scripts/setup does) to see the alert chain: the weight change fires HAProxyServerWeightSkew, the team opens the incident from it, and the draft measures the time to detect from it"

    /// Starts the chain on `lab` when it can, saying what it did through `say` (an `alerts:`
    /// line either way; a `metrics:` line when Prometheus runs without Alertmanager). With `waitForScrape` it then waits (at most 10 s) for Prometheus's
    /// first scrape of HAProxy, which its discovery takes about 5 s to begin: a story that
    /// changes a weight sooner would go unseen. `$POSTMOTERM_PROMETHEUS` and
    /// `$POSTMOTERM_ALERTMANAGER` name other executables (as `$POSTMOTERM_HAPROXY` does); one that
    /// is not executable turns the chain off.
    static func startAlertChain(
        lab: DemoLab, environment: [String: String], waitForScrape: Bool, say: (String) -> Void
    ) -> DemoAlerting? {
        let prometheus = environment["POSTMOTERM_PROMETHEUS"] ?? PrometheusServer.defaultExecutable
        let alertmanager = environment["POSTMOTERM_ALERTMANAGER"] ?? AlertmanagerServer.defaultExecutable
        guard FileManager.default.isExecutableFile(atPath: prometheus) else {
            say("  alerts:   off — \(alertChainHint)")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: alertmanager) else {
            return startMetricsOnly(lab: lab, prometheus: prometheus, waitForScrape: waitForScrape, say: say)
        }
        guard let path = DemoPlaybookLocator.find(DemoPlaybookLocator.rulesPath),
              let rules = try? String(contentsOfFile: path, encoding: .utf8)
        else {
            say("  alerts:   off — \(DemoPlaybookLocator.rulesPath) not found from here or the binary's folder (run the demo from the repository)")
            return nil
        }
        let chain: DemoAlerting
        do {
            chain = try lab.startAlerting(rules: rules, prometheus: prometheus, alertmanager: alertmanager)
        } catch {
            say("  alerts:   off — the alert chain did not start: \(TerminalSafe.escape(String(describing: error)).split(separator: "\n").first ?? "")")
            return nil
        }
        say("  alerts:   Prometheus \(chain.prometheus.url) evaluates \(DemoPlaybookLocator.rulesPath) every \(number(chain.interval)) s on HAProxy's exporter (127.0.0.1:\(lab.metricsPort)/metrics) → Alertmanager \(chain.alertmanager?.url ?? "")")
        say("            files in \(chain.prometheus.directory) and \(chain.alertmanager?.directory ?? "")")
        guard waitForScrape else { return chain }
        let waited = ContinuousClock.now
        if chain.waitUntilWatching(timeout: 10) {
            say("            Prometheus scrapes HAProxy and knows Alertmanager (waited \(number(((ContinuousClock.now - waited) / .milliseconds(100)).rounded() / 10)) s)")
        } else {
            say("            Prometheus did not scrape HAProxy within 10 s: the alert may come late or not at all")
        }
        return chain
    }

    /// Prometheus alone (Alertmanager is not installed): it scrapes the backends, so the console's
    /// metrics fill; the `alerts:` line says how to get the alert chain.
    private static func startMetricsOnly(lab: DemoLab, prometheus: String, waitForScrape: Bool, say: (String) -> Void) -> DemoAlerting? {
        let chain: DemoAlerting
        do {
            chain = try lab.startAlerting(rules: "", prometheus: prometheus, alertmanager: nil)
        } catch {
            say("  alerts:   off — \(alertmanagerHint)")
            say("  metrics:  off — Prometheus did not start: \(TerminalSafe.escape(String(describing: error)).split(separator: "\n").first ?? "")")
            return nil
        }
        say("  alerts:   off — \(alertmanagerHint)")
        say("  metrics:  Prometheus \(chain.prometheus.url) scrapes the backends every \(number(chain.interval)) s for the CPU, MEM and P95 columns (no Alertmanager, no alert rules)")
        say("            files in \(chain.prometheus.directory)")
        if waitForScrape, !chain.waitUntilWatching(timeout: 10) {
            say("            Prometheus did not scrape within 10 s: the columns may fill late")
        }
        return chain
    }

    /// The chain's Alertmanager as the console's `--alerts` takes it (none when Prometheus runs alone).
    static func alertClients(_ chain: DemoAlerting?) -> [AlertmanagerClient] {
        guard let chain, let url = chain.alertmanager?.url, let address = try? AlertmanagerAddress.parse(url) else { return [] }
        return [AlertmanagerClient(address: address)]
    }

    /// The chain's Prometheus as the console's `--metrics` takes it: it scrapes the backends, so
    /// the CPU, MEM and P95 columns fill (without the chain they say how to get them).
    static func metricsClient(_ chain: DemoAlerting?) -> PrometheusClient? {
        chain.flatMap { try? PrometheusClient(url: $0.prometheus.url) }
    }

    /// Polls the chain's Alertmanager (with the client and poller `--alerts` uses) into `log`,
    /// until the task is cancelled.
    static func pollAlerts(_ chain: DemoAlerting, log: DemoIncidentLog, interval: Double) -> Task<Void, Never>? {
        let clients = alertClients(chain)
        guard !clients.isEmpty else { return nil }
        let poller = AlertPoller(clients: clients, interval: interval, timeout: 2)
        let (reports, continuation) = AsyncStream.makeStream(of: AlertmanagerReport.self)
        poller.start { continuation.yield($0) }
        return Task {
            await withTaskCancellationHandler {
                for await report in reports {
                    if report.isFresh, let snapshot = report.snapshot { await log.recordAlerts(snapshot) }
                }
            } onCancel: {
                poller.stop()
                continuation.finish()
            }
        }
    }

    /// The draft's milestones in one line, for the end of the headless run.
    static func milestonesLine(_ milestones: IncidentMilestones) -> String {
        func time(_ interval: MilestoneInterval?) -> String { interval?.elapsed.spelledOut ?? "not known" }
        let began = milestones.impactBegan.map { " (impact began \($0.at.hourMinuteSecond) UTC: \($0.source.rawValue))" } ?? ""
        return "milestones: time to detect \(time(milestones.timeToDetect)), to acknowledge \(time(milestones.timeToAcknowledge)), to mitigate \(time(milestones.timeToMitigate)), to resolve \(time(milestones.timeToResolve))\(began)"
    }
}
