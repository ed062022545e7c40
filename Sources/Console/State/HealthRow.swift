import Foundation
import PostmotermCore

/// One balancer instance as the health table shows it.
public struct HealthRow: Sendable, Hashable {
    /// Label of the source it came from (address with credentials masked).
    public var source: String
    public var pool: String
    public var instance: String
    public var address: String?
    public var status: InstanceStatus
    public var weight: Int?
    public var configuredWeight: Int?
    /// Weight before anyone changed it (for "back to initial weight").
    public var initialWeight: Int?
    /// Share of the pool's traffic weight, 0…1.
    public var share: Double?
    /// The share is far above the fair share of the pool.
    public var skewed: Bool
    public var sessions: Int?
    public var requestsPerSecond: Double?
    /// 5xx responses as a percentage of responses, 0…100.
    public var errorPercent: Double?
    public var latencyMilliseconds: Int?
    public var check: String
    public var breaker: BreakerState
    /// When the status last changed.
    public var lastChange: Date?
    /// Whether the source can act on this instance (HAProxy runtime API).
    public var actionable: Bool
    /// A server, or a pool's `BACKEND` row, or a `FRONTEND` row (``instance`` is then the
    /// frontend's name and ``pool`` too).
    public var kind: HealthRowKind
    /// hatop's figures: bytes, responses by class, errors, check fails/downs, downtime, limits.
    public var detail: TrafficDetail
    /// 5xx responses so far (the 5XX column; the rest of the classes are in ``detail``).
    public var responses5xx: UInt64?

    public init(
        source: String, pool: String, instance: String, address: String? = nil, status: InstanceStatus,
        weight: Int? = nil, configuredWeight: Int? = nil, initialWeight: Int? = nil, share: Double? = nil,
        skewed: Bool = false, sessions: Int? = nil, requestsPerSecond: Double? = nil,
        errorPercent: Double? = nil, latencyMilliseconds: Int? = nil, check: String = "",
        breaker: BreakerState = .notObserved, lastChange: Date? = nil, actionable: Bool = false,
        kind: HealthRowKind = .server, detail: TrafficDetail = TrafficDetail(), responses5xx: UInt64? = nil
    ) {
        self.source = source
        self.pool = pool
        self.instance = instance
        self.address = address
        self.status = status
        self.weight = weight
        self.configuredWeight = configuredWeight
        self.initialWeight = initialWeight
        self.share = share
        self.skewed = skewed
        self.sessions = sessions
        self.requestsPerSecond = requestsPerSecond
        self.errorPercent = errorPercent
        self.latencyMilliseconds = latencyMilliseconds
        self.check = check
        self.breaker = breaker
        self.lastChange = lastChange
        self.actionable = actionable
        self.kind = kind
        self.detail = detail
        self.responses5xx = responses5xx
    }

    /// Higher is worse: the table lists the worst instances first.
    public var severity: Int {
        var score = 0
        switch status {
        case .down: score += 100
        case .maintenance, .draining: score += 30
        case .goingUp, .goingDown: score += 40
        case .up, .noCheck, .other: break
        }
        switch breaker {
        case .open: score += 80
        case .halfOpen: score += 40
        case .closed, .notObserved: break
        }
        if skewed { score += 60 }
        if let errors = errorPercent, errors >= 5 { score += 50 }
        return score
    }
}

