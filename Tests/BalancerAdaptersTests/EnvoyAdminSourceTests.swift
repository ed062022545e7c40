import Testing
import BalancerAdapters
import LoopbackLab
import PostmotermCore

@Suite(.timeLimit(.minutes(1))) struct EnvoyAdminSourceTests {
    static let clusters = """
        {"cluster_statuses":[{"name":"api","host_statuses":[
          {"address":{"socket_address":{"address":"127.0.0.1","port_value":8081}},"stats":[{"name":"rq_total","value":"12"},{"name":"rq_error","value":"1"}],"health_status":{"eds_health_status":"HEALTHY"},"weight":1},
          {"address":{"socket_address":{"address":"127.0.0.1","port_value":8082}},"stats":[{"name":"rq_total","value":"120"}],"health_status":{"eds_health_status":"HEALTHY"},"weight":10},
          {"address":{"socket_address":{"address":"127.0.0.1","port_value":8083}},"stats":[],"health_status":{"eds_health_status":"HEALTHY","failed_outlier_check":true},"weight":1}
        ]}]}
        """
    static let stats = "cluster.api.outlier_detection.ejections_active: 1\ncluster.api.circuit_breakers.default.rq_pending_open: 1\ncluster.api.upstream_rq_total: 133\n"

    @Test func clustersAndStatsOverHTTP() async throws {
        let admin = TinyHTTPBackend(behavior: .byPath([
            "/clusters": .respond(status: 200, contentType: "application/json", body: Array(Self.clusters.utf8)),
            "/stats": .respond(status: 200, contentType: "text/plain", body: Array(Self.stats.utf8)),
        ], otherwise: .status(404)))
        try admin.start()
        defer { admin.stop() }
        let update = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse("envoy+http://127.0.0.1:\(admin.port)"))], timeout: 2).pollOnce()
        let snapshot = try #require(update.sources[0].snapshot, "\(update.sources[0].state)")
        let api = try #require(snapshot.pool(named: "api"))
        #expect(api.instances.map(\.breaker) == [.closed, .closed, .open])
        #expect(abs((api.instances[1].share ?? 0) - 10.0 / 11.0) < 0.001)
        #expect(api.saturatedBreakers == ["default.rq_pending_open"])
        #expect(Set(update.findings.map(\.kind)) == [.breakerOpen, .weightSkew])
    }

    @Test func notEnvoy() async throws {
        let admin = TinyHTTPBackend(behavior: .respond(status: 200, contentType: "text/html", body: Array("<html>hello</html>".utf8)))
        try admin.start()
        defer { admin.stop() }
        let update = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse("envoy+http://127.0.0.1:\(admin.port)"))], timeout: 2).pollOnce()
        #expect(update.findings.map(\.kind) == [.sourceGarbage])
    }
}
