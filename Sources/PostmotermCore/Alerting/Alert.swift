/// One alert as Alertmanager's API v2 reports it (`GET /api/v2/alerts`), keyed by its
/// `fingerprint` (a hash of its labels). Every string is the alert's text as received: inert,
/// sanitised (``TerminalSafe``) wherever it is shown.
public struct Alert: Sendable, Hashable {
    /// Alertmanager's key for the alert: the same labels give the same fingerprint.
    public var fingerprint: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// When the alert began firing (its own time, from the rule's evaluation).
    public var startsAt: Timestamp
    /// When it ends: in the future while it fires (Alertmanager's expiry), in the past once resolved.
    public var endsAt: Timestamp?
    public var updatedAt: Timestamp?
    /// Where the alert came from (a Prometheus graph link), or empty.
    public var generatorURL: String
    public var status: AlertStatus

    public init(
        fingerprint: String, labels: [String: String], annotations: [String: String] = [:], startsAt: Timestamp,
        endsAt: Timestamp? = nil, updatedAt: Timestamp? = nil, generatorURL: String = "", status: AlertStatus = AlertStatus()
    ) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.generatorURL = generatorURL
        self.status = status
    }

    /// The `alertname` label (every Prometheus alert has one), or `?`.
    public var name: String { labels["alertname"] ?? "?" }
    /// The `severity` label, when there is one.
    public var severity: String? { labels["severity"] }
    /// The `summary` annotation, else `description`, else `message` (the names rule authors use).
    public var summary: String? { annotations["summary"] ?? annotations["description"] ?? annotations["message"] }
    /// The `runbook_url` annotation (prometheus-operator's and OpenShift's rules carry it).
    public var runbookURL: String? { annotations["runbook_url"] }

    /// Whether the alert fires at `time` as the API defines it: not resolved (`endsAt` absent or
    /// later than `time`). Silenced and inhibited alerts still fire (`status.state` suppressed).
    public func isFiring(at time: Timestamp) -> Bool {
        guard let endsAt else { return true }
        return endsAt > time
    }

    /// The labels that say where: `instance`, `pod`, `service`, `namespace`, `job`, `backend`,
    /// `server` (the ones present, in that order), as `name=value`.
    public var whereLabels: [String] {
        Self.whereLabelNames.compactMap { name in labels[name].map { "\(name)=\($0)" } }
    }

    /// The labels shown beside an alert, in this order.
    public static let whereLabelNames = ["instance", "pod", "service", "namespace", "job", "backend", "server"]

    /// All labels on one line, `name="value", …` sorted by name (the `labels` data of events).
    public var labelLine: String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
    }
}
