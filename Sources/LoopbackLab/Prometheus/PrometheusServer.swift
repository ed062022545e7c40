import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (Debian's `prometheus`) on a free loopback port, for tests and the demo.
///
/// ```swift
/// let prometheus = try PrometheusServer(config: PrometheusServer.config(scrape: [...]))
/// try prometheus.start()               // returns once /-/ready answers 200
/// defer { prometheus.stop() }
/// ```
///
/// Everything lives in a fresh temporary directory (`prometheus.yml`, the files given beside
/// it, the TSDB, its output `prometheus.log`). It runs as a ``SupervisedProcess``
/// (``LoopbackServerProcess``): stopped with its whole group by ``stop()``, by `deinit`, or by
/// the kernel-held lifeline if this process dies first.
public final class PrometheusServer: @unchecked Sendable {
    /// Why Prometheus could not be started.
    public enum Failure: Error, CustomStringConvertible {
        /// `prometheus` is not installed at the given path.
        case notInstalled(String)
        /// The temporary directory or a file in it could not be written.
        case cannotWrite(String)
        /// It exited or `/-/ready` did not answer in time; `log` is the end of its output.
        case didNotStart(reason: String, log: String)

        public var description: String {
            switch self {
            case .notInstalled(let path): "Prometheus is not installed at \(path) (scripts/setup installs prometheus)"
            case .cannotWrite(let detail): "cannot prepare Prometheus's directory: \(detail)"
            case .didNotStart(let reason, let log): "Prometheus did not start: \(reason)\n\(log)"
            }
        }
    }

    /// The default executable (Debian's package).
    public static let defaultExecutable = "/usr/bin/prometheus"

    /// Whether Prometheus is installed at the default path.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: defaultExecutable) }

    public let port: UInt16
    private let server: LoopbackServerProcess
    private let arguments: [String]

    public var executable: String { server.executable }
    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public var directory: String { server.directory }
    /// Prometheus's standard output and error.
    public var logPath: String { server.logPath }

    /// Writes `config` as `prometheus.yml` and each of `files` (name → text) beside it (a rule
    /// file named `rules.yml` is `rule_files: [rules.yml]`), and picks a free port; does not start
    /// Prometheus yet.
    public init(config: String, files: [String: String] = [:], executable: String = PrometheusServer.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        guard let server = LoopbackServerProcess(executable: executable, folderPrefix: "postmoterm-prometheus", logName: "prometheus.log") else {
            throw Failure.cannotWrite("mkdtemp: \(String(cString: strerror(errno)))")
        }
        self.server = server
        let directory = server.directory
        port = try FreePort.allocate()
        let configPath = directory + "/prometheus.yml"
        do {
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            for (name, text) in files {
                try text.write(toFile: (directory as NSString).appendingPathComponent((name as NSString).lastPathComponent),
                               atomically: true, encoding: .utf8)
            }
        } catch {
            throw Failure.cannotWrite("\(directory): \(error)")
        }
        arguments = [
            "--config.file=\(configPath)", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
    }

    deinit {
        stop()
    }

    /// The API's base URL (`http://127.0.0.1:PORT`).
    public var url: String { "http://127.0.0.1:\(port)" }

    /// A configuration: `interval` (seconds, e.g. 0.5) for scraping and rule evaluation, the
    /// `targets` (`host:port`) scraped as job `job` at `/metrics`, the rule files (names beside
    /// the configuration), the Alertmanagers (`host:port`) alerts are sent to, and `moreJobs`
    /// scraped beside the first (the demo's backends beside HAProxy).
    public static func config(
        interval: Double, job: String, targets: [String], ruleFiles: [String] = [], alertmanagers: [String] = [],
        moreJobs: [(job: String, targets: [String])] = []
    ) -> String {
        let every = "\(max(100, Int((interval * 1000).rounded())))ms"
        let timeout = "\(max(80, Int((interval * 800).rounded())))ms"
        var lines = [
            "global:",
            "  scrape_interval: \(every)",
            "  scrape_timeout: \(timeout)",
            "  evaluation_interval: \(every)",
        ]
        if !ruleFiles.isEmpty {
            lines.append("rule_files:")
            lines += ruleFiles.map { "  - \($0)" }
        }
        lines.append("scrape_configs:")
        for (job, targets) in [(job, targets)] + moreJobs {
            lines += [
                "  - job_name: \(job)",
                "    static_configs:",
                "      - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]",
            ]
        }
        if !alertmanagers.isEmpty {
            lines += [
                "alerting:",
                "  alertmanagers:",
                "    - static_configs:",
                "        - targets: [\(alertmanagers.map { "'\($0)'" }.joined(separator: ", "))]",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether Prometheus is running.
    public var isRunning: Bool { server.isRunning }

    /// Starts Prometheus and waits until `GET /-/ready` answers 200, asking every 20 ms, at most
    /// `timeout` seconds.
    public func start(timeout: Double = 10) throws {
        do {
            try server.start(arguments: arguments, timeout: timeout) { get("/-/ready") != nil }
        } catch let failure as LoopbackServerProcess.NotStarted {
            throw Failure.didNotStart(reason: failure.reason, log: failure.log)
        }
    }

    /// Stops Prometheus (the whole process group) and removes the temporary directory. Safe to
    /// call more than once.
    public func stop() {
        server.stop()
    }

    /// Waits until every scrape target was scraped successfully and, when `alertmanagers`, an
    /// Alertmanager was discovered (Prometheus applies its configuration's targets only after
    /// its discovery's first update, about 5 s after the start), asking every 50 ms, at most
    /// `timeout` seconds. Whether that happened.
    public func waitUntilScraping(alertmanagers: Bool, timeout: Double) -> Bool {
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            let targets = get("/api/v1/targets") ?? ""
            let scraping = targets.contains(#""health":"up""#) && !targets.contains(#""health":"down""#)
                && !targets.contains(#""health":"unknown""#)
            let sending = !alertmanagers || (get("/api/v1/alertmanagers") ?? "").contains(#""activeAlertmanagers":[{"#)
            if scraping && sending { return true }
            sleepThread(seconds: 0.05)
        }
        return false
    }

    /// The body of a GET that answered 200, or nil.
    private func get(_ path: String) -> String? {
        guard let fd = try? LoopbackSocket.makeConnection(port: port, timeout: 0.5) else { return nil }
        defer { close(fd) }
        guard LoopbackSocket.writeAll(fd, Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)),
              let answer = LoopbackSocket.read(fd, limit: 1 << 20)
        else { return nil }
        let text = String(decoding: answer, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200") || text.hasPrefix("HTTP/1.0 200") else { return nil }
        return text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    }
}
