import Foundation
@testable import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// A real HAProxy whose stats page (`ops:secret`, pool `api` with `api-1`, `api-2`) is bound with
/// `ssl crt` on a self-signed certificate for 127.0.0.1, generated with the `openssl` CLI. Stop
/// it with ``stop()`` (removes HAProxy's directory and the certificate's).
final class TLSStatsLab: @unchecked Sendable {
    let haproxy: HAProxyProcess
    let port: UInt16
    let directory: String
    /// The certificate alone (what a client trusts).
    let certificatePath: String

    /// Makes the lab on a thread of its own (key generation and HAProxy's start block).
    static func make(tls: Bool = true) async throws -> TLSStatsLab {
        try await BlockingIO.run { () throws -> TLSStatsLab in try TLSStatsLab(tls: tls) }
    }

    init(tls: Bool = true) throws {
        directory = NSTemporaryDirectory() + "/postmoterm-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        certificatePath = directory + "/cert.pem"
        let keyPath = directory + "/key.pem"
        let bundlePath = directory + "/haproxy.pem"
        do {
            try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
                              "-keyout", keyPath, "-out", certificatePath])
            let bundle = try String(contentsOfFile: certificatePath, encoding: .utf8) + String(contentsOfFile: keyPath, encoding: .utf8)
            try bundle.write(toFile: bundlePath, atomically: true, encoding: .utf8)
            port = try FreePort.allocate()
            let servers = [
                HAProxyConfig.Server(name: "api-1", port: 9, weight: 1, check: false),
                HAProxyConfig.Server(name: "api-2", port: 9, weight: 3, check: false),
            ]
            let config = HAProxyConfig(pools: [HAProxyConfig.Pool(name: "api", servers: servers, httpCheckPath: nil)],
                                       statsPage: HAProxyConfig.StatsPage(port: port, user: "ops", password: "secret"))
            haproxy = try HAProxyProcess(config: config)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        if tls {
            // HAProxyConfig has no TLS option: turn the stats page's bind into a TLS one.
            let plain = "    bind 127.0.0.1:\(port)\n"
            let text = try String(contentsOfFile: haproxy.configPath, encoding: .utf8)
            precondition(text.contains(plain), "stats bind line not found in \(text)")
            try text.replacingOccurrences(of: plain, with: "    bind 127.0.0.1:\(port) ssl crt \(bundlePath)\n")
                .write(toFile: haproxy.configPath, atomically: true, encoding: .utf8)
        }
        do {
            try haproxy.start()
        } catch {
            stop()
            throw error
        }
    }

    var address: BalancerAddress {
        BalancerAddress(endpoint: .haproxyStatsPage(secure: true, host: "127.0.0.1", port: Int(port), path: "/stats;csv"),
                        credentials: BasicCredentials(user: "ops", password: "secret"))
    }

    func request(password: String, caFile: String?) -> HTTPRequest {
        HTTPRequest(secure: true, host: "127.0.0.1", port: Int(port), path: "/stats;csv",
                    authorization: .basic(BasicCredentials(user: "ops", password: password)), caFile: caFile)
    }

    func stop() {
        haproxy.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the `openssl` CLI, quietly; throws with its output when it fails.
    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")): " + String(decoding: data, as: UTF8.self)])
        }
    }
}
