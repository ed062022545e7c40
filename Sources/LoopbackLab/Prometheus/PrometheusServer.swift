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
    private let server: LoopbackServerProcess
    private let arguments: [String]

    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public var directory: String { server.directory }
    public var port: UInt16 { server.port }
    /// Prometheus's standard output and error.
    public var logPath: String { server.logPath }

    /// Writes the configuration and picks a free port; does not start Prometheus yet.
    public init(targets: [String], interval: Int = 1, executable: String = PrometheusServer.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        self.executable = executable
        do {
            server = try LoopbackServerProcess(executable: executable, name: "prometheus")
            arguments = [
                "--config.file=\(try server.write(Self.config(targets: targets, interval: interval), to: "prometheus.yml"))",
                "--storage.tsdb.path=\(server.directory)/data", "--web.listen-address=127.0.0.1:\(server.port)", "--log.level=warn",
            ]
        } catch let error as LoopbackServerProcess.Failure {
            throw Self.failure(error)
        }
    }

    /// The API's base URL (`http://127.0.0.1:PORT`).
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts Prometheus and waits until `GET /-/ready` answers 200, asking every 20 ms, at most
    /// `timeout` seconds.
    public func start(timeout: Double = 20) throws {
        do { try server.start(arguments: arguments, timeout: timeout) } catch let error as LoopbackServerProcess.Failure {
            throw Self.failure(error)
        }
    }

    /// Stops Prometheus (the whole process group) and removes the temporary directory. Safe to
    /// call more than once.
    public func stop() {
        server.stop()
    }

    private static func failure(_ error: LoopbackServerProcess.Failure) -> Failure {
        switch error {
        case .cannotWrite(let detail): .cannotWrite(detail)
        case .didNotStart(let reason, let log): .didNotStart(reason: reason, log: log)
        }
    }
}
