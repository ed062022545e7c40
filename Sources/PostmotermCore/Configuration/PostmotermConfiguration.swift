import Foundation

/// What `$XDG_CONFIG_HOME/postmoterm/config.yaml` (`~/.config/postmoterm/config.yaml`) says:
/// the team store and the sources every command reads when neither a flag, the environment nor
/// the playbook's front matter names them.
///
/// ```yaml
/// team: postgres://alice@db.example:5432/incidents
/// alertmanager: [http://am-1.example:9093, http://am-2.example:9093]   # or one URL
/// alerts_auth_file: ~/.config/postmoterm/alertmanager.auth              # user:password
/// metrics: http://prometheus.example:9090
/// metrics_instances:            # pool/instance → Prometheus `instance` label
///   api/api-1: api-1.example:9100
/// metrics_queries:              # PromQL replacing the default CPU, memory or p95 query
///   memory: node_memory_Active_bytes
/// ```
///
/// Precedence, for every setting: a command-line flag, then the environment
/// (`$POSTMOTERM_TEAM_URL`, `$POSTMOTERM_ALERTS_URL`, `$POSTMOTERM_METRICS_URL`), then the
/// playbook's front matter (`alertmanager:`, `metrics:`, `metrics_instances:`, `metrics_queries:`),
/// then this file. `metrics_instances` is merged instead: front matter wins per `pool/instance`.
/// Each of `metrics_queries`' three queries has its own precedence (`--metrics-cpu`,
/// `$POSTMOTERM_METRICS_CPU`, the front matter's `cpu`, this file's, then the default).
///
/// Credentials are never written here: a URL with `user:password@` is refused (with its line),
/// and the file names only files (`alerts_auth_file`, `alerts_token_file`) whose contents stay
/// secret. Parsed from YAML by the Markdown adapter's reader (``FrontMatterEntry`` values, so file
/// and line travel with every key); read here, where unknown keys and bad values are reported.
public struct PostmotermConfiguration: Sendable, Hashable {
    /// The team store's URL (`team:`).
    public var team: String?
    /// Alertmanagers to watch (`alertmanager:`, one URL or a list).
    public var alertmanagers: [String] = []
    /// A file holding `user:password` for Alertmanager (`alerts_auth_file:`).
    public var alertsAuthFile: String?
    /// A file holding a bearer token for Alertmanager (`alerts_token_file:`).
    public var alertsTokenFile: String?
    /// The Prometheus server for CPU, memory and p95 (`metrics:`).
    public var metrics: String?
    /// `pool/instance` → Prometheus `instance` label (`metrics_instances:`).
    public var metricsInstances: [String: String] = [:]
    /// `cpu`/`memory`/`p95` → PromQL replacing the default query (`metrics_queries:`).
    public var metricsQueries: [String: String] = [:]

    /// The keys the file may hold.
    public static let keys = ["team", "alertmanager", "alerts_auth_file", "alerts_token_file", "metrics", "metrics_instances", "metrics_queries"]

    public init(team: String? = nil, alertmanagers: [String] = [], metrics: String? = nil, metricsInstances: [String: String] = [:]) {
        self.team = team
        self.alertmanagers = alertmanagers
        self.metrics = metrics
        self.metricsInstances = metricsInstances
    }

    /// The file's path for `environment` (nil without `$XDG_CONFIG_HOME` or `$HOME`).
    public static func path(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/postmoterm/config.yaml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/postmoterm/config.yaml" }
        return nil
    }

    /// The configuration the file's top-level `entries` give, with a diagnostic (file and line)
    /// for each unknown key (a warning: a newer postmoterm's key is not fatal) and each bad value
    /// (an error). A key with a bad value is left unset.
    public static func read(_ entries: [FrontMatterEntry], path: String) -> (configuration: PostmotermConfiguration, diagnostics: [SourceDiagnostic]) {
        var configuration = PostmotermConfiguration()
        var diagnostics: [SourceDiagnostic] = []
        func error(_ message: String, _ entry: FrontMatterEntry) {
            diagnostics.append(.error(message, path: path, line: entry.position.line, column: entry.position.column))
        }
        for entry in entries {
            switch entry.key {
            case "team":
                guard let text = nonEmptyText(entry.value) else { error("'team' should be a URL such as postgres://USER@HOST:PORT/DB", entry); continue }
                if Self.userInfo(of: text)?.contains(":") == true {
                    error("'team' holds a password: keep it in $PGPASSWORD, ~/.pgpass or --team-password-file, never in this file", entry)
                    continue
                }
                configuration.team = text
            case "alertmanager", "alertmanagers":
                let items: [MetadataValue]
                switch entry.value {
                case .list(let list): items = list
                default: items = [entry.value]
                }
                for item in items {
                    guard let text = nonEmptyText(item), text.hasPrefix("http://") || text.hasPrefix("https://") else {
                        error("'\(entry.key)' should be a URL such as http://127.0.0.1:9093, or a list of them", entry)
                        continue
                    }
                    guard Self.userInfo(of: text) == nil else {
                        error("'\(entry.key)' holds credentials: name a file with alerts_auth_file or alerts_token_file instead, or set $POSTMOTERM_ALERTS_AUTH", entry)
                        continue
                    }
                    configuration.alertmanagers.append(text)
                }
            case "alerts_auth_file", "alerts_token_file":
                guard let text = nonEmptyText(entry.value) else { error("'\(entry.key)' should be a file's path", entry); continue }
                if entry.key == "alerts_auth_file" { configuration.alertsAuthFile = text } else { configuration.alertsTokenFile = text }
            case "metrics":
                guard let text = nonEmptyText(entry.value), text.hasPrefix("http://") || text.hasPrefix("https://") else {
                    error("'metrics' should be a Prometheus URL such as http://127.0.0.1:9090", entry)
                    continue
                }
                guard Self.userInfo(of: text) == nil else {
                    error("'metrics' holds credentials, which this file never does", entry)
                    continue
                }
                configuration.metrics = text
            case "metrics_instances":
                switch InstanceLabelMapping.read(entry.value) {
                case .success(let overrides): configuration.metricsInstances = overrides
                case .failure(let problem): error("'metrics_instances' \(problem.message)", entry)
                }
            case "metrics_queries":
                let read = MetricsQueries.read(entry.value)
                configuration.metricsQueries = read.queries
                for problem in read.errors { error("'metrics_queries' \(problem)", entry) }
                for problem in read.warnings {
                    diagnostics.append(.warning("'metrics_queries' \(problem)", path: path, line: entry.position.line, column: entry.position.column))
                }
            default:
                diagnostics.append(.warning(
                    "unknown key '\(entry.key)' (known: \(keys.joined(separator: ", "))); ignored",
                    path: path, line: entry.position.line, column: entry.position.column))
            }
        }
        return (configuration, diagnostics)
    }

    // MARK: - Precedence

    /// The team store's URL: `flag`, `$POSTMOTERM_TEAM_URL`, then this file's `team:`.
    public func team(flag: String?, environment: [String: String]) -> String? {
        Self.first([flag, environment["POSTMOTERM_TEAM_URL"], team])
    }

    /// The Alertmanagers: the flags, else `$POSTMOTERM_ALERTS_URL` (URLs separated by commas or
    /// blanks), else the front matter's `alertmanager:`, else this file's.
    public func alertmanagers(flags: [String], environment: [String: String], frontMatter: String?) -> [String] {
        let given = flags.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if !given.isEmpty { return given }
        let fromEnvironment = (environment["POSTMOTERM_ALERTS_URL"] ?? "")
            .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        if !fromEnvironment.isEmpty { return fromEnvironment }
        if let frontMatter = Self.first([frontMatter]) { return [frontMatter] }
        return alertmanagers
    }

    /// The Prometheus server: `flag`, `$POSTMOTERM_METRICS_URL`, the front matter's `metrics:`,
    /// then this file's.
    public func metrics(flag: String?, environment: [String: String], frontMatter: String?) -> String? {
        Self.first([flag, environment["POSTMOTERM_METRICS_URL"], frontMatter, metrics])
    }

    /// The address → `instance` mapping: this file's, with the front matter's entries winning.
    public func instanceMapping(frontMatter: [String: String]) -> InstanceLabelMapping {
        InstanceLabelMapping(overrides: metricsInstances.merging(frontMatter) { _, playbook in playbook })
    }

    /// The CPU, memory and p95 queries, each the first given of: `flags`, the environment
    /// (``MetricsQueries/Kind/environmentName``), the front matter's `metrics_queries`, this
    /// file's, else the default.
    public func metricsQueries(flags: [MetricsQueries.Kind: String], environment: [String: String], frontMatter: [String: String]) -> MetricsQueries {
        var queries = MetricsQueries()
        for kind in MetricsQueries.Kind.allCases {
            let given = Self.first([flags[kind], environment[kind.environmentName], frontMatter[kind.rawValue], metricsQueries[kind.rawValue]])
            if let given { queries[kind] = given }
        }
        return queries
    }

    /// The first value that is not blank, trimmed.
    static func first(_ candidates: [String?]) -> String? {
        for candidate in candidates {
            if let value = candidate?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    /// The `user[:password]` part of a URL's authority, if it has one.
    static func userInfo(of url: String) -> Substring? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return authority[..<at]
    }

    private static func nonEmptyText(_ value: MetadataValue) -> String? {
        guard let text = value.scalarText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
