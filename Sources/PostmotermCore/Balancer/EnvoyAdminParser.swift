import Foundation

/// Reads Envoy's admin interface: `/clusters?format=json` (hosts, health flags, weights, per-host
/// counters) and `/stats` (cluster counters, circuit-breaker and outlier-detection gauges).
///
/// Mapping to the model:
/// - status: down when the host failed an active health check, an outlier check, or EDS says
///   `UNHEALTHY`/`TIMEOUT`; draining when EDS says `DRAINING` or it is pending removal; up otherwise;
/// - breaker: open when `failed_outlier_check`, closed when the cluster has outlier detection
///   figures (`cluster.N.outlier_detection.*`) and the host is not ejected, not observed otherwise;
/// - pool saturation: every `cluster.N.circuit_breakers.<priority>.<name>_open` gauge that is 1;
/// - counters: per host `rq_total` and `rq_error`; per cluster `upstream_rq_total` and `upstream_rq_5xx`;
/// - hatop's figures (``TrafficDetail``): per host `cx_connect_fail`, `rq_timeout`; per cluster see
///   ``clusterDetail(_:)``; `outlier_detection.ejections_active` as the pool's ejected hosts.
public enum EnvoyAdminParser {
    public static func parse(
        clustersJSON: [UInt8], stats: String, source: String, takenAt: Timestamp, monotonicTime: Double
    ) throws(EnvoyAdminError) -> BalancerSnapshot {
        let statValues = try parseStats(stats)
        guard let object = try? JSONSerialization.jsonObject(with: Data(clustersJSON)) as? [String: Any],
              let clusters = object["cluster_statuses"] as? [[String: Any]]
        else {
            throw .notClustersJSON(got: ResponsePreview.describe(clustersJSON))
        }
        let clusterStats = statsByCluster(statValues, names: Set(clusters.compactMap { $0["name"] as? String }))
        var pools: [BalancerPool] = []
        for cluster in clusters {
            guard let rawName = cluster["name"] as? String else { continue }
            let name = TerminalSafe.escape(rawName)
            let figures = clusterStats[rawName] ?? ClusterStats()
            func stat(_ key: String) -> UInt64? { figures.values[key] }
            let hasOutlierDetection = figures.hasOutlierDetection
            var instances: [BalancerInstance] = []
            for host in cluster["host_statuses"] as? [[String: Any]] ?? [] {
                let socket = (host["address"] as? [String: Any])?["socket_address"] as? [String: Any]
                let ip = socket?["address"] as? String ?? "?"
                let port = integer(socket?["port_value"]).map { Int($0) } ?? 0
                let address = TerminalSafe.escape(BalancerAddress.hostPort(ip, port))
                var hostStats: [String: UInt64] = [:]
                for entry in host["stats"] as? [[String: Any]] ?? [] {
                    if let key = entry["name"] as? String { hostStats[key] = integer(entry["value"]) ?? 0 }
                }
                let health = host["health_status"] as? [String: Any] ?? [:]
                let outlier = health["failed_outlier_check"] as? Bool ?? false
                let failedActive = health["failed_active_health_check"] as? Bool ?? false
                let eds = health["eds_health_status"] as? String ?? "HEALTHY"
                let pendingRemoval = health["pending_dynamic_removal"] as? Bool ?? false
                let status: InstanceStatus
                if failedActive || outlier || eds == "UNHEALTHY" || eds == "TIMEOUT" {
                    status = .down
                } else if eds == "DRAINING" || pendingRemoval {
                    status = .draining
                } else {
                    status = .up
                }
                let weight = integer(host["weight"]).map { Int(clamping: $0) } ?? 1
                let breaker: BreakerState = outlier ? .open : (hasOutlierDetection ? .closed : .notObserved)
                var hostDetail = TrafficDetail()
                hostDetail[.connectionErrors] = hostStats["cx_connect_fail"]
                hostDetail[.responseErrors] = hostStats["rq_timeout"]
                let hostname = (host["hostname"] as? String).flatMap { $0.isEmpty ? nil : TerminalSafe.escape($0) }
                var checkDescription = failedActive ? "failed active health check" : (outlier ? "ejected by outlier detection" : "")
                if eds != "HEALTHY", !eds.isEmpty { checkDescription += checkDescription.isEmpty ? "EDS \(eds)" : ", EDS \(eds)" }
                instances.append(BalancerInstance(
                    source: source, pool: name, name: hostname ?? address, address: address, status: status,
                    effectiveWeight: weight, configuredWeight: weight,
                    sessions: Int(clamping: hostStats["cx_active"] ?? 0), queue: 0,
                    counters: InstanceCounters(requests: hostStats["rq_total"], responses5xx: hostStats["rq_error"]),
                    checkStatus: failedActive ? "HC-FAIL" : (outlier ? "EJECTED" : ""),
                    checkDescription: TerminalSafe.escape(checkDescription),
                    breaker: breaker, breakerEvidence: .envoy(outlierEjected: hasOutlierDetection || outlier ? outlier : nil),
                    detail: hostDetail
                ))
            }
            let saturated = figures.openBreakers.map { TerminalSafe.escape($0) }
            var pool = BalancerPool(
                source: source, name: name, instances: instances,
                counters: InstanceCounters(requests: stat("upstream_rq_total"), responses5xx: stat("upstream_rq_5xx")),
                sessions: Int(clamping: stat("upstream_cx_active") ?? 0),
                queue: Int(clamping: stat("upstream_rq_pending_active") ?? 0),
                saturatedBreakers: saturated.sorted()
            )
            pool.detail = clusterDetail(stat)
            pool.ejectedHosts = stat("outlier_detection.ejections_active").map { Int(clamping: $0) }
            pool.computeShares()
            pools.append(pool)
        }
        return BalancerSnapshot(source: source, kind: .envoy, pools: pools, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    /// hatop's figures of a cluster from its `/stats`: responses by class (`upstream_rq_1xx`…),
    /// bytes (`upstream_cx_tx_bytes_total` in, `upstream_cx_rx_bytes_total` out), connection
    /// failures (`upstream_cx_connect_fail`) and timeouts as response errors (`upstream_rq_timeout`).
    static func clusterDetail(_ stat: (String) -> UInt64?) -> TrafficDetail {
        var detail = TrafficDetail()
        detail[.responses1xx] = stat("upstream_rq_1xx")
        detail[.responses2xx] = stat("upstream_rq_2xx")
        detail[.responses3xx] = stat("upstream_rq_3xx")
        detail[.responses4xx] = stat("upstream_rq_4xx")
        detail[.bytesIn] = stat("upstream_cx_tx_bytes_total")
        detail[.bytesOut] = stat("upstream_cx_rx_bytes_total")
        detail[.connectionErrors] = stat("upstream_cx_connect_fail")
        detail[.responseErrors] = stat("upstream_rq_timeout")
        return detail
    }

    /// The `/stats` figures of one cluster: `cluster.<name>.<key>` as `key`.
    struct ClusterStats {
        var values: [String: UInt64] = [:]
        /// Whether any `outlier_detection.*` figure is there (the cluster has outlier detection).
        var hasOutlierDetection = false
        /// `circuit_breakers.<priority>.<name>_open` gauges above zero, as `<priority>.<name>_open`.
        var openBreakers: [String] = []
    }

    /// Every stat of `values` under the cluster it names, in one pass over the stats (issue 18.4:
    /// a scan of every stat for every cluster took 33 s at 2,000 clusters and 20,000 stats).
    /// Cluster names may hold dots (`outbound|80||api.ns.svc.cluster.local`), so a key
    /// `cluster.a.b.c` is filed under each of `a` and `a.b` that is a cluster in `names`: the
    /// stats a cluster sees are exactly the keys that start with `cluster.<name>.`.
    static func statsByCluster(_ values: [String: UInt64], names: Set<String>) -> [String: ClusterStats] {
        var byCluster: [String: ClusterStats] = [:]
        let prefix = "cluster."
        for (key, value) in values where key.hasPrefix(prefix) {
            let rest = key.utf8.dropFirst(prefix.utf8.count)
            var dot = rest.startIndex
            while let found = rest[dot...].firstIndex(of: UInt8(ascii: ".")) {
                dot = rest.index(after: found)
                guard let name = String(rest[rest.startIndex..<found]), names.contains(name), let stat = String(rest[dot...]) else { continue }
                byCluster[name, default: ClusterStats()].add(stat, value)
            }
        }
        for name in byCluster.keys { byCluster[name]?.openBreakers.sort() }
        return byCluster
    }

    /// `name: value` lines of `/stats`; histogram and text lines are skipped.
    static func parseStats(_ text: String) throws(EnvoyAdminError) -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        var lines = 0
        for line in text.split(whereSeparator: \.isNewline) {
            lines += 1
            guard let colon = line.lastIndex(of: ":") else { continue }
            let key = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let number = UInt64(value) { values[String(key)] = number }
        }
        if lines > 0 && values.isEmpty {
            throw .notStats(got: ResponsePreview.describe(Array(text.utf8)))
        }
        return values
    }

    /// A JSON number, or a decimal string (proto3 JSON writes 64-bit integers as strings).
    private static func integer(_ value: Any?) -> UInt64? {
        switch value {
        case let number as NSNumber: return number.int64Value >= 0 ? UInt64(number.int64Value) : nil
        case let text as String: return UInt64(text)
        default: return nil
        }
    }
}

extension EnvoyAdminParser.ClusterStats {
    mutating func add(_ stat: String, _ value: UInt64) {
        values[stat] = value
        if stat.hasPrefix("outlier_detection.") { hasOutlierDetection = true }
        let breakerPrefix = "circuit_breakers."
        if value > 0, stat.hasPrefix(breakerPrefix), stat.hasSuffix("_open") {
            openBreakers.append(String(stat.dropFirst(breakerPrefix.count)))
        }
    }
}
