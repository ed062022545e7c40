import Foundation

/// What the balancer observations of an incident say about its impact. Computed from the
/// visible timeline (hidden observations do not count), never guessed.
public struct BalancerImpact: Codable, Hashable, Sendable {
    /// Balancer observations considered.
    public var observationCount = 0
    /// Each time an instance went down (status to `DOWN…`), in time order.
    public var instanceOutages: [Outage] = []
    /// The most instances down at the same moment, and when that was first reached.
    public var peakInstancesDown = 0
    public var peakInstancesDownAt: Timestamp?
    /// The highest 5xx percentage observed, where and when.
    public var peakErrorPercent: Double?
    public var peakErrorPool: String?
    public var peakErrorAt: Timestamp?
    /// Each time a whole pool went down.
    public var poolOutages: [Outage] = []
    /// Circuit breakers that opened: subject (`pool/instance`) and time.
    public var breakersOpened: [Outage] = []
    /// Balancer commands recorded, and how many of them failed.
    public var actionCount = 0
    public var failedActionCount = 0
    /// Requests and 5xx from the balancer's own counters.
    public var traffic = CounterTraffic()

    public init() {}

    /// Distinct instances that were down at some point (`pool/instance`), in first-down order.
    public var instancesDown: [String] {
        var seen = Set<String>()
        return instanceOutages.map(\.subject).filter { seen.insert($0).inserted }
    }

    /// Reads the impact from timeline entries in time order.
    public init(entries: [TimelineEntry]) {
        traffic = CounterTraffic(entries: entries)
        var openInstance: [String: Int] = [:]
        var openPool: [String: Int] = [:]
        for index in entries.indices {
            switch entries[index].kind {
            case .balancerAction:
                actionCount += 1
                if entries[index].data["result"] == "error" { failedActionCount += 1 }
            case .balancerObservation:
                observationCount += 1
                observe(entries[index], openInstance: &openInstance, openPool: &openPool)
            default:
                break
            }
        }
    }

    private mutating func observe(_ entry: TimelineEntry, openInstance: inout [String: Int], openPool: inout [String: Int]) {
        let pool = entry.data["pool"] ?? "?"
        let instance = entry.data["instance"]
        switch entry.data["finding"] {
        case "statusChange":
            guard let instance else { return }
            let key = "\(pool)/\(instance)"
            if BalancerImpact.isDown(entry.data["to"]) {
                guard openInstance[key] == nil else { return }
                openInstance[key] = instanceOutages.count
                instanceOutages.append(Outage(pool: pool, instance: instance, from: entry.time, until: nil))
                if openInstance.count > peakInstancesDown {
                    peakInstancesDown = openInstance.count
                    peakInstancesDownAt = entry.time
                }
            } else if let index = openInstance.removeValue(forKey: key) {
                instanceOutages[index].until = entry.time
            }
        case "poolDown":
            guard openPool[pool] == nil else { return }
            openPool[pool] = poolOutages.count
            poolOutages.append(Outage(pool: pool, instance: nil, from: entry.time, until: nil))
        case "poolRecovered":
            if let index = openPool.removeValue(forKey: pool) { poolOutages[index].until = entry.time }
        case "errorRate":
            guard let percent = entry.data["errorPercent"].flatMap(Double.init) else { return }
            if peakErrorPercent.map({ percent > $0 }) ?? true {
                peakErrorPercent = percent
                peakErrorPool = entry.data["pool"]
                peakErrorAt = entry.time
            }
        case "breakerOpen":
            breakersOpened.append(Outage(pool: pool, instance: instance, from: entry.time, until: nil))
        default:
            break
        }
    }

    /// Whether a server status means "not serving": HAProxy's `DOWN`, `DOWN 1/2`, Envoy's `unhealthy`.
    static func isDown(_ status: String?) -> Bool {
        guard let status = status?.uppercased() else { return false }
        return status.hasPrefix("DOWN") || status == "UNHEALTHY" || status == "FAILED"
    }
}
