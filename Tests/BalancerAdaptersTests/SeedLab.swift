import Foundation
import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// The seed's situation on loopback: a real HAProxy with pool `api` of three servers (weights
/// 1/10/1) in front of three ``TinyHTTPBackend``s, health checks every 200 ms, the admin socket,
/// a TCP runtime socket and a stats page with basic auth. ``stop()`` stops everything.
final class SeedLab: @unchecked Sendable {
    static let checkInterval = 0.2

    let backends: [TinyHTTPBackend]
    let haproxy: HAProxyProcess
    let frontendPort: UInt16
    let statsPage: HAProxyConfig.StatsPage

    /// `observeErrorLimit` puts `observe layer7 … on-error mark-down` on api-1.
    init(weights: [Int] = [1, 10, 1], observeErrorLimit: Int? = nil, rise: Int = 2, fall: Int = 2) throws {
        let backends = weights.map { _ in TinyHTTPBackend() }
        self.backends = backends
        for backend in backends { try backend.start() }
        let ports = try FreePort.allocate(count: 3)
        frontendPort = ports[0]
        statsPage = HAProxyConfig.StatsPage(port: ports[1], user: "ops", password: "lab-secret")
        let servers = zip(weights.indices, weights).map { index, weight in
            HAProxyConfig.Server(name: "api-\(index + 1)", port: backends[index].port, weight: weight,
                                 observeErrorLimit: index == 0 ? observeErrorLimit : nil)
        }
        let config = HAProxyConfig(
            pools: [HAProxyConfig.Pool(name: "api", servers: servers, checkInterval: Self.checkInterval, rise: rise, fall: fall, frontendPort: frontendPort)],
            statsPage: statsPage, runtimeTCPPort: ports[2])
        haproxy = try HAProxyProcess(config: config)
        do {
            try haproxy.start()
        } catch {
            backends.forEach { $0.stop() }
            throw error
        }
    }

    deinit { stop() }

    func stop() {
        haproxy.stop()
        backends.forEach { $0.stop() }
    }

    var unixAddress: BalancerAddress { try! BalancerAddress.parse(haproxy.unixAddress) }
    var tcpAddress: BalancerAddress { try! BalancerAddress.parse(haproxy.tcpAddress!) }
    var statsAddress: BalancerAddress {
        try! BalancerAddress.parse(haproxy.statsPageAddress!).with(credentials: BasicCredentials(user: statsPage.user, password: statsPage.password))
    }

    /// Sends `count` requests through the frontend; returns their status codes.
    @discardableResult
    func sendRequests(_ count: Int) -> [Int] {
        (0..<count).map { _ in
            let request = Array("GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".utf8)
            guard let bytes = try? SocketExchange.run(.tcp(host: "127.0.0.1", port: Int(frontendPort)), request: request, timeout: 2, limit: 65536),
                  let response = try? HTTPResponse.parse(bytes) else { return 0 }
            return response.status
        }
    }
}

/// Polls `poller` (forced, one round after another) until `condition` holds for an update, or
/// `rounds` rounds have passed; returns every update seen, the last one matching if it did. Each
/// round asks HAProxy once (a few ms), so the bound is in rounds, not in seconds of a busy machine.
func pollUntil(
    _ poller: BalancerPoller, rounds: Int = 2_000, _ condition: (MonitorUpdate) -> Bool
) async -> (matched: Bool, updates: [MonitorUpdate]) {
    var updates: [MonitorUpdate] = []
    for _ in 0..<rounds {
        let update = await poller.pollOnce(force: true)
        updates.append(update)
        if condition(update) { return (true, updates) }
    }
    return (false, updates)
}

extension MonitorUpdate {
    func instance(_ pool: String, _ name: String) -> BalancerInstance? {
        sources.lazy.compactMap { $0.snapshot?.instance(pool: pool, name: name) }.first
    }
}
