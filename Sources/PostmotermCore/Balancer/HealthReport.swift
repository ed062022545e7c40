/// The model and the findings as `postmoterm health --json` prints them (and anything else that
/// wants balancer health as JSON). Field names are stable; absent values are omitted.
public struct HealthReport: Encodable, Sendable {
    public struct Source: Encodable, Sendable {
        public var source: String
        /// `live`, `stale`, `unreachable`, `pending`.
        public var state: String
        public var reason: String?
        /// Age of the data in seconds when stale.
        public var ageSeconds: Double?
        public var kind: String?
        public var takenAt: String?
        /// The balancer process (HAProxy `show info`).
        public var process: Process?
        /// HAProxy `FRONTEND` rows.
        public var frontends: [Frontend]
        /// One per backend / cluster: its own figures are its `BACKEND` row.
        public var pools: [Pool]
    }

    public struct Process: Encodable, Sendable {
        public var version: String
        public var uptimeSeconds: Int?
        public var currentConnections: Int?
        public var connectionRate: Int?
        public var maxConnections: Int?
    }

    public struct Frontend: Encodable, Sendable {
        public var name: String
        public var status: String
        public var sessions: Int
        public var requestRate: Int?
        /// See ``Instance/counters``.
        public var counters: [String: UInt64]
    }

    public struct Pool: Encodable, Sendable {
        public var name: String
        public var sessions: Int
        public var queue: Int
        public var requestsPerSecond: Double?
        public var errorsPerSecond: Double?
        public var errorPercent: Double?
        public var fairShare: Double?
        public var healthy: Bool
        public var saturatedBreakers: [String]
        public var ejectedHosts: Int?
        /// The `BACKEND` row's figures; see ``Instance/counters``.
        public var counters: [String: UInt64]
        public var instances: [Instance]
    }

    public struct Instance: Encodable, Sendable {
        public var name: String
        public var address: String?
        public var status: String
        public var effectiveWeight: Int
        public var configuredWeight: Int
        /// 0…1.
        public var share: Double?
        public var skewed: Bool
        public var sessions: Int
        public var queue: Int
        public var requestsPerSecond: Double?
        public var errorsPerSecond: Double?
        public var errorPercent: Double?
        public var responseTimeMs: Int?
        public var totalTimeMs: Int?
        public var checkStatus: String
        public var checkDescription: String
        /// `closed`, `open`, `half-open`, `not-observed`.
        public var breaker: String
        public var secondsSinceChange: Int?
        /// `critical`, `warning`, `parked`, `fine`.
        public var attention: String
        /// Cumulative counters under HAProxy's `show stat` names, those the balancer reports:
        /// `req_tot`, `hrsp_1xx` … `hrsp_5xx`, `hrsp_other`, `bin`, `bout`, `econ`, `ereq`,
        /// `eresp`, `dreq`, `dresp`, `chkfail`, `chkdown`, `downtime`, `slim`, `smax`.
        public var counters: [String: UInt64]
    }

    /// The `counters` object of a row.
    static func counters(_ counters: InstanceCounters, _ detail: TrafficDetail) -> [String: UInt64] {
        var object: [String: UInt64] = [:]
        for field in TrafficDetail.Field.allCases {
            if let value = detail[field] { object[field.haproxyName.description] = value }
        }
        if let requests = counters.requests { object["req_tot"] = requests }
        if let errors = counters.responses5xx { object["hrsp_5xx"] = errors }
        return object
    }

    public struct FindingEntry: Encodable, Sendable {
        public var kind: String
        public var severity: String
        public var source: String
        public var pool: String?
        public var instance: String?
        public var from: String?
        public var to: String?
        public var share: Double?
        public var fairShare: Double?
        public var errorPercent: Double?
        public var status: String?
        public var message: String
        public var at: String
    }

    public var sources: [Source]
    public var findings: [FindingEntry]

    public init(sources views: [SourceView], findings: [Finding], thresholds: DetectorThresholds = DetectorThresholds()) {
        sources = views.map { view in
            var state = "live", reason: String?, age: Double?
            switch view.state {
            case .live: break
            case .pending: state = "pending"
            case .stale(let a, let r): state = "stale"; age = a; reason = r
            case .unreachable(let r): state = "unreachable"; reason = r
            }
            let pools = (view.snapshot?.pools ?? []).map { pool in
                let trigger = thresholds.skewTrigger(in: pool)
                return Pool(
                    name: pool.name, sessions: pool.sessions, queue: pool.queue,
                    requestsPerSecond: pool.rates?.requestsPerSecond, errorsPerSecond: pool.rates?.errorsPerSecond,
                    errorPercent: pool.rates?.errorPercent, fairShare: pool.fairShare, healthy: pool.hasHealthyInstance,
                    saturatedBreakers: pool.saturatedBreakers, ejectedHosts: pool.ejectedHosts,
                    counters: Self.counters(pool.counters, pool.detail),
                    instances: pool.instances.map { instance in
                        let attention = InstanceAttention(instance, skewTrigger: trigger, thresholds: thresholds)
                        return Instance(
                            name: instance.name, address: instance.address, status: instance.status.label,
                            effectiveWeight: instance.effectiveWeight, configuredWeight: instance.configuredWeight,
                            share: instance.share, skewed: thresholds.isSkewed(instance, trigger: trigger),
                            sessions: instance.sessions, queue: instance.queue,
                            requestsPerSecond: instance.rates?.requestsPerSecond, errorsPerSecond: instance.rates?.errorsPerSecond,
                            errorPercent: instance.rates?.errorPercent, responseTimeMs: instance.responseTimeMs,
                            totalTimeMs: instance.totalTimeMs, checkStatus: instance.checkStatus,
                            checkDescription: instance.checkDescription, breaker: instance.breaker.rawValue,
                            secondsSinceChange: instance.secondsSinceChange,
                            attention: ["critical", "warning", "parked", "fine"][attention.rawValue],
                            counters: Self.counters(instance.counters, instance.detail))
                    })
            }
            return Source(source: view.source, state: state, reason: reason, ageSeconds: age,
                          kind: view.snapshot?.kind.rawValue, takenAt: view.snapshot?.takenAt.iso8601,
                          process: view.snapshot?.process.map {
                              Process(version: $0.version, uptimeSeconds: $0.uptimeSeconds, currentConnections: $0.currentConnections,
                                      connectionRate: $0.connectionRate, maxConnections: $0.maxConnections)
                          },
                          frontends: (view.snapshot?.frontends ?? []).map {
                              Frontend(name: $0.name, status: $0.status, sessions: $0.sessions, requestRate: $0.requestRate,
                                       counters: Self.counters($0.counters, $0.detail))
                          },
                          pools: pools)
        }
        self.findings = findings.map { finding in
            FindingEntry(kind: finding.kind.rawValue, severity: finding.severity.rawValue, source: finding.source,
                         pool: finding.pool, instance: finding.instance, from: finding.from, to: finding.to,
                         share: finding.share, fairShare: finding.fairShare, errorPercent: finding.errorPercent,
                         status: finding.status, message: finding.message, at: finding.at.iso8601)
        }
    }
}
