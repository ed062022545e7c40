import BalancerAdapters
import Foundation
import LoopbackLab
import Testing

/// The kept-alive connection the alerts are polled on: one connection for many requests, the body
/// compared with the previous one, and a connection the server closed replaced once.
@Suite(.timeLimit(.minutes(1)), .serialized) struct HTTPKeepAliveConnectionTests {
    static func get(_ port: UInt16) -> HTTPRequest {
        HTTPRequest(method: .get, secure: false, host: "127.0.0.1", port: Int(port), path: "/api/v2/alerts")
    }

    static func body(_ text: String) -> TinyHTTPBackend.Behavior {
        .respond(status: 200, contentType: "application/json", body: Array(text.utf8))
    }

    @Test func oneConnectionServesEveryPollAndARepeatedBodyIsNotCopied() async throws {
        let server = TinyHTTPBackend(behavior: Self.body("[1,2,3]"), keepAlive: true)
        try server.start()
        defer { server.stop() }
        let connection = HTTPKeepAliveConnection()
        let first = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: nil)
        #expect(first.status == 200 && first.body == Array("[1,2,3]".utf8) && !first.repeatsPrevious)
        var previous = first.body
        for _ in 0..<3 {
            let again = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: previous)
            #expect(again.repeatsPrevious && again.body == previous)
            previous = again.body
        }
        server.set(Self.body("[1,2,3,4]"))
        let changed = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: previous)
        #expect(!changed.repeatsPrevious && changed.body == Array("[1,2,3,4]".utf8))
        #expect(server.requestCount == 5)
        #expect(server.connectionCount == 1)
        #expect(server.lastRequestHead.contains("Connection: keep-alive"))
    }

    @Test func aServerThatClosesEachTimeIsAskedOnANewConnection() async throws {
        let server = TinyHTTPBackend(behavior: Self.body("ok"))  // Connection: close
        try server.start()
        defer { server.stop() }
        let connection = HTTPKeepAliveConnection()
        for _ in 0..<3 {
            let answer = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: nil)
            #expect(answer.body == Array("ok".utf8))
        }
        #expect(server.connectionCount == 3)
    }

    @Test func aKeptConnectionTheServerDroppedIsReplacedOnce() async throws {
        let server = TinyHTTPBackend(behavior: Self.body("ok"), keepAlive: true)
        try server.start()
        defer { server.stop() }
        let connection = HTTPKeepAliveConnection()
        _ = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: nil)
        // The server restarts on its port: the kept connection is closed under the client.
        server.stop()
        try server.start()
        let answer = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: nil)
        #expect(answer.body == Array("ok".utf8))
        #expect(server.connectionCount == 2)
    }

    @Test func aHangingAnswerTimesOutAndItsConnectionIsNotReused() async throws {
        let server = TinyHTTPBackend(behavior: .hang, keepAlive: true)
        try server.start()
        defer { server.stop() }
        let connection = HTTPKeepAliveConnection()
        let started = Date()
        await #expect(throws: TransportError.self) {
            _ = try await connection.perform(Self.get(server.port), timeout: 0.5, limit: 1 << 20, previous: nil)
        }
        #expect(Date().timeIntervalSince(started) < 5)
        server.set(Self.body("back"))
        let answer = try await connection.perform(Self.get(server.port), timeout: 2, limit: 1 << 20, previous: nil)
        #expect(answer.body == Array("back".utf8))
        #expect(server.connectionCount == 2)
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
        let server = TinyHTTPBackend(behavior: Self.body(String(repeating: "x", count: 100_000)), keepAlive: true)
        try server.start()
        defer { server.stop() }
        await #expect(throws: TransportError.responseTooLarge(limit: 1000)) {
            _ = try await HTTPKeepAliveConnection().perform(Self.get(server.port), timeout: 2, limit: 1000, previous: nil)
        }
    }
}
