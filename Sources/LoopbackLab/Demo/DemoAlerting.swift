import Foundation

/// The demo's alert chain, when Prometheus and Alertmanager are installed: a real Alertmanager
/// and a real Prometheus on loopback that scrapes the lab's HAProxy exporter
/// (``DemoLab/metricsPort``) and evaluates the shipped `alerting/rules.yml` every ``interval``
/// seconds, sending what fires to that Alertmanager. The seed's weight change then fires
/// `HAProxyServerWeightSkew`, which postmoterm reads from Alertmanager like any other. The same
/// Prometheus scrapes the backends' own `/metrics` (job `backends`, each target the address HAProxy
/// knows the server by), so the console's `--metrics` shows their CPU, memory and p95 latency.
///
/// Both run as ``SupervisedProcess``es in their own temporary folders; ``stop()`` ends them
/// and is safe to call from any exit path, more than once.
public final class DemoAlerting: Sendable {
    public let alertmanager: AlertmanagerServer
    public let prometheus: PrometheusServer
    /// Seconds between scrapes and between rule evaluations.
    public let interval: Double

    /// Whether both are installed (Debian's `prometheus` and `prometheus-alertmanager`).
    public static var isInstalled: Bool { PrometheusServer.isInstalled && AlertmanagerServer.isInstalled }

    /// Writes both configurations (the rules as given, `rules`: the text of `alerting/rules.yml`);
    /// nothing runs yet. `interval` is clamped to at least 0.2 s.
    public init(
        metricsPort: UInt16, rules: String, interval: Double, backends: [String] = [],
        prometheus: String = PrometheusServer.defaultExecutable, alertmanager: String = AlertmanagerServer.defaultExecutable
    ) throws {
        self.interval = max(0.2, interval)
        let alertmanager = try AlertmanagerServer(executable: alertmanager)
        do {
            self.prometheus = try PrometheusServer(
                config: PrometheusServer.config(
                    interval: self.interval, job: "haproxy", targets: ["127.0.0.1:\(metricsPort)"], ruleFiles: ["rules.yml"],
                    alertmanagers: ["127.0.0.1:\(alertmanager.port)"], moreJobs: backends.isEmpty ? [] : [("backends", backends)]),
                files: ["rules.yml": rules], executable: prometheus)
        } catch {
            alertmanager.stop()
            throw error
        }
        self.alertmanager = alertmanager
    }

    /// Starts Alertmanager, then Prometheus, each waiting for its `/-/ready` (at most `timeout`
    /// seconds each); on a failure stops both and throws.
    public func start(timeout: Double = 10) throws {
        do {
            try alertmanager.start(timeout: timeout)
            try prometheus.start(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    /// Waits (at most `timeout` seconds) until Prometheus scrapes HAProxy and knows the
    /// Alertmanager: before that, a weight change would go unseen. Whether it does.
    public func waitUntilWatching(timeout: Double = 10) -> Bool {
        prometheus.waitUntilScraping(alertmanagers: true, timeout: timeout)
    }

    /// Stops both and removes their folders.
    public func stop() {
        prometheus.stop()
        alertmanager.stop()
    }
}
