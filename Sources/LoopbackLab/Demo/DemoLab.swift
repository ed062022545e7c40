import Foundation
import PostmotermCore
import Synchronization

/// Everything `postmoterm demo` runs on loopback: three ``CapacityBackend`` instances, a real
/// HAProxy in front of them (pool `api`, even weights, HTTP health checks, the `observe layer7`
/// breaker, slow start, an admin-level runtime socket, its Prometheus exporter), and a bounded
/// ``LoadGenerator`` through its frontend.
///
/// - Ports are picked free (bound to 0) on `127.0.0.1`; files live in HAProxy's private
///   temporary folder (``directory``).
/// - HAProxy runs as a ``SupervisedProcess`` (own process group, lifeline watchdog); the
///   backends and the load are threads of this process. ``stop(keepFiles:)`` ends all of it and
///   is safe to call from any exit path, more than once.
public final class DemoLab: Sendable {
    /// How much load, and how much the backends take (their capacity sits between a third and a
    /// half of the load: three instances are comfortable, two struggle, 10/12 on one melts it).
    public struct Load: Sendable, Hashable {
        /// Requests per second sent through the balancer.
        public var rate: Double = 60
        public var capacity = BackendCapacity(comfortableRate: 25, meltdownRate: 40)
        public init() {}
    }

    public let script: DemoScript
    public let timing: DemoTiming
    public let haproxy: HAProxyProcess
    public let backends: [CapacityBackend]
    public let load: LoadGenerator
    /// The frontend port the load goes to.
    public let frontendPort: UInt16
    /// HAProxy's Prometheus exporter: `http://127.0.0.1:PORT/metrics` (what `alerting/rules.yml` reads).
    public let metricsPort: UInt16
    /// The alert chain, once ``startAlerting(rules:)`` started it; stopped by ``stop(keepFiles:)``.
    private let alertingChain = Mutex<DemoAlerting?>(nil)

    /// Picks ports, starts the backends, writes HAProxy's configuration; nothing else runs yet.
    /// Throws ``HAProxyProcess/Failure/notInstalled(_:)`` when HAProxy is missing.
    public init(
        script: DemoScript, timing: DemoTiming, load: Load = Load(),
        haproxyExecutable: String = HAProxyProcess.defaultExecutable
    ) throws {
        self.script = script
        self.timing = timing
        let backends = script.instances.map { CapacityBackend(name: $0, capacity: load.capacity) }
        do {
            for backend in backends { try backend.start() }
            let ports = try FreePort.allocate(count: 2)
            let frontendPort = ports[0]
            let slowStart = Double(timing.slowStartMs) / 1000
            let pool = HAProxyConfig.Pool(
                name: script.pool,
                servers: zip(script.instances, backends).map { name, backend in
                    HAProxyConfig.Server(
                        name: name, port: backend.port, weight: script.initialWeight, check: true,
                        observeErrorLimit: timing.observeErrorLimit, slowStart: slowStart)
                },
                checkInterval: Double(timing.checkIntervalMs) / 1000, rise: 3, fall: 2,
                httpCheckPath: "/health", frontendPort: frontendPort)
            self.haproxy = try HAProxyProcess(
                config: HAProxyConfig(pools: [pool], prometheusExporterPort: ports[1]), executable: haproxyExecutable)
            self.frontendPort = frontendPort
            self.metricsPort = ports[1]
            // Bounded: the story's length (plus a margin for the export), at most 2× its requests.
            let seconds = timing.realSeconds(script.duration) + 30
            self.load = LoadGenerator(plan: try LoadPlan(
                port: frontendPort, path: "/api", rate: load.rate, concurrency: 48,
                maxRequests: Int(load.rate * seconds * 2), maxDuration: min(seconds, LoadPlan.maximumDuration),
                requestTimeout: 5))
        } catch {
            for backend in backends { backend.stop() }
            throw error
        }
        self.backends = backends
    }

    /// The runtime API address (`haproxy+unix://…/admin.sock`).
    public var balancerAddress: String { haproxy.unixAddress }

    /// HAProxy's private folder (configuration, socket, log).
    public var directory: String { haproxy.directory }

    /// The backend playing `instance`.
    public func backend(named instance: String) -> CapacityBackend? {
        backends.first { $0.name == instance }
    }

    /// Starts HAProxy (waits for its socket) and, unless `load` is false, the load (then the
    /// caller starts ``load`` itself, e.g. once the balancer's counters were first read).
    public func start(load startsLoad: Bool = true) throws {
        try haproxy.start()
        if startsLoad { load.start() }
    }

    /// Starts the alert chain (``DemoAlerting``, with these executables) on this lab's HAProxy
    /// exporter with `rules` (the text of `alerting/rules.yml`), scraping and evaluating at the
    /// poll interval (at least 0.2 s), and scraping the backends' `/metrics` too;
    /// ``stop(keepFiles:)`` stops it with the rest. With `alertmanager` nil, Prometheus alone
    /// (the backends' metrics, no alert chain).
    public func startAlerting(
        rules: String, prometheus: String = PrometheusServer.defaultExecutable,
        alertmanager: String? = AlertmanagerServer.defaultExecutable
    ) throws -> DemoAlerting {
        let chain = try DemoAlerting(
            metricsPort: metricsPort, rules: rules, interval: timing.pollInterval,
            backends: backends.map { "127.0.0.1:\($0.port)" }, prometheus: prometheus, alertmanager: alertmanager)
        alertingChain.withLock { $0 = chain }
        try chain.start()
        return chain
    }

    /// Stops the load, the alert chain, HAProxy (its whole process group) and the backends. With
    /// `keepFiles` HAProxy's folder stays (configuration and log), otherwise it is removed.
    public func stop(keepFiles: Bool = false) {
        load.stop()
        alertingChain.withLock { $0 }?.stop()
        if keepFiles { haproxy.kill() } else { haproxy.stop() }
        for backend in backends { backend.stop() }
        _ = load.waitUntilFinished(timeout: 6)
    }
}
