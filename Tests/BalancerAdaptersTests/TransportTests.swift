import Foundation
import Testing
import BalancerAdapters
import PostmotermCore

@Suite(.timeLimit(.minutes(1))) struct TransportTests {
    @Test func chunkedAndContentLengthBodies() throws {
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n".utf8)
        #expect(try HTTPResponse.parse(chunked).body == Array("abcdefg".utf8))
        let sized = Array("HTTP/1.0 401 Unauthorized\r\nContent-Length: 2\r\nX-A: b\r\n\r\nokEXTRA".utf8)
        let response = try HTTPResponse.parse(sized)
        #expect(response.status == 401 && response.body == Array("ok".utf8) && response.headers["x-a"] == "b")
        #expect(throws: HTTPResponse.ParseError.truncatedChunked(got: 0)) {
            try HTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc".utf8))
        }
        #expect(throws: HTTPResponse.ParseError.self) { try HTTPResponse.parse(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) }
    }

    @Test func aLargeAnswerArrivesWholeAndInOrder() throws {
        // 700 KiB, far past the first 64 KiB of the receive buffer: it grows several times.
        let path = NSTemporaryDirectory() + "/pm-big-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let listener = try BadInputTests.listenUnix(path)
        defer { close(listener); unlink(path) }
        let answer = (0..<(700 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let served = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { served.signal() }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            var request = [UInt8](repeating: 0, count: 64)
            _ = recv(client, &request, request.count, 0)
            var sent = 0
            while sent < answer.count {
                let written = answer.withUnsafeBytes { send(client, $0.baseAddress! + sent, min(4096, answer.count - sent), Int32(MSG_NOSIGNAL)) }
                if written <= 0 { return }
                sent += written
            }
        }
        let got = try SocketExchange.run(.unix(path: path), request: Array("show stat\n".utf8), timeout: 5, limit: 1 << 20)
        served.wait()
        #expect(got.count == answer.count)
        #expect(got == answer)
        #expect(throws: TransportError.responseTooLarge(limit: 1024)) {
            let again = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                defer { again.signal() }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                // The request first: closing on it unread could reset the client before it sent it.
                var request = [UInt8](repeating: 0, count: 64)
                _ = recv(client, &request, request.count, 0)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress!, 8192, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            defer { again.wait() }
            _ = try SocketExchange.run(.unix(path: path), request: Array("show stat\n".utf8), timeout: 5, limit: 1024)
        }
    }

    @Test func aPeerThatStopsHalfwayTimesOutWithWhatItSaidSoFarDropped() throws {
        // The read-to-the-close path: part of an answer, then silence with the connection open.
        let path = NSTemporaryDirectory() + "/pm-half-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let listener = try BadInputTests.listenUnix(path)
        defer { close(listener); unlink(path) }
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { done.signal() }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            _ = Array("# pxname,svname,status\napi,a,UP\n".utf8).withUnsafeBytes { send(client, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            _ = release.wait(timeout: .now() + 5)
        }
        let started = Date()
        #expect(throws: TransportError.timedOut(phase: "the rest of the answer", seconds: 0.3)) {
            _ = try SocketExchange.run(.unix(path: path), request: Array("show stat\n".utf8), timeout: 0.3, limit: 1 << 20)
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.29 && elapsed < 1.5, "took \(elapsed)s")
        release.signal()
        done.wait()
    }

    @Test func credentialsResolution() throws {
        let page = try BalancerAddress.parse("haproxy+http://127.0.0.1:8404/stats")
        let file = NSTemporaryDirectory() + "/postmoterm-auth-\(UUID().uuidString)"
        try "ops:from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let env = ["POSTMOTERM_BALANCER_AUTH": "env:from-env"]
        #expect(try BalancerCredentialsResolver.resolve(page, authFile: file, environment: env).credentials?.password == "from-file")
        #expect(try BalancerCredentialsResolver.resolve(page, authFile: nil, environment: env).credentials?.user == "env")
        let inline = try BalancerAddress.parse("haproxy+http://u:inline@127.0.0.1:8404/stats")
        #expect(try BalancerCredentialsResolver.resolve(inline, authFile: file, environment: env).credentials?.password == "inline")
        let socket = try BalancerAddress.parse("/run/haproxy/admin.sock")
        #expect(try BalancerCredentialsResolver.resolve(socket, authFile: file, environment: env).credentials == nil)
        #expect(throws: BalancerCredentialsResolver.Failure.malformed("$POSTMOTERM_BALANCER_AUTH")) {
            try BalancerCredentialsResolver.resolve(page, authFile: nil, environment: ["POSTMOTERM_BALANCER_AUTH": "nocolon"])
        }
        #expect(throws: BalancerCredentialsResolver.Failure.self) {
            try BalancerCredentialsResolver.resolve(page, authFile: "/nonexistent/auth", environment: [:])
        }
    }
}
