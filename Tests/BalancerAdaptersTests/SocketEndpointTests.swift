import PostmotermCore
import Testing

@testable import BalancerAdapters

/// Which endpoints keep a whole exchange within its timeout by themselves (the monitor then
/// awaits their polls directly instead of racing them against a timer task).
@Suite(.timeLimit(.minutes(1))) struct SocketEndpointTests {
    @Test func unixSocketsAndIPLiteralsAreBoundedHostNamesAreNot() throws {
        #expect(SocketEndpoint.unix(path: "/run/haproxy/admin.sock").waitsAreBounded)
        #expect(SocketEndpoint.tcp(host: "127.0.0.1", port: 9999).waitsAreBounded)
        #expect(SocketEndpoint.tcp(host: "::1", port: 9999).waitsAreBounded)
        #expect(SocketEndpoint.tcp(host: "fd00::12:1", port: 80).waitsAreBounded)
        // A name goes through getaddrinfo, which no deadline bounds.
        #expect(!SocketEndpoint.tcp(host: "localhost", port: 9999).waitsAreBounded)
        #expect(!SocketEndpoint.tcp(host: "lb.internal.example", port: 9999).waitsAreBounded)
        #expect(!SocketEndpoint.tcp(host: "127.0.0.1.example", port: 9999).waitsAreBounded)
    }

    @Test func sourcesSayWhetherTheyBoundTheirOwnTime() throws {
        #expect(BalancerSources.make(try BalancerAddress.parse("/run/haproxy/admin.sock")).boundsItsOwnTime)
        #expect(BalancerSources.make(try BalancerAddress.parse("haproxy+tcp://10.0.0.5:9999")).boundsItsOwnTime)
        #expect(!BalancerSources.make(try BalancerAddress.parse("haproxy+tcp://lb.example:9999")).boundsItsOwnTime)
        #expect(BalancerSources.make(try BalancerAddress.parse("haproxy+http://127.0.0.1:8404/stats")).boundsItsOwnTime)
        #expect(!BalancerSources.make(try BalancerAddress.parse("envoy+http://envoy.example:9901")).boundsItsOwnTime)
    }
}
