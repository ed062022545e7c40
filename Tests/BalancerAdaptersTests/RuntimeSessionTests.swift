import Foundation
import Testing
@testable import BalancerAdapters
import PostmotermCore
#if canImport(Glibc)
import Glibc
#endif

/// ``RuntimeSession``: the polls' kept runtime API connection (interactive mode) against a real
/// HAProxy 2.6, and what it does with peers and connections that do not play along.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RuntimeSessionTests {
    static let showStat = Array("show stat\n".utf8)

    /// Pool and server names with their weights, as a parsed answer gives them.
    static func table(_ answer: [UInt8]) throws -> [String] {
        let snapshot = try HAProxyCSVParser.parse(answer, source: "test", takenAt: Timestamp(Date()), monotonicTime: 0)
        return snapshot.pools.flatMap { pool in pool.instances.map { "\(pool.name)/\($0.name) \($0.effectiveWeight)" } }
    }

    @Test func pollsShareOneConnectionAndReadWhatAOneShotExchangeReads() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let endpoint = SocketEndpoint.unix(path: lab.haproxy.socketPath)
        let oneShot = try Self.table(SocketExchange.run(endpoint, request: Self.showStat, timeout: 2, limit: 1 << 20))
        let session = RuntimeSession()
        for _ in 0..<5 {
            let answer = try #require(try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20))
            // The prompt is not part of the answer.
            #expect(!String(decoding: answer.suffix(4), as: UTF8.self).contains(">"))
            #expect(try Self.table(answer) == oneShot)
        }
        #expect(session.connectionsOpened == 1)
        // Other commands on the same connection keep working (each answer ends at its prompt).
        let info = try #require(try session.exchange(endpoint, command: Array("show info\n".utf8), timeout: 2, limit: 1 << 20))
        #expect(String(decoding: info, as: UTF8.self).hasPrefix("Name: HAProxy"))
        #expect(session.connectionsOpened == 1)
    }

    @Test func aConnectionThePeerClosedIsReopenedWithinThePoll() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let endpoint = SocketEndpoint.unix(path: lab.haproxy.socketPath)
        let session = RuntimeSession()
        _ = try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20)
        // `quit` makes HAProxy close the kept connection: that answer is cut off (also on the
        // one retry, which quits again)…
        #expect(throws: TransportError.closedWithoutAnswer) {
            try session.exchange(endpoint, command: Array("quit\n".utf8), timeout: 2, limit: 1 << 20)
        }
        // …and the next poll opens a new connection by itself.
        let answer = try #require(try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20))
        #expect(try Self.table(answer).contains("api/api-2 10"))
        #expect(session.connectionsOpened == 3)
    }

    @Test func anOldConnectionIsReplaced() throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let endpoint = SocketEndpoint.unix(path: lab.haproxy.socketPath)
        let clock = ManualPollClock()
        let session = RuntimeSession(maximumAge: 0.2, clock: clock)
        _ = try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20)
        _ = try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20)
        #expect(session.connectionsOpened == 1)
        clock.advance(seconds: 0.3)
        _ = try session.exchange(endpoint, command: Self.showStat, timeout: 2, limit: 1 << 20)
        #expect(session.connectionsOpened == 2)
    }

    @Test func aPeerThatAnswersSomethingElseGetsOneShotExchanges() throws {
        let directory = NSTemporaryDirectory() + "/postmoterm-session-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/other.sock"
        let listener = try BadInputTests.listenUnix(path)
        defer { close(listener) }
        // Answers every connection with one line and keeps it open until the test is done.
        let done = DispatchSemaphore(value: 0)
        defer { done.signal() }
        Thread.detachNewThread {
            var kept: [Int32] = []
            for _ in 0..<2 {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { break }
                _ = "HELLO\n".withCString { send(client, $0, 6, Int32(MSG_NOSIGNAL)) }
                kept.append(client)
            }
            done.wait()
            kept.forEach { close($0) }
        }
        let session = RuntimeSession()
        // Known at the first differing byte, not at the timeout: with an hour's timeout, waiting
        // for it would fail the test at its time limit.
        #expect(try session.exchange(.unix(path: path), command: Self.showStat, timeout: 3600, limit: 1 << 20) == nil)
        // And never asked again.
        #expect(try session.exchange(.unix(path: path), command: Self.showStat, timeout: 3600, limit: 1 << 20) == nil)
        #expect(session.connectionsOpened == 1)
    }
}
