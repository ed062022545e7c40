import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// The config file read with the playbooks' YAML reader: file and line in every diagnostic.
@Suite struct ConfigurationFileTests {
    @Test func readsTheSourcesOfEveryCommand() {
        let text = """
            # postmoterm
            team: "postgres://alice@db/incidents"  # the team's store
            alertmanager:
              - http://127.0.0.1:9093
            metrics: http://127.0.0.1:9090
            metrics_instances:
              api/api-1: "10.0.0.1:9100"
            """
        let (configuration, diagnostics) = ConfigurationFile.parse(text, path: "/c/postmoterm/config.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(configuration.team == "postgres://alice@db/incidents")
        #expect(configuration.alertmanagers == ["http://127.0.0.1:9093"])
        #expect(configuration.metrics == "http://127.0.0.1:9090")
        #expect(configuration.metricsInstances == ["api/api-1": "10.0.0.1:9100"])
    }

    @Test func unknownKeysAndBadValuesNameTheFileAndLine() {
        let text = "team: postgres://alice@db/x\nmetric: http://127.0.0.1:9090\nalertmanager: 9093\n"
        let (configuration, diagnostics) = ConfigurationFile.parse(text, path: "config.yaml")
        #expect(configuration.team == "postgres://alice@db/x")
        #expect(diagnostics.map(\.description) == [
            "config.yaml:2:1: warning: unknown key 'metric' (known: team, alertmanager, alerts_auth_file, alerts_token_file, metrics, metrics_instances, metrics_queries); ignored",
            "config.yaml:3:1: error: 'alertmanager' should be a URL such as http://127.0.0.1:9093, or a list of them",
        ])
    }

    @Test func badYAMLIsAnErrorAtItsLine() {
        let (_, diagnostics) = ConfigurationFile.parse("team: x\nmetrics: [http://a\n", path: "config.yaml")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.message.hasPrefix("bad YAML in the config file") == true)
        #expect(diagnostics.first?.line == 2)
        let (_, duplicate) = ConfigurationFile.parse("team: a\nteam: b\n", path: "config.yaml")
        #expect(duplicate.map(\.line) == [2])
        let (_, notAMapping) = ConfigurationFile.parse("- team\n", path: "config.yaml")
        #expect(notAMapping.first?.severity == .error)
    }

    @Test func aMissingFileIsAnEmptyConfiguration() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        #expect(ConfigurationFile.load(environment: ["XDG_CONFIG_HOME": folder.path]) == (PostmotermConfiguration(), []))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("postmoterm"), withIntermediateDirectories: true)
        try "metrics: http://127.0.0.1:9090\n".write(to: folder.appendingPathComponent("postmoterm/config.yaml"), atomically: true, encoding: .utf8)
        #expect(ConfigurationFile.load(environment: ["XDG_CONFIG_HOME": folder.path]).configuration.metrics == "http://127.0.0.1:9090")
    }

    @Test func frontMatterNamesPrometheusAndTheInstanceLabels() throws {
        let playbook = try playbook("""
            ---
            title: API outage
            alertmanager: http://127.0.0.1:9093
            metrics: http://127.0.0.1:9090
            metrics_instances:
              api/api-1: "10.0.0.1:9100"
            ---
            # API outage

            ## Steps

            - [ ] Look.
            """)
        #expect(playbook.metadata.alertmanager == "http://127.0.0.1:9093")
        #expect(playbook.metadata.metrics == "http://127.0.0.1:9090")
        #expect(playbook.metadata.metricsInstances == ["api/api-1": "10.0.0.1:9100"])
        #expect(playbook.diagnostics.isEmpty, "\(playbook.diagnostics)")
    }

    /// `metrics_queries:` in the file and the front matter: each query by its own precedence
    /// (flag, environment, front matter, file, default); a bad value is an error at its line, an
    /// unknown query a warning.
    @Test func metricsQueriesOverrideTheDefaultsInOrder() throws {
        let text = """
            metrics: http://127.0.0.1:9090
            metrics_queries:
              cpu: 100 * rate(node_cpu_seconds_total{mode!="idle"}[1m])
              memory: node_memory_Active_bytes
              p95: "1000 * my_p95_seconds"
            """
        let (configuration, diagnostics) = ConfigurationFile.parse(text, path: "config.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(configuration.metricsQueries == [
            "cpu": #"100 * rate(node_cpu_seconds_total{mode!="idle"}[1m])"#, "memory": "node_memory_Active_bytes", "p95": "1000 * my_p95_seconds",
        ])
        let playbook = try playbook("""
            ---
            title: API outage
            metrics_queries:
              memory: container_memory_rss
            ---
            # API outage

            ## Steps

            - [ ] Look.
            """)
        #expect(playbook.diagnostics.isEmpty, "\(playbook.diagnostics)")
        #expect(playbook.metadata.metricsQueries == ["memory": "container_memory_rss"])
        let queries = configuration.metricsQueries(
            flags: [.cpu: "flag_cpu"], environment: ["POSTMOTERM_METRICS_P95": "env_p95", "POSTMOTERM_METRICS_CPU": "env_cpu"],
            frontMatter: playbook.metadata.metricsQueries)
        #expect(queries == MetricsQueries(cpu: "flag_cpu", memory: "container_memory_rss", p95: "env_p95"))
        #expect(PostmotermConfiguration().metricsQueries(flags: [:], environment: [:], frontMatter: [:]) == MetricsQueries())

        let bad = "metrics_queries:\n  cpu: rate(x[1m]\n  disk: node_filesystem_avail_bytes\n  memory: [1, 2]\n  p95: up\n"
        let (partial, problems) = ConfigurationFile.parse(bad, path: "config.yaml")
        #expect(partial.metricsQueries == ["p95": "up"])
        #expect(problems.map(\.description) == [
            "config.yaml:1:1: error: 'metrics_queries' 'cpu' is not PromQL: its '(' is not closed",
            "config.yaml:1:1: error: 'metrics_queries' 'memory' should be PromQL text such as process_resident_memory_bytes",
            "config.yaml:1:1: warning: 'metrics_queries' query 'disk' is unknown (known: cpu, memory, p95); ignored",
        ])
        let (_, notAMap) = ConfigurationFile.parse("metrics_queries: up\n", path: "config.yaml")
        #expect(notAMap.map(\.severity) == [.error])
    }
}
