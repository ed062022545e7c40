import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (Debian's `prometheus`) on a free loopback port, scraping the given
/// loopback targets every second, for tests, the demo and benchmarks.
///
/// ```swift
/// let prometheus = try PrometheusServer(targets: ["127.0.0.1:8081"])
/// try prometheus.start()          // returns once /-/ready answers 200
/// defer { prometheus.stop() }
/// ```
///
/// Everything lives in a fresh temporary directory (config, TSDB, its output `prometheus.log`).
/// It runs as a ``SupervisedProcess``: stopped with its whole group by ``stop()``, by `deinit`,
/// or by the kernel-held lifeline if this process dies first.
public final class PrometheusServer: @unchecked Sendable {
    /// Why Prometheus could not be started.
    public enum Failure: Error, CustomStringConvertible {
        /// `prometheus` is not installed at the given path.
        case notInstalled(String)
        /// The temporary directory or config could not be written.
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

    /// The configuration scraping `targets` (`host:port`, loopback) every `interval` seconds.
    public static func config(targets: [String], interval: Int = 1) -> String {
        let list = targets.map { "'\($0)'" }.joined(separator: ", ")
        return """
            global:
              scrape_interval: \(interval)s
              evaluation_interval: \(interval)s
            scrape_configs:
              - job_name: api
                scrape_timeout: \(max(1, interval))s
                static_configs:
                  - targets: [\(list)]
            """
    }

    public let executable: String
    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public let directory: String
    public let port: UInt16
    /// Prometheus's standard output and error.
    public let logPath: String
    private let arguments: [String]
    private let lock = NSLock()
    private var process: SupervisedProcess?

    /// Writes the configuration and picks a free port; does not start Prometheus yet.
    public init(targets: [String], interval: Int = 1, executable: String = PrometheusServer.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        self.executable = executable
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("postmoterm-prometheus-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure.cannotWrite("mkdtemp: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        logPath = directory + "/prometheus.log"
        port = try FreePort.allocate()
        let configPath = directory + "/prometheus.yml"
        do {
            try Self.config(targets: targets, interval: interval).write(toFile: configPath, atomically: true, encoding: .utf8)
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

    /// Starts Prometheus and waits until `GET /-/ready` answers 200, asking every 20 ms, at most
    /// `timeout` seconds.
    public func start(timeout: Double = 20) throws {
        try lock.withLock {
            if process?.isRunning == true { return }
            process = try SupervisedProcess(executable: executable, arguments: arguments, outputPath: logPath)
        }
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            if let exited = lock.withLock({ process?.termination }) {
                throw Failure.didNotStart(reason: "it exited (\(exited))", log: logTail())
            }
            if let answer = try? LoopbackSocket.request(port: port, "GET", "/-/ready", timeout: 0.5), answer.status == 200 { return }
            sleepThread(seconds: 0.02)
        }
        stop()
        throw Failure.didNotStart(reason: "/-/ready did not answer 200 within \(timeout)s", log: logTail())
    }

    /// Stops Prometheus (the whole process group) and removes the temporary directory. Safe to
    /// call more than once.
    public func stop() {
        let running = lock.withLock { () -> SupervisedProcess? in
            defer { process = nil }
            return process
        }
        running?.terminate(grace: 2)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
