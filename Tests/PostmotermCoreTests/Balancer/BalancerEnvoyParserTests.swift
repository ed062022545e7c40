import Testing
@testable import PostmotermCore

@Suite struct BalancerEnvoyParserTests {
    /// `/clusters?format=json` in the documented admin.v3.Clusters format (64-bit counters as strings).
    static let clusters = """
        {"cluster_statuses":[{"name":"api","added_via_api":false,
          "circuit_breakers":{"thresholds":[{"max_connections":1024,"max_pending_requests":1024,"max_requests":1024,"max_retries":3}]},
          "host_statuses":[
            {"address":{"socket_address":{"address":"10.0.0.1","port_value":8080}},
             "stats":[{"name":"cx_active","type":"GAUGE","value":"2"},{"name":"rq_error","value":"4"},{"name":"rq_total","value":"40"},{"name":"rq_success","value":"36"}],
             "health_status":{"eds_health_status":"HEALTHY"},"weight":1},
            {"address":{"socket_address":{"address":"10.0.0.2","port_value":8080}},
             "stats":[{"name":"rq_total","value":"400"}],
             "health_status":{"eds_health_status":"HEALTHY","failed_outlier_check":true},"weight":10},
            {"address":{"socket_address":{"address":"10.0.0.3","port_value":8080}},
             "stats":[],"health_status":{"eds_health_status":"DRAINING"},"weight":1}
          ]},
         {"name":"auth","host_statuses":[{"address":{"socket_address":{"address":"10.0.1.1","port_value":9000}},"stats":[],
           "health_status":{"failed_active_health_check":true},"weight":1}]}
        ]}
        """
    static let stats = """
        cluster.api.circuit_breakers.default.cx_open: 1
        cluster.api.circuit_breakers.default.rq_pending_open: 0
        cluster.api.circuit_breakers.high.cx_open: 0
        cluster.api.outlier_detection.ejections_active: 1
        cluster.api.upstream_rq_total: 440
        cluster.api.upstream_rq_5xx: 4
        cluster.api.upstream_rq_pending_active: 7
        cluster.api.upstream_rq_time: P0(nan,1.0) P25(nan,2.0)
        cluster.auth.upstream_rq_total: 0
        """

    @Test func clustersAndStats() throws {
        let snapshot = try EnvoyAdminParser.parse(
            clustersJSON: Array(Self.clusters.utf8), stats: Self.stats, source: "envoy+http://127.0.0.1:9901",
            takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 1)
        #expect(snapshot.kind == .envoy)
        let api = try #require(snapshot.pool(named: "api"))
        #expect(api.instances.map(\.status) == [.up, .down, .draining])
        #expect(api.instances.map(\.breaker) == [.closed, .open, .closed])
        #expect(api.instances[0].counters == InstanceCounters(requests: 40, responses5xx: 4))
        #expect(api.instances[0].sessions == 2)
        #expect(api.instances[1].effectiveWeight == 10)
        #expect(api.instances[0].share == 1)  // the only one serving
        #expect(api.saturatedBreakers == ["default.cx_open"])
        #expect(api.queue == 7 && api.counters.requests == 440)
        let auth = try #require(snapshot.pool(named: "auth"))
        #expect(auth.instances[0].status == .down && auth.instances[0].breaker == .notObserved)
        #expect(!auth.hasHealthyInstance)

        var detector = HealthDetector()
        let findings = detector.observe(SnapshotHistory().refined(snapshot))
        #expect(Set(findings.map(\.kind)) == [.breakerOpen, .poolDown])
        #expect(findings.contains { $0.message == "circuit breaker default.cx_open open in pool api: the pool is saturated" })
    }

    /// hatop's figures where Envoy's admin API has them (issue 17): `/stats` as Envoy writes it
    /// (counters and gauges as `name: value`, histograms as quantile lists, in name order) for a
    /// cluster with outlier detection and an open request breaker, and `/clusters` per-host stats.
    @Test func hatopFiguresFromStatsAndClusters() throws {
        let clusters = """
            {"cluster_statuses":[{"name":"api","host_statuses":[
              {"address":{"socket_address":{"address":"10.0.0.1","port_value":8080}},
               "stats":[{"name":"cx_connect_fail","value":"3"},{"name":"rq_timeout","value":"2"},{"name":"rq_total","value":"900"},{"name":"rq_error","value":"9"}],
               "health_status":{"eds_health_status":"HEALTHY"},"weight":1},
              {"address":{"socket_address":{"address":"10.0.0.2","port_value":8080}},
               "stats":[{"name":"rq_total","value":"100"}],
               "health_status":{"eds_health_status":"HEALTHY","failed_outlier_check":true},"weight":1}
            ]}]}
            """
        let stats = """
            cluster.api.circuit_breakers.default.cx_open: 0
            cluster.api.circuit_breakers.default.rq_open: 1
            cluster.api.circuit_breakers.default.rq_pending_open: 0
            cluster.api.circuit_breakers.high.rq_open: 0
            cluster.api.outlier_detection.ejections_active: 1
            cluster.api.outlier_detection.ejections_enforced_total: 4
            cluster.api.upstream_cx_connect_fail: 3
            cluster.api.upstream_cx_rx_bytes_total: 81920
            cluster.api.upstream_cx_tx_bytes_total: 20480
            cluster.api.upstream_rq_1xx: 0
            cluster.api.upstream_rq_2xx: 950
            cluster.api.upstream_rq_3xx: 10
            cluster.api.upstream_rq_4xx: 25
            cluster.api.upstream_rq_5xx: 15
            cluster.api.upstream_rq_pending_active: 2
            cluster.api.upstream_rq_timeout: 2
            cluster.api.upstream_rq_total: 1000
            cluster.api.upstream_rq_time: P0(nan,1.0) P25(nan,2.1) P50(nan,3.2) P75(nan,5.5) P90(nan,9.8) P95(nan,12) P99(nan,30) P99.5(nan,31) P99.9(nan,32) P100(nan,33)
            """
        let snapshot = try EnvoyAdminParser.parse(
            clustersJSON: Array(clusters.utf8), stats: stats, source: "envoy+http://127.0.0.1:9901",
            takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 1)
        let api = try #require(snapshot.pool(named: "api"))
        // upstream_rq_*: the pool's requests, 5xx and response classes.
        #expect(api.counters == InstanceCounters(requests: 1000, responses5xx: 15))
        #expect(api.detail[.responses1xx] == 0 && api.detail[.responses2xx] == 950)
        #expect(api.detail[.responses3xx] == 10 && api.detail[.responses4xx] == 25)
        #expect(api.detail[.bytesIn] == 20480 && api.detail[.bytesOut] == 81920)
        #expect(api.detail[.connectionErrors] == 3 && api.detail[.responseErrors] == 2)
        #expect(api.queue == 2)
        // Outlier ejections and the open request breaker.
        #expect(api.ejectedHosts == 1)
        #expect(api.instances.map(\.breaker) == [.closed, .open])
        #expect(api.saturatedBreakers == ["default.rq_open"])
        // Per host: connection failures and timeouts.
        #expect(api.instances[0].detail[.connectionErrors] == 3 && api.instances[0].detail[.responseErrors] == 2)
        #expect(api.instances[0].counters == InstanceCounters(requests: 900, responses5xx: 9))
    }

    @Test func garbage() {
        #expect(throws: EnvoyAdminError.self) {
            try EnvoyAdminParser.parse(clustersJSON: Array("<html>".utf8), stats: "", source: "e", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        }
        #expect(throws: EnvoyAdminError.self) {
            try EnvoyAdminParser.parse(clustersJSON: Array("{}".utf8), stats: "<html>\n<body>", source: "e", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        }
    }
}

extension SnapshotHistory {
    /// Refines one snapshot with a fresh history (first sample).
    func refined(_ snapshot: BalancerSnapshot) -> BalancerSnapshot {
        var copy = self
        return copy.refine(snapshot)
    }
}

@Suite struct BalancerEnvoyDottedNameTests {
    /// Cluster names with dots, one the prefix of another: each sees exactly the stats that start
    /// with `cluster.<its name>.` (the one-pass grouping of issue 18.4 keeps what the per-cluster
    /// scan saw).
    @Test func statsAreFiledUnderEveryClusterWhosePrefixTheyCarry() throws {
        let clusters = """
            {"cluster_statuses":[{"name":"a","host_statuses":[]},{"name":"a.b","host_statuses":[]},{"name":"c","host_statuses":[]}]}
            """
        let stats = """
            cluster.a.upstream_rq_total: 5
            cluster.a.b.upstream_rq_total: 7
            cluster.a.b.outlier_detection.ejections_active: 0
            cluster.a.b.circuit_breakers.default.cx_open: 1
            cluster.a.circuit_breakers.high.rq_open: 1
            cluster.zzz.upstream_rq_total: 9
            """
        let snapshot = try EnvoyAdminParser.parse(
            clustersJSON: Array(clusters.utf8), stats: stats, source: "envoy", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        let a = try #require(snapshot.pool(named: "a")), ab = try #require(snapshot.pool(named: "a.b")), c = try #require(snapshot.pool(named: "c"))
        #expect(a.counters.requests == 5 && ab.counters.requests == 7 && c.counters.requests == nil)
        #expect(a.saturatedBreakers == ["high.rq_open"] && ab.saturatedBreakers == ["default.cx_open"] && c.saturatedBreakers.isEmpty)
        let grouped = EnvoyAdminParser.statsByCluster(try EnvoyAdminParser.parseStats(stats), names: ["a", "a.b", "c"])
        #expect(grouped["a"]?.hasOutlierDetection == false && grouped["a.b"]?.hasOutlierDetection == true)
    }
}
