import Testing

@testable import PostmotermCore

/// The config file's keys and the one precedence every source follows: flag, environment,
/// front matter, config file.
@Suite struct PostmotermConfigurationTests {
    private static func entry(_ key: String, _ value: MetadataValue, line: Int) -> FrontMatterEntry {
        FrontMatterEntry(key: key, value: value, position: SourcePosition(line: line, column: 1))
    }

    @Test func readsEveryKnownKey() {
        let (configuration, diagnostics) = PostmotermConfiguration.read([
            Self.entry("team", .string("postgres://alice@db/incidents"), line: 1),
            Self.entry("alertmanager", .list([.string("http://127.0.0.1:9093"), .string("https://am.example/alertmanager")]), line: 2),
            Self.entry("alerts_token_file", .string("~/.am-token"), line: 3),
            Self.entry("metrics", .string("http://127.0.0.1:9090"), line: 4),
            Self.entry("metrics_instances", .map([MetadataPair(key: "api/api-1", value: .string("10.0.0.1:9100"))]), line: 5),
        ], path: "c.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(configuration.team == "postgres://alice@db/incidents")
        #expect(configuration.alertmanagers == ["http://127.0.0.1:9093", "https://am.example/alertmanager"])
        #expect(configuration.alertsTokenFile == "~/.am-token")
        #expect(configuration.metrics == "http://127.0.0.1:9090")
        #expect(configuration.metricsInstances == ["api/api-1": "10.0.0.1:9100"])
    }

    @Test func unknownKeysAreWarnedAtTheirLine() {
        let (configuration, diagnostics) = PostmotermConfiguration.read([
            Self.entry("metric", .string("http://127.0.0.1:9090"), line: 7),
        ], path: "c.yaml")
        #expect(configuration == PostmotermConfiguration())
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.line == 7)
        #expect(diagnostics.first?.message.contains("unknown key 'metric'") == true)
    }

    @Test func credentialsWrittenInlineAreRefusedAndNeverRepeated() {
        let (configuration, diagnostics) = PostmotermConfiguration.read([
            Self.entry("team", .string("postgres://alice:s3cret@db/incidents"), line: 1),
            Self.entry("alertmanager", .string("http://bob:hunter2@127.0.0.1:9093"), line: 2),
            Self.entry("metrics", .string("http://carol:pw@127.0.0.1:9090"), line: 3),
        ], path: "c.yaml")
        #expect(configuration == PostmotermConfiguration())
        #expect(diagnostics.map(\.severity) == [.error, .error, .error])
        #expect(diagnostics.map(\.line) == [1, 2, 3])
        for secret in ["s3cret", "hunter2", "pw@"] {
            #expect(!diagnostics.contains { $0.description.contains(secret) })
        }
    }

    @Test func badValuesAreErrorsAtTheirLine() {
        let (_, diagnostics) = PostmotermConfiguration.read([
            Self.entry("alertmanager", .string("127.0.0.1:9093"), line: 2),
            Self.entry("metrics_instances", .map([MetadataPair(key: "api-1", value: .string("x:1"))]), line: 4),
        ], path: "c.yaml")
        #expect(diagnostics.map(\.severity) == [.error, .error])
        #expect(diagnostics.map(\.line) == [2, 4])
    }

    @Test func flagThenEnvironmentThenFrontMatterThenConfig() {
        let configuration = PostmotermConfiguration(
            team: "postgres://config@db/x", alertmanagers: ["http://config:9093"], metrics: "http://config:9090",
            metricsInstances: ["api/api-1": "config:9100", "api/api-2": "config2:9100"])
        let environment = [
            "POSTMOTERM_TEAM_URL": "postgres://env@db/x", "POSTMOTERM_ALERTS_URL": "http://env-1:9093, http://env-2:9093",
            "POSTMOTERM_METRICS_URL": "http://env:9090",
        ]
        // Alertmanager.
        #expect(configuration.alertmanagers(flags: ["http://flag:9093"], environment: environment, frontMatter: "http://fm:9093") == ["http://flag:9093"])
        #expect(configuration.alertmanagers(flags: [], environment: environment, frontMatter: "http://fm:9093") == ["http://env-1:9093", "http://env-2:9093"])
        #expect(configuration.alertmanagers(flags: [], environment: [:], frontMatter: "http://fm:9093") == ["http://fm:9093"])
        #expect(configuration.alertmanagers(flags: [], environment: [:], frontMatter: nil) == ["http://config:9093"])
        // Prometheus.
        #expect(configuration.metrics(flag: "http://flag:9090", environment: environment, frontMatter: "http://fm:9090") == "http://flag:9090")
        #expect(configuration.metrics(flag: nil, environment: environment, frontMatter: "http://fm:9090") == "http://env:9090")
        #expect(configuration.metrics(flag: " ", environment: [:], frontMatter: "http://fm:9090") == "http://fm:9090")
        #expect(configuration.metrics(flag: nil, environment: [:], frontMatter: nil) == "http://config:9090")
        // Team (no front matter).
        #expect(configuration.team(flag: nil, environment: environment) == "postgres://env@db/x")
        #expect(configuration.team(flag: nil, environment: [:]) == "postgres://config@db/x")
        // The mapping merges; the playbook wins per instance.
        let mapping = configuration.instanceMapping(frontMatter: ["api/api-1": "fm:9100"])
        #expect(mapping.label(pool: "api", instance: "api-1", address: "127.0.0.1:1") == "fm:9100")
        #expect(mapping.label(pool: "api", instance: "api-2", address: "127.0.0.1:2") == "config2:9100")
        #expect(mapping.label(pool: "api", instance: "api-3", address: "127.0.0.1:3") == "127.0.0.1:3")
    }
}
