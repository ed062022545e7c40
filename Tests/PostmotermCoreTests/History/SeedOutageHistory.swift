@testable import PostmotermCore

/// The seed outage as the log records it (issue 17): pool api, api-1..3 sharing 60 req/s;
/// a weight change sends 10/12 of the traffic to api-2, which starts failing; api-2 is drained,
/// its weight reset, and it is put back. History buckets and the events marked on the charts.
enum SeedOutageHistory {
    static let source = "haproxy+unix:///run/haproxy/admin.sock"
    static let incident = IncidentID(rawValue: "2024-04-05-api-outage")!

    static func at(_ minute: Int, _ second: Int) -> Timestamp { CraftedIncident.at(14, minute, second) }

    /// 14:30–14:39 in 10-second buckets: even until 14:31, api-2 at 83 % from the weight change,
    /// 40 % of its answers 5xx from 14:32, drained at 14:34 (the others take half each), back at 14:37.
    static func buckets(cpu: Bool = false) -> [CounterHistoryBucket] {
        (0..<54).map { step in
            let second = 30 * 60 + step * 10
            let requests: (UInt64, UInt64, UInt64)
            let shares: (Double, Double, Double)
            var errors: UInt64 = 0
            switch second {
            case ..<(31 * 60): (requests, shares) = ((200, 200, 200), (100.0 / 3, 100.0 / 3, 100.0 / 3))
            case ..<(34 * 60):
                (requests, shares) = ((50, 500, 50), (100.0 / 12, 1000.0 / 12, 100.0 / 12))
                if second >= 32 * 60 { errors = 200 }
            case ..<(37 * 60): (requests, shares) = ((300, 0, 300), (50, 0, 50))
            default: (requests, shares) = ((200, 200, 200), (100.0 / 3, 100.0 / 3, 100.0 / 3))
            }
            var share = [shares.0, shares.1, shares.2].makeIterator()
            func value(_ count: UInt64, _ fiveXX: UInt64, _ load: Int) -> CounterHistoryBucket.Value {
                CounterHistoryBucket.Value(
                    requests: count, responses5xx: fiveXX, sharePercent: share.next(), cpuPercent: cpu ? load : nil,
                    memoryMiB: cpu ? 40 + load / 4 : nil)
            }
            let start = at(30, 0).adding(milliseconds: Int64(step) * CounterHistoryBucket.milliseconds)
            return CounterHistoryBucket(
                source: source, index: CounterHistoryBucket.index(of: start), instances: ["api/api-1", "api/api-2", "api/api-3"],
                values: [
                    value(requests.0, 0, Int(requests.0 / 5)), value(requests.1, errors, min(100, Int(requests.1 / 5))),
                    value(requests.2, 0, Int(requests.2 / 5)),
                ])
        }
    }

    /// The events the charts mark.
    static func events() -> [Event] {
        let author = Author(name: "alice")
        func event(_ sequence: Int64, _ time: Timestamp, _ kind: EventKind, _ text: String, _ data: [String: String] = [:]) -> Event {
            Event(incidentID: incident, sequence: sequence, recordedAt: time, author: author, kind: kind, text: text, data: data)
        }
        return [
            event(1, at(31, 30), .incidentStarted, "API outage <api-2> & \"friends\""),
            event(2, at(31, 0), .balancerObservation, "api/api-2 weight 1 → 10", [
                "finding": "weightChange", "source": source, "pool": "api", "instance": "api-2", "from": "1", "to": "10",
            ]),
            event(3, at(34, 0), .balancerAction, "drained api/api-2", [
                "source": source, "pool": "api", "instance": "api-2", "command": "set server api/api-2 state drain", "result": "ok",
            ]),
            event(4, at(35, 0), .statusChanged, "", ["from": "investigating", "to": "mitigated"]),
            event(5, at(38, 0), .statusChanged, "", ["from": "mitigated", "to": "resolved"]),
        ]
    }
}
