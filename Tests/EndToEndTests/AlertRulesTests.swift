import Foundation
import PostmotermCore
import Testing
@testable import LoopbackLab

/// The alert rules shipped in `alerting/` (issue 16): `promtool` accepts them and their unit
/// tests (`alerting/rules.test.yml`, the seed outage in HAProxy's metrics) pass; the metrics they
/// read are the ones a real HAProxy 2.6 exports; every `runbook_url` names a shipped playbook.
@Suite(.serialized) struct AlertRulesTests {
    static let checkout = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let alerting = checkout.appendingPathComponent("alerting")
    static let rules = alerting.appendingPathComponent("rules.yml")

    /// `promtool` on the PATH or in /usr/bin (Debian's `prometheus` package; scripts/setup installs it).
    static let promtool: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (path + ["/usr/bin"]).map { ($0 as NSString).appendingPathComponent("promtool") }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let promtoolMissing =
        "promtool is not installed: scripts/setup installs it (apt-get install prometheus); the rules are not checked"

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs promtool in `alerting/` (the tests name `rules.yml` relative to themselves).
    static func promtool(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(promtool))
        process.arguments = arguments
        process.currentDirectoryURL = alerting
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: promtool != nil, Comment(rawValue: promtoolMissing)), .timeLimit(.minutes(1)))
    func promtoolAcceptsTheRules() throws {
        let run = try Self.promtool(["check", "rules", "rules.yml"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("SUCCESS"), "\(run.output)")
    }

    @Test(.enabled(if: promtool != nil, Comment(rawValue: promtoolMissing)), .timeLimit(.minutes(1)))
    func theRulesUnitTestsPass() throws {
        let run = try Self.promtool(["test", "rules", "rules.test.yml"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("SUCCESS"), "\(run.output)")
    }

    /// Every alert's `runbook_url` resolves (``RunbookResolver``, by its last path segment) to a
    /// playbook shipped in `playbooks/`.
    @Test func everyRunbookURLResolvesToAShippedPlaybook() throws {
        let text = try String(contentsOf: Self.rules, encoding: .utf8)
        let playbooks = Self.checkout.appendingPathComponent("playbooks")
        let candidates = try FileManager.default.contentsOfDirectory(atPath: playbooks.path).filter { $0.hasSuffix(".md") }
            .map { RunbookResolver.Candidate(path: playbooks.appendingPathComponent($0).path) }
        var alert: String?
        var checked = 0
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("- alert:") {
                #expect(alert == nil, "\(alert ?? "") has no runbook_url")
                alert = line.dropFirst("- alert:".count).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("runbook_url:"), let name = alert {
                let url = line.dropFirst("runbook_url:".count).trimmingCharacters(in: .whitespaces)
                let match = RunbookResolver.resolve(alertname: name, runbookURL: url, among: candidates)
                #expect(match?.reason == .runbookURL, "\(name): \(url) resolves to no shipped playbook")
                alert = nil
                checked += 1
            }
        }
        #expect(alert == nil, "\(alert ?? "") has no runbook_url")
        #expect(checked == 4)
    }

    /// The metric names and labels the rules read, as HAProxy 2.6's own exporter writes them
    /// (the LoopbackLab configuration's `frontend prometheus`).
    @Test(.timeLimit(.minutes(1)))
    func aRealHAProxyExportsWhatTheRulesRead() throws {
        guard FileManager.default.isExecutableFile(atPath: HAProxyProcess.defaultExecutable) else {
            Issue.record("HAProxy is not installed (scripts/setup installs it)")
            return
        }
        let port = try FreePort.allocate()
        let pool = HAProxyConfig.Pool(
            name: "api",
            servers: [
                .init(name: "api-1", port: 9, weight: 1, check: false),
                .init(name: "api-2", port: 9, weight: 10, check: false),
                .init(name: "api-3", port: 9, weight: 1, check: false, disabled: true),
            ], httpCheckPath: nil)
        let haproxy = try HAProxyProcess(config: HAProxyConfig(pools: [pool], prometheusExporterPort: port))
        try haproxy.start()
        defer { haproxy.stop() }
        let metrics = try #require(Self.get(port: port, path: "/metrics"), "no answer from the exporter on \(port)")
        #expect(metrics.hasPrefix("HTTP/1.1 200"), "\(metrics.prefix(200))")
        for line in [
            #"haproxy_server_weight{proxy="api",server="api-2"} 10"#,
            #"haproxy_server_status{proxy="api",server="api-1",state="UP"} 1"#,
            #"haproxy_server_status{proxy="api",server="api-3",state="MAINT"} 1"#,
            #"haproxy_server_status{proxy="api",server="api-3",state="DOWN"} 0"#,
            #"haproxy_server_sessions_total{proxy="api",server="api-1"} 0"#,
            #"haproxy_backend_http_responses_total{proxy="api",code="5xx"} 0"#,
        ] {
            #expect(metrics.contains("\n" + line + "\n"), "the exporter has no line \(line)")
        }
    }

    /// One HTTP/1.0 GET on loopback, the whole answer (headers and body), up to 8 MB.
    static func get(port: UInt16, path: String) -> String? {
        guard let socket = try? LoopbackSocket.makeConnection(port: port, timeout: 5) else { return nil }
        defer { close(socket) }
        guard LoopbackSocket.writeAll(socket, Array("GET \(path) HTTP/1.0\r\nHost: x\r\n\r\n".utf8)),
              let answer = LoopbackSocket.read(socket, limit: 8 << 20)
        else { return nil }
        return String(decoding: answer, as: UTF8.self)
    }
}
