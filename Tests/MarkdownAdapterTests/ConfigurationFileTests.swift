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
            "config.yaml:2:1: warning: unknown key 'metric' (known: team, alertmanager, alerts_auth_file, alerts_token_file, metrics, metrics_instances); ignored",
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
}
