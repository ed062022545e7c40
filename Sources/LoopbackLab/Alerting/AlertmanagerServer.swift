import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) on a free loopback port,
/// for tests, the demo and benchmarks.
///
/// ```swift
/// let alertmanager = try AlertmanagerServer()
/// try alertmanager.start()             // returns once /-/ready answers 200
/// defer { alertmanager.stop() }
/// try alertmanager.postAlerts(#"[{"labels":{"alertname":"PoolSkew"}}]"#)
/// ```
///
/// Everything lives in a fresh temporary directory (config, storage, its output
/// `alertmanager.log`). Gossip is off (`--cluster.listen-address=` empty), so nothing listens
/// beyond the one loopback port. It runs as a ``SupervisedProcess``: stopped with its whole group
/// by ``stop()``, by `deinit`, or by the kernel-held lifeline if this process dies first.
public final class AlertmanagerServer: @unchecked Sendable {
    /// Why Alertmanager could not be started or talked to.
    public enum Failure: Error, CustomStringConvertible {
        /// `prometheus-alertmanager` is not installed at the given path.
        case notInstalled(String)
        /// The temporary directory or config could not be written.
        case cannotWrite(String)
        /// It exited or `/-/ready` did not answer in time; `log` is the end of its output.
        case didNotStart(reason: String, log: String)
        /// A request to its API failed (the value says how).
        case request(String)

        public var description: String {
            switch self {
            case .notInstalled(let path): "Alertmanager is not installed at \(path) (scripts/setup installs prometheus-alertmanager)"
            case .cannotWrite(let detail): "cannot prepare Alertmanager's directory: \(detail)"
            case .didNotStart(let reason, let log): "Alertmanager did not start: \(reason)\n\(log)"
            case .request(let detail): "Alertmanager API: \(detail)"
            }
        }
    }

    /// The default executable (Debian's package).
    public static let defaultExecutable = "/usr/bin/prometheus-alertmanager"

    /// Whether Alertmanager is installed at the default path.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: defaultExecutable) }

    /// The smallest configuration Alertmanager accepts: one receiver that sends nowhere.
    public static let minimalConfig = """
        route:
          receiver: nowhere
        receivers:
          - name: nowhere
        """

    public let executable: String
    private let server: LoopbackServerProcess
    private let arguments: [String]

    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public var directory: String { server.directory }
    public var port: UInt16 { server.port }
    /// Alertmanager's standard output and error.
    public var logPath: String { server.logPath }

    /// Writes the configuration (``minimalConfig`` unless given) and picks a free port; does not
    /// start Alertmanager yet. `webConfig`, when given, is written as its `--web.config.file`
    /// (basic auth for tests of credentials).
    public init(config: String = AlertmanagerServer.minimalConfig, webConfig: String? = nil,
                executable: String = AlertmanagerServer.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        self.executable = executable
        do {
            server = try LoopbackServerProcess(executable: executable, name: "alertmanager")
            var arguments = [
                "--config.file=\(try server.write(config, to: "alertmanager.yml"))", "--storage.path=\(server.directory)/data",
                "--web.listen-address=127.0.0.1:\(server.port)", "--cluster.listen-address=", "--log.level=warn",
            ]
            if let webConfig { arguments.append("--web.config.file=\(try server.write(webConfig, to: "web.yml"))") }
            self.arguments = arguments
        } catch let error as LoopbackServerProcess.Failure {
            throw Self.failure(error)
        }
    }

    /// The API's base URL (`http://127.0.0.1:PORT`).
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Whether Alertmanager is running.
    public var isRunning: Bool { server.isRunning }

    /// Starts Alertmanager and waits until `GET /-/ready` answers 200, asking every 20 ms, at most
    /// `timeout` seconds.
    public func start(timeout: Double = 10) throws {
        do { try server.start(arguments: arguments, timeout: timeout) } catch let error as LoopbackServerProcess.Failure {
            throw Self.failure(error)
        }
    }

    /// Stops Alertmanager (the whole process group) and removes the temporary directory. Safe to
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

    /// Posts alerts (a JSON array as `POST /api/v2/alerts` takes it), as Prometheus does.
    public func postAlerts(_ json: String, authorization: String? = nil) throws {
        let answer = try request("POST", "/api/v2/alerts", body: json, authorization: authorization)
        guard answer.status == 200 else {
            throw Failure.request("POST /api/v2/alerts answered \(answer.status): \(answer.body.prefix(300))")
        }
    }

    /// One request on a fresh connection (`Connection: close`), read until Alertmanager closes it.
    /// The answer's status and body (the body as sent, chunked framing included for long ones:
    /// tests that read JSON use the product's client).
    public func request(_ method: String, _ path: String, body: String? = nil, authorization: String? = nil,
                        timeout: Double = 2) throws -> (status: Int, body: String) {
        do {
            return try LoopbackSocket.request(
                port: port, method, path, body: body, authorization: authorization, timeout: timeout)
        } catch {
            throw Failure.request(error.description)
        }
    }
}
