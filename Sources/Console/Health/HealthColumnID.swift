/// The health table's optional columns, in the order they appear as the pane widens: the
/// console's own first, then hatop's (bytes, HTTP responses by class, errors, check fails and
/// downs, downtime, session limits). The instance name is always shown; the column picker (`c`)
/// hides or shows any of these.
public enum HealthColumnID: String, CaseIterable, Sendable, Hashable {
    case status, share, breaker, errorPercent, weight, requestRate
    case shareTrend, errorTrend, requestTrend
    case sessions, latency, check, since
    case cpu, memory, p95
    case bytesIn, bytesOut, responses2xx, responses4xx, responses5xx, responses3xx, responses1xx, responsesOther
    case connectionErrors, responseErrors, requestErrors, deniedRequests, deniedResponses
    case checkFailures, checkDowns, downtime, sessionLimit, maxSessions

    /// The header of the column.
    public var title: String {
        switch self {
        case .status: "STATUS"
        case .share: "SHARE"
        case .breaker: "BRK"
        case .errorPercent: "5XX%"
        case .weight: "W"
        case .requestRate: "REQ/S"
        case .sessions: "SESS"
        case .latency: "LAT"
        case .check: "CHECK"
        case .since: "SINCE"
        case .requestTrend: "REQ/S 10m"
        case .errorTrend: "5XX% 10m"
        case .shareTrend: "SHARE 10m"
        case .cpu: "CPU"
        case .memory: "MEM"
        case .p95: "P95"
        case .bytesIn: "BIN"
        case .bytesOut: "BOUT"
        case .responses1xx: "1XX"
        case .responses2xx: "2XX"
        case .responses3xx: "3XX"
        case .responses4xx: "4XX"
        case .responses5xx: "5XX"
        case .responsesOther: "OTH"
        case .connectionErrors: "ECON"
        case .responseErrors: "ERSP"
        case .requestErrors: "EREQ"
        case .deniedRequests: "DREQ"
        case .deniedResponses: "DRSP"
        case .checkFailures: "CF"
        case .checkDowns: "CD"
        case .downtime: "DOWNT"
        case .sessionLimit: "SLIM"
        case .maxSessions: "SMAX"
        }
    }

    /// What the column shows, for the picker.
    public var meaning: String {
        switch self {
        case .status: "server status"
        case .share: "share of the pool's traffic weight"
        case .breaker: "circuit breaker"
        case .errorPercent: "5xx responses, % of responses"
        case .weight: "weight (effective/configured)"
        case .requestRate: "requests per second"
        case .sessions: "current sessions"
        case .latency: "average response time"
        case .check: "health check"
        case .since: "time since the last status change"
        case .requestTrend: "requests per second, last 10 minutes"
        case .errorTrend: "5xx %, last 10 minutes"
        case .shareTrend: "share of traffic weight, last 10 minutes"
        case .cpu: "CPU % of the instance's process (Prometheus, --metrics)"
        case .memory: "resident memory (Prometheus, --metrics)"
        case .p95: "95th percentile latency (Prometheus, --metrics)"
        case .bytesIn: "bytes in"
        case .bytesOut: "bytes out"
        case .responses1xx: "HTTP 1xx responses"
        case .responses2xx: "HTTP 2xx responses"
        case .responses3xx: "HTTP 3xx responses"
        case .responses4xx: "HTTP 4xx responses"
        case .responses5xx: "HTTP 5xx responses"
        case .responsesOther: "other HTTP responses"
        case .connectionErrors: "connection errors (econ)"
        case .responseErrors: "response errors (eresp)"
        case .requestErrors: "request errors (ereq)"
        case .deniedRequests: "denied requests (dreq)"
        case .deniedResponses: "denied responses (dresp)"
        case .checkFailures: "failed checks (chkfail)"
        case .checkDowns: "UP→DOWN transitions (chkdown)"
        case .downtime: "total downtime"
        case .sessionLimit: "sessions / session limit"
        case .maxSessions: "most sessions at once"
        }
    }

    /// Columns wide.
    public var width: Int {
        switch self {
        case .status: 8
        case .share: 8
        case .breaker: 4
        case .errorPercent: 5
        case .weight: 6
        case .requestRate: 7
        case .sessions: 5
        case .latency: 7
        case .check: 10
        case .since: 7
        case .requestTrend, .errorTrend, .shareTrend: Painter.trendCells
        case .cpu: 9
        case .memory, .p95: 7
        case .bytesIn, .bytesOut: 6
        case .responses1xx, .responses2xx, .responses3xx, .responses4xx, .responses5xx, .responsesOther: 5
        case .connectionErrors, .responseErrors, .requestErrors, .deniedRequests, .deniedResponses: 4
        case .checkFailures, .checkDowns: 4
        case .downtime: 6
        case .sessionLimit: 9
        case .maxSessions: 5
        }
    }

    /// Whether it is one of hatop's columns: shown only while the instance name keeps room to read.
    public var isHatop: Bool {
        switch self {
        case .status, .share, .breaker, .errorPercent, .weight, .requestRate, .sessions, .latency, .check, .since,
            .requestTrend, .errorTrend, .shareTrend, .cpu, .memory, .p95:
            false
        default: true
        }
    }
}
