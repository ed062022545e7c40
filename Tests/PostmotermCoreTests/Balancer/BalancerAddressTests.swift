import Testing
@testable import PostmotermCore

@Suite struct BalancerAddressTests {
    @Test func unixSchemeAndBarePathMeanTheSame() throws {
        let a = try BalancerAddress.parse("haproxy+unix:///run/haproxy/admin.sock")
        let b = try BalancerAddress.parse("/run/haproxy/admin.sock")
        #expect(a == b)
        #expect(a.endpoint == .haproxyUnix(path: "/run/haproxy/admin.sock"))
        #expect(a.display == "haproxy+unix:///run/haproxy/admin.sock")
        #expect(a.isRuntimeSocket)
    }

    @Test func tcpNeedsPort() throws {
        #expect(try BalancerAddress.parse("haproxy+tcp://127.0.0.1:9999").endpoint == .haproxyTCP(host: "127.0.0.1", port: 9999))
        #expect(throws: BalancerAddressError.missingPort("haproxy+tcp")) { try BalancerAddress.parse("haproxy+tcp://lb") }
        #expect(throws: BalancerAddressError.badPort("haproxy+tcp")) { try BalancerAddress.parse("haproxy+tcp://lb:99999") }
    }

    @Test func statsPageCredentialsAreMaskedAndCsvAppended() throws {
        let address = try BalancerAddress.parse("haproxy+https://admin:s3cr%40t@lb.example:8404/stats")
        #expect(address.endpoint == .haproxyStatsPage(secure: true, host: "lb.example", port: 8404, path: "/stats;csv"))
        #expect(address.credentials == BasicCredentials(user: "admin", password: "s3cr@t"))
        #expect(address.display == "haproxy+https://***:***@lb.example:8404/stats;csv")
        #expect(!address.display.contains("s3cr"))
        #expect(!"\(address.credentials!)".contains("s3cr"))
        let plain = try BalancerAddress.parse("haproxy+http://[::1]:8404/haproxy?stats;csv")
        #expect(plain.endpoint == .haproxyStatsPage(secure: false, host: "::1", port: 8404, path: "/haproxy?stats;csv"))
        #expect(plain.display == "haproxy+http://[::1]:8404/haproxy?stats;csv")
    }

    @Test func envoy() throws {
        let address = try BalancerAddress.parse("envoy+http://127.0.0.1:9901")
        #expect(address.endpoint == .envoyAdmin(host: "127.0.0.1", port: 9901))
        #expect(!address.isHAProxy)
    }

    @Test func rejectsUnknownAndEscapesIt() {
        #expect(throws: BalancerAddressError.unknownScheme("nginx")) { try BalancerAddress.parse("nginx://x:1") }
        #expect(throws: BalancerAddressError.unknownScheme("lb^[[31m")) { try BalancerAddress.parse("lb\u{1B}[31m") }
        #expect(throws: BalancerAddressError.empty) { try BalancerAddress.parse("  ") }
        #expect(throws: BalancerAddressError.credentialsWithoutPassword) { try BalancerAddress.parse("haproxy+http://admin@lb:80/") }
    }

    @Test func credentialsFromUserColonPassword() {
        #expect(BasicCredentials(userColonPassword: "ops:pa:ss\n") == BasicCredentials(user: "ops", password: "pa:ss"))
        #expect(BasicCredentials(userColonPassword: "nocolon") == nil)
        #expect(BasicCredentials(user: "Aladdin", password: "open sesame").authorizationHeader == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    }
}
