import Foundation
import Testing
import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// Every malformed answer of ``HostileAnswer`` through the real sources, over each transport
/// (runtime API on a unix socket and on TCP, one-shot and interactive; the stats page over HTTP;
/// Envoy's admin interface): a cut or badly framed answer is a failed poll with a reason, never a
/// table of what survived (issues 14.6, 18.1, 18.2, 18.11).
@Suite(.timeLimit(.minutes(1))) struct HostileBalancerTests {
    static func socketPath() -> String {
        NSTemporaryDirectory() + "/pm-hostile-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
    }

    /// Polls `address` once (2 s) and returns the snapshot or the failure.
    static func poll(_ address: String, timeout: Double = 2) async throws -> Result<BalancerSnapshot, BalancerFetchError> {
        let source = BalancerSources.make(try BalancerAddress.parse(address))
        do {
            return .success(try await source.fetch(timeout: timeout, clock: SystemPollClock()))
        } catch let error as BalancerFetchError {
            return .failure(error)
        }
    }

    static func failure(_ result: Result<BalancerSnapshot, BalancerFetchError>) -> String? {
        if case .failure(let error) = result { return error.description }
        return nil
    }

    /// The runtime API on a unix socket and on TCP, non-interactive (answer, close) and
    /// interactive (prompt kept): the same answer over each.
    static func overEveryRuntimeTransport(
        _ answer: HostileAnswer, check: (String, Result<BalancerSnapshot, BalancerFetchError>) -> Void
    ) async throws {
        for interactive in [false, true] {
            var kept = answer
            if interactive, kept.ending == .close { kept.ending = .keepOpen }
            let reply = kept
            let unix = try HostileBalancer(.unix(path: socketPath()), protocol: .runtime(interactive: interactive)) { _ in reply }
            defer { unix.stop() }
            check("unix interactive=\(interactive)", try await poll("haproxy+unix://" + unix.socketPath!))
            let tcp = try HostileBalancer(.tcp, protocol: .runtime(interactive: interactive)) { _ in reply }
            defer { tcp.stop() }
            check("tcp interactive=\(interactive)", try await poll("haproxy+tcp://127.0.0.1:\(tcp.port)"))
        }
    }

    @Test func aWholeRuntimeAnswerIsLiveOverEveryTransport() async throws {
        try await Self.overEveryRuntimeTransport(HostileAnswer(HostileAnswer.showStat())) { transport, result in
            #expect((try? result.get())?.pools.map(\.instances.count) == [2], "\(transport): \(result)")
        }
    }

    @Test func aRuntimeAnswerClosedAfterACompleteRowIsAFailedPoll() async throws {
        try await Self.overEveryRuntimeTransport(.showStatCutAfterARow) { transport, result in
            #expect(Self.failure(result)?.contains("truncated HAProxy CSV") == true, "\(transport): \(result)")
        }
        try await Self.overEveryRuntimeTransport(.showStatWithoutItsEnd) { transport, result in
            #expect(Self.failure(result)?.contains("without the empty line") == true, "\(transport): \(result)")
        }
    }

    @Test func aCutHeaderFollowedByThePromptIsNotLiveWithNoPools() async throws {
        let server = try HostileBalancer(.unix(path: Self.socketPath()), protocol: .runtime(interactive: true)) { _ in .cutHeaderThenPrompt }
        defer { server.stop() }
        let result = try await Self.poll("haproxy+unix://" + server.socketPath!)
        #expect(Self.failure(result)?.contains("truncated HAProxy CSV") == true, "\(result)")
    }

    @Test func weightsPastInt64MaxShareTheirPoolWithoutATrap() async throws {
        try await Self.overEveryRuntimeTransport(.showStatWeightsPastInt64) { transport, result in
            let shares = (try? result.get())?.pools.first?.instances.map(\.share)
            #expect(shares == [0.5, 0.5], "\(transport): \(result)")
        }
        let envoy = try HostileBalancer(.tcp, protocol: .http) { head in
            head.hasPrefix("GET /clusters")
                ? .http("Content-Type: application/json", body: HostileAnswer.envoyClusters(weight: "9223372036854775807"))
                : .http("Content-Type: text/plain", body: "cluster.api.upstream_rq_total: 1\n")
        }
        defer { envoy.stop() }
        let result = try await Self.poll("envoy+http://127.0.0.1:\(envoy.port)")
        #expect((try? result.get())?.pools.first?.instances.map(\.share) == [0.5, 0.5], "\(result)")
    }

    @Test(arguments: [
        ("short body", HostileAnswer.httpShortBody, "Content-Length"),
        ("negative length", HostileAnswer.httpNegativeLength, "invalid Content-Length: -5"),
        ("chunked cut at a row", HostileAnswer.httpChunkedCutAtARow, "without its last chunk"),
    ])
    func aBadlyFramedStatsPageIsAFailedPoll(_ name: String, _ answer: HostileAnswer, _ expected: String) async throws {
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in answer }
        defer { server.stop() }
        let result = try await Self.poll("haproxy+http://127.0.0.1:\(server.port)/stats")
        #expect(Self.failure(result)?.contains(expected) == true, "\(name): \(result)")
    }

    @Test func bytesThatOnlyLookLikeTheLastChunkAreNotTheEnd() async throws {
        // The server holds the connection open after them: a reader that believed them whole
        // would answer at once; this one waits for the rest and times out.
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in .httpChunkEndLookalike }
        defer { server.stop() }
        let result = try await Self.poll("haproxy+http://127.0.0.1:\(server.port)/stats", timeout: 0.5)
        #expect(Self.failure(result)?.contains("timed out") == true, "\(result)")
    }

    @Test func aWholeChunkedStatsPageWithExtensionsAndTrailersIsLive() async throws {
        let csv = String(HostileAnswer.showStat().dropLast())
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in .httpChunked(csv) }
        defer { server.stop() }
        let result = try await Self.poll("haproxy+http://127.0.0.1:\(server.port)/stats")
        #expect((try? result.get())?.pools.map(\.instances.count) == [2], "\(result)")
    }

    @Test func anEnvoyAnswerCutShortIsAFailedPoll() async throws {
        let clusters = HostileAnswer.envoyClusters(weight: "1")
        let server = try HostileBalancer(.tcp, protocol: .http) { head in
            head.hasPrefix("GET /clusters")
                ? .http("Content-Length: \(clusters.utf8.count)", body: String(clusters.dropLast(20)))
                : .http("Content-Type: text/plain", body: "cluster.api.upstream_rq_total: 1\n")
        }
        defer { server.stop() }
        let result = try await Self.poll("envoy+http://127.0.0.1:\(server.port)")
        #expect(Self.failure(result)?.contains("cut short") == true, "\(result)")
    }
}
