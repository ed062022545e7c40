import Foundation

/// The demo's alert chain, when Prometheus and Alertmanager are installed: a real Alertmanager
/// and a real Prometheus on loopback that scrapes the lab's HAProxy exporter
/// (``DemoLab/metricsPort``) and evaluates the shipped `alerting/rules.yml` every ``interval``
/// seconds, sending what fires to that Alertmanager. The seed's weight change then fires
/// `HAProxyServerWeightSkew`, which postmoterm reads from Alertmanager like any other. The same
/// Prometheus scrapes the backends' own `/metrics` (job `backends`, each target the address HAProxy
/// knows the server by), so the console's `--metrics` shows their CPU, memory and p95 latency.
///
/// With Prometheus installed and Alertmanager not, Prometheus runs alone (no rules, no
/// Alertmanager): it still scrapes the backends for the console's metrics, and there is no
/// alert chain (``alertmanager`` is nil).
///
/// Both run as ``SupervisedProcess``es in their own temporary folders; ``stop()`` ends them
/// and is safe to call from any exit path, more than once.
public final class DemoAlerting: Sendable {
    /// The Alertmanager, nil when Prometheus runs alone (metrics only, no alert chain).
    public let alertmanager: AlertmanagerServer?
    public let prometheus: PrometheusServer
    /// Seconds between scrapes and between rule evaluations.
    public let interval: Double

    /// Whether both are installed (Debian's `prometheus` and `prometheus-alertmanager`).
    public static var isInstalled: Bool { PrometheusServer.isInstalled && AlertmanagerServer.isInstalled }

    /// Writes both configurations (the rules as given, `rules`: the text of `alerting/rules.yml`);
    /// nothing runs yet. `interval` is clamped to at least 0.2 s. With `alertmanager` nil,
    /// Prometheus alone, scraping without rules.
    public init(
        metricsPort: UInt16, rules: String, interval: Double, backends: [String] = [],
        prometheus: String = PrometheusServer.defaultExecutable, alertmanager: String? = AlertmanagerServer.defaultExecutable
    ) throws {
        self.interval = max(0.2, interval)
        let alertmanager = try alertmanager.map { try AlertmanagerServer(executable: $0) }
        do {
            self.prometheus = try PrometheusServer(
                config: PrometheusServer.config(
                    interval: self.interval, job: "haproxy", targets: ["127.0.0.1:\(metricsPort)"],
                    ruleFiles: alertmanager == nil ? [] : ["rules.yml"],
                    alertmanagers: alertmanager.map { ["127.0.0.1:\($0.port)"] } ?? [],
                    moreJobs: backends.isEmpty ? [] : [("backends", backends)]),
                files: alertmanager == nil ? [:] : ["rules.yml": rules], executable: prometheus)
        } catch {
            alertmanager?.stop()
            throw error
        }
        self.alertmanager = alertmanager
    }

    /// Starts Alertmanager, then Prometheus, each waiting for its `/-/ready` (at most `timeout`
    /// seconds each); on a failure stops both and throws.
    public func start(timeout: Double = 10) throws {
        do {
            try alertmanager?.start(timeout: timeout)
            try prometheus.start(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    /// Waits (at most `timeout` seconds) until Prometheus scrapes HAProxy and knows the
    /// Alertmanager (when there is one): before that, a weight change would go unseen. Whether it does.
    public func waitUntilWatching(timeout: Double = 10) -> Bool {
        prometheus.waitUntilScraping(alertmanagers: alertmanager != nil, timeout: timeout)
    }

    /// Stops both and removes their folders.
    public func stop() {
        prometheus.stop()
        alertmanager?.stop()
    }
}
