import Foundation
import Testing
import BalancerAdapters
import PostmotermCore

@Suite struct TransportTests {
    @Test func chunkedAndContentLengthBodies() throws {
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n".utf8)
        #expect(try HTTPResponse.parse(chunked).body == Array("abcdefg".utf8))
        let sized = Array("HTTP/1.0 401 Unauthorized\r\nContent-Length: 2\r\nX-A: b\r\n\r\nokEXTRA".utf8)
        let response = try HTTPResponse.parse(sized)
        #expect(response.status == 401 && response.body == Array("ok".utf8) && response.headers["x-a"] == "b")
        #expect(throws: HTTPResponse.ParseError.truncatedBody) {
            try HTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc".utf8))
        }
        #expect(throws: HTTPResponse.ParseError.self) { try HTTPResponse.parse(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) }
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
