import Foundation
import Testing
@testable import BalancerAdapters
import LoopbackLab
#if canImport(Glibc)
import Glibc
#endif

/// A TLS peer that dies after sending part of an answer (no close_notify): the exchange fails,
/// it does not hand the bytes over as a whole answer (issue 14.6; OpenSSL 3 reports it as
/// `SSL_ERROR_SSL`, "unexpected eof while reading").
@Suite struct TLSCutOffTests {
    @Test(.timeLimit(.minutes(1))) func aServerKilledAfterSomeDataIsAFailureNotAnEnd() throws {
        let directory = NSTemporaryDirectory() + "/postmoterm-tls-cut-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = (directory + "/cert.pem", directory + "/key.pem")
        try TLSStatsLab.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                                 "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", certificate])
        let port = try FreePort.allocate()
        // `openssl s_server` sends what it reads on stdin to the client: an answer whose body runs
        // to the close, so only the close could end it.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-naccept", "1"]
        let input = Pipe(), output = Pipe()
        server.standardInput = input
        server.standardOutput = output
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) }; server.waitUntilExit() }
        // Ready when it says ACCEPT (a bounded read: the line comes first, or the server died).
        var greeting = Data()
        while !String(decoding: greeting, as: UTF8.self).contains("ACCEPT") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "openssl s_server did not start")
            greeting.append(chunk)
        }
        input.fileHandleForWriting.write(Data("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npxname,svname\n".utf8))

        let pid = server.processIdentifier
        var killed = false
        #expect(throws: TLSError.self) {
            try TLSExchange.run(
                host: "127.0.0.1", port: Int(port), request: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeout: 10,
                limit: 1 << 20, caFile: certificate,
                isComplete: { _ in
                    // The first bytes are in: the server dies without a close_notify.
                    if !killed { kill(pid, SIGKILL); killed = true }
                    return false
                })
        }
        #expect(killed)
    }
}
