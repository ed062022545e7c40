import Foundation
import Testing
@testable import BalancerAdapters
@testable import LoopbackLab
import PostmotermCore

/// `haproxy+https://` against a real HAProxy 2.6 serving its stats page over TLS on loopback,
/// with a self-signed certificate for 127.0.0.1 made by the `openssl` CLI at test time.
///
/// Serialized, and each lab is made off the cooperative pool (``TLSStatsLab/make(tls:)``): key
/// generation and HAProxy's start block, and the pool has only as many threads as cores, so
/// parallel labs would stall the timing-sensitive tests of other suites.
@Suite(.serialized, .timeLimit(.minutes(1))) struct HTTPSStatsPageTests {
    @Test func trustedCertificateGivesTheInstances() async throws {
        let lab = try await TLSStatsLab.make()
        defer { lab.stop() }
        let response = try await HTTPFetch.get(lab.request(password: "secret", caFile: lab.certificatePath),
                                               source: lab.address, timeout: 5, limit: 1 << 20)
        let snapshot = try HAProxyCSVParser.parse(response.body, source: lab.address.display,
                                                  takenAt: SystemClock().now(), monotonicTime: 0)
        let pool = try #require(snapshot.pool(named: "api"))
        #expect(pool.instances.map(\.name) == ["api-1", "api-2"])
        #expect(snapshot.instance(pool: "api", name: "api-2")?.configuredWeight == 3)
    }

    @Test func selfSignedCertificateIsNotTrustedByTheSystemStore() async throws {
        let lab = try await TLSStatsLab.make()
        defer { lab.stop() }
        // The public path: what `postmoterm` does for a haproxy+https:// address.
        let address = try BalancerAddress.parse("haproxy+https://ops:secret@127.0.0.1:\(lab.port)/stats;csv")
        let source = try #require(HAProxyStatsPageSource(address: address))
        let error = await #expect(throws: BalancerFetchError.self) {
            try await source.fetch(timeout: 5, clock: SystemPollClock())
        }
        let text = error?.description ?? ""
        #expect(text.contains("certificate of 127.0.0.1 could not be verified"), "\(text)")
        #expect(text.contains("self-signed certificate"), "\(text)")
        #expect(text.contains("SSL_CERT_FILE"), "\(text)")
        #expect(!text.contains("secret"))
        #expect(error?.failure.kind == .unreachable)
    }

    @Test func certificateForAnotherNameIsRefused() async throws {
        let lab = try await TLSStatsLab.make()
        defer { lab.stop() }
        // Trusted CA, but the certificate is for 127.0.0.1, not "localhost".
        var request = lab.request(password: "secret", caFile: lab.certificatePath)
        request.host = "localhost"
        let error = await #expect(throws: BalancerFetchError.self) {
            try await HTTPFetch.get(request, source: lab.address, timeout: 5, limit: 1 << 20)
        }
        let text = error?.description ?? ""
        #expect(text.contains("could not be verified") && text.contains("mismatch"), "\(text)")
    }

    @Test func wrongPasswordIsA401() async throws {
        let lab = try await TLSStatsLab.make()
        defer { lab.stop() }
        let error = await #expect(throws: BalancerFetchError.self) {
            try await HTTPFetch.get(lab.request(password: "wrong", caFile: lab.certificatePath),
                                    source: lab.address, timeout: 5, limit: 1 << 20)
        }
        #expect(error?.reason == .unauthorized(hadCredentials: true))
        #expect(error?.description.contains("401 unauthorized: the credentials were refused") == true)
    }

    @Test func serverThatNeverCompletesTheHandshakeTimesOut() async throws {
        // Accepts (the kernel completes TCP), never answers the ClientHello.
        let listener = try LoopbackSocket.makeListener(port: 0, backlog: 4)
        defer { close(listener) }
        let port = LoopbackSocket.boundPort(listener)
        let address = BalancerAddress(endpoint: .haproxyStatsPage(secure: true, host: "127.0.0.1", port: Int(port), path: "/stats;csv"))
        let request = HTTPRequest(secure: true, host: "127.0.0.1", port: Int(port), path: "/stats;csv")
        let started = Date()
        let error = await #expect(throws: BalancerFetchError.self) {
            try await HTTPFetch.get(request, source: address, timeout: 0.5, limit: 1 << 20)
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.reason == .transport(.timedOut(phase: "the TLS handshake", seconds: 0.5)))
        #expect(error?.description.contains("timed out after 500ms waiting for the TLS handshake") == true)
        #expect(elapsed >= 0.45 && elapsed < 2, "took \(elapsed)s")
    }

    @Test func plainHTTPOnAnHTTPSAddressSaysSo() async throws {
        let lab = try await TLSStatsLab.make(tls: false)
        defer { lab.stop() }
        let error = await #expect(throws: BalancerFetchError.self) {
            try await HTTPFetch.get(lab.request(password: "secret", caFile: nil), source: lab.address, timeout: 5, limit: 1 << 20)
        }
        let text = error?.description ?? ""
        #expect(text.contains("HTTPS failed: TLS handshake failed"), "\(text)")
    }

    @Test func responseCapAppliesOverTLS() async throws {
        let lab = try await TLSStatsLab.make()
        defer { lab.stop() }
        let error = await #expect(throws: BalancerFetchError.self) {
            try await HTTPFetch.get(lab.request(password: "secret", caFile: lab.certificatePath),
                                    source: lab.address, timeout: 5, limit: 200)
        }
        #expect(error?.reason == .transport(.responseTooLarge(limit: 200)))
    }
}
