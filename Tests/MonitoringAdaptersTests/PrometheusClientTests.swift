import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore
import Testing

/// Per-instance CPU, memory and p95 latency from a real Prometheus (issue 17.4, 17.5): it scrapes
/// the demo's API instances (``CapacityBackend``'s `/metrics`) every second on loopback.
@Suite(.serialized) struct PrometheusClientTests {
    @Test(.timeLimit(.minutes(1)), .enabled(if: PrometheusServer.isInstalled))
    func aRealPrometheusScrapingTheDemosInstancesGivesEachItsCPUMemoryAndLatency() async throws {
        let backends = (1...3).map { CapacityBackend(name: "api-\($0)", capacity: BackendCapacity(comfortableRate: 200, meltdownRate: 400)) }
        for backend in backends { try backend.start() }
        defer { for backend in backends { backend.stop() } }
        let targets = backends.map { "127.0.0.1:\($0.port)" }
        let prometheus = try PrometheusServer(config: PrometheusServer.config(interval: 1, job: "api", targets: targets))
        try prometheus.start()
        defer { prometheus.stop() }
        let client = try PrometheusClient(url: prometheus.url)

        // Traffic through each instance while Prometheus scrapes twice (a rate needs two samples):
        // each round is a real request to every instance and one query.
        let deadline = Date().addingTimeInterval(40)
        var metrics: [String: InstanceMetrics] = [:]
        var rounds = 0
        while Date() < deadline, rounds < 10_000 {
            rounds += 1
            for backend in backends { _ = try? LoopbackSocket.request(port: backend.port, "GET", "/work", timeout: 2) }
            metrics = try await client.instanceMetrics(timeout: 2)
            if targets.allSatisfy({ metrics[$0]?.cpuPercent != nil && metrics[$0]?.memoryBytes != nil && metrics[$0]?.p95Milliseconds != nil }) {
                break
            }
        }
        for target in targets {
            let figures = try #require(metrics[target], "no metrics for \(target): \(metrics)")
            #expect((figures.cpuPercent ?? -1) >= 0 && (figures.cpuPercent ?? 1000) < 400, "\(figures)")
            #expect((figures.memoryBytes ?? 0) >= 24 * 1_048_576, "\(figures)")
            #expect((figures.p95Milliseconds ?? 0) > 0, "\(figures)")
        }
        // The balancer's servers are these addresses: the default mapping finds them.
        let mapped = InstanceLabelMapping().metrics(
            of: backends.map { (pool: "api", name: $0.name, address: "127.0.0.1:\($0.port)") }, byLabel: metrics)
        #expect(Set(mapped.keys) == ["api/api-1", "api/api-2", "api/api-3"])
    }

    /// Queries given in place of the defaults (`metrics_queries:`, `--metrics-cpu` …) are the ones
    /// asked: here each is a multiple of `up`, so the columns show exactly what the queries say.
    @Test(.timeLimit(.minutes(1)), .enabled(if: PrometheusServer.isInstalled))
    func overriddenQueriesFillTheColumns() async throws {
        let backend = CapacityBackend(name: "api-1", capacity: BackendCapacity(comfortableRate: 200, meltdownRate: 400))
        try backend.start()
        defer { backend.stop() }
        let target = "127.0.0.1:\(backend.port)"
        let prometheus = try PrometheusServer(config: PrometheusServer.config(interval: 1, job: "api", targets: [target]))
        try prometheus.start()
        defer { prometheus.stop() }
        let client = try PrometheusClient(url: prometheus.url)
        let queries = PostmotermConfiguration(metricsInstances: [:]).metricsQueries(
            flags: [.cpu: "12.5 * up"], environment: [MetricsQueries.Kind.p95.environmentName: "7 * up"],
            frontMatter: ["memory": #"4242 * up{job="api"}"#])
        let deadline = Date().addingTimeInterval(40)
        var metrics: [String: InstanceMetrics] = [:]
        var rounds = 0
        // Each query is its own request: the first scrape may land between them, so wait for all three.
        func complete() -> Bool {
            metrics[target].map { $0.cpuPercent != nil && $0.memoryBytes != nil && $0.p95Milliseconds != nil } ?? false
        }
        while Date() < deadline, rounds < 10_000, !complete() {
            rounds += 1
            metrics = try await client.instanceMetrics(queries, timeout: 2)
        }
        let figures = try #require(metrics[target], "no metrics for \(target): \(metrics)")
        #expect(figures.cpuPercent == 12.5)
        #expect(figures.memoryBytes == 4242)
        #expect(figures.p95Milliseconds == 7)
        let mapped = InstanceLabelMapping().metrics(of: [(pool: "api", name: "api-1", address: target)], byLabel: metrics)
        #expect(mapped["api/api-1"]?.memoryBytes == 4242)
    }

    @Test func aDownPrometheusIsAClearErrorWithinTheDeadline() async throws {
        let port = try FreePort.allocate()
        let client = try PrometheusClient(url: "http://127.0.0.1:\(port)")
        let started = Date()
        await #expect(throws: PrometheusClient.Failure.self) { _ = try await client.instanceMetrics(timeout: 1) }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func anInstantVectorIsReadByItsInstanceLabel() throws {
        let body = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"127.0.0.1:8081","job":"api"},"value":[1700000000.5,"12.5"]},{"metric":{"instance":"127.0.0.1:8082"},"value":[1700000000.5,"NaN"]},{"metric":{},"value":[1,"3"]}]}}"#
        #expect(try PrometheusVector.values(Array(body.utf8)) == ["127.0.0.1:8081": 12.5])
        #expect(throws: PrometheusVector.ParseError.self) {
            try PrometheusVector.values(Array(#"{"status":"error","errorType":"bad_data","error":"parse error"}"#.utf8))
        }
        #expect(throws: PrometheusVector.ParseError.self) { try PrometheusVector.values(Array("<html>".utf8)) }
    }

    @Test func theFrontMatterNamesAnInstanceLabelOverTheAddress() {
        let mapping = InstanceLabelMapping(overrides: ["api/api-2": "api-2.internal:9100"])
        #expect(mapping.label(pool: "api", instance: "api-2", address: "10.0.0.2:8080") == "api-2.internal:9100")
        #expect(mapping.label(pool: "api", instance: "api-1", address: "10.0.0.1:8080") == "10.0.0.1:8080")
        #expect(mapping.label(pool: "api", instance: "api-3", address: nil) == nil)
    }
}

/// `postmoterm demo` with Prometheus installed (issue 17): the demo's chain Prometheus scrapes
/// the lab's backends beside HAProxy, so the console it feeds `--metrics` shows every instance's
/// CPU and memory (the demo's servers are known to HAProxy by these addresses).
@Suite(.serialized) struct DemoMetricsTests {
    /// With Alertmanager and without (Prometheus alone: no rules, no alert chain, the backends
    /// still scraped, as `postmoterm demo` runs when only `prometheus` is installed).
    @Test(.timeLimit(.minutes(1)), .enabled(if: PrometheusServer.isInstalled && FileManager.default.isExecutableFile(atPath: HAProxyProcess.defaultExecutable)),
          arguments: [true, false])
    func theDemosPrometheusGivesEveryBackendItsCPUAndMemory(withAlertmanager: Bool) async throws {
        guard !withAlertmanager || AlertmanagerServer.isInstalled else { return }
        let lab = try DemoLab(script: DemoScript.seedOutage, timing: DemoTiming(speed: 10))
        try lab.start(load: false)
        defer { lab.stop() }
        let chain = try lab.startAlerting(rules: "groups: []\n", alertmanager: withAlertmanager ? AlertmanagerServer.defaultExecutable : nil)
        #expect((chain.alertmanager != nil) == withAlertmanager)
        #expect(chain.waitUntilWatching(timeout: 20))
        let client = try PrometheusClient(url: chain.prometheus.url)
        let targets = lab.backends.map { "127.0.0.1:\($0.port)" }

        let deadline = Date().addingTimeInterval(40)
        var metrics: [String: InstanceMetrics] = [:]
        var rounds = 0
        while Date() < deadline, rounds < 10_000 {
            rounds += 1
            for backend in lab.backends { _ = try? LoopbackSocket.request(port: backend.port, "GET", "/work", timeout: 2) }
            metrics = (try? await client.instanceMetrics(timeout: 2)) ?? [:]
            if targets.allSatisfy({ metrics[$0]?.cpuPercent != nil && metrics[$0]?.memoryBytes != nil }) { break }
        }
        for target in targets {
            let figures = try #require(metrics[target], "no metrics for \(target): \(metrics)")
            #expect(figures.cpuPercent != nil && figures.memoryBytes != nil, "\(figures)")
        }
    }
}
