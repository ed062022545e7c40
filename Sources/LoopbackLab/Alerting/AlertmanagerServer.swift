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

    public let port: UInt16
    private let server: LoopbackServerProcess
    private let arguments: [String]

    public var executable: String { server.executable }
    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public var directory: String { server.directory }
    /// Alertmanager's standard output and error.
    public var logPath: String { server.logPath }

    /// Writes the configuration (``minimalConfig`` unless given) and picks a free port; does not
    /// start Alertmanager yet. `webConfig`, when given, is written as its `--web.config.file`
    /// (basic auth for tests of credentials).
    public init(config: String = AlertmanagerServer.minimalConfig, webConfig: String? = nil,
                executable: String = AlertmanagerServer.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        guard let server = LoopbackServerProcess(executable: executable, folderPrefix: "postmoterm-alertmanager", logName: "alertmanager.log") else {
            throw Failure.cannotWrite("mkdtemp: \(String(cString: strerror(errno)))")
        }
        self.server = server
        let directory = server.directory
        port = try FreePort.allocate()
        let configPath = directory + "/alertmanager.yml"
        var arguments = [
            "--config.file=\(configPath)", "--storage.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ]
        do {
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            if let webConfig {
                try webConfig.write(toFile: directory + "/web.yml", atomically: true, encoding: .utf8)
                arguments.append("--web.config.file=\(directory)/web.yml")
            }
        } catch {
            throw Failure.cannotWrite("\(directory): \(error)")
        }
        self.arguments = arguments
    }

    deinit {
        stop()
    }

    /// The API's base URL (`http://127.0.0.1:PORT`).
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Whether Alertmanager is running.
    public var isRunning: Bool { server.isRunning }

    /// Starts Alertmanager and waits until `GET /-/ready` answers 200, asking every 20 ms, at most
    /// `timeout` seconds.
    public func start(timeout: Double = 10) throws {
        do {
            try server.start(arguments: arguments, timeout: timeout) {
                (try? request("GET", "/-/ready", timeout: 0.5))?.status == 200
            }
        } catch let failure as LoopbackServerProcess.NotStarted {
            throw Failure.didNotStart(reason: failure.reason, log: failure.log)
        }
    }

    /// Stops Alertmanager (the whole process group) and removes the temporary directory. Safe to
    /// call more than once.
    public func stop() {
        server.stop()
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
        let fd: Int32
        do { fd = try LoopbackSocket.makeConnection(port: port, timeout: timeout) } catch {
            throw Failure.request("connect 127.0.0.1:\(port): \(error)")
        }
        defer { close(fd) }
        let payload = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n" }
        head += "\r\n"
        guard LoopbackSocket.writeAll(fd, Array(head.utf8) + payload) else { throw Failure.request("\(method) \(path): write failed") }
        guard let answer = LoopbackSocket.read(fd, limit: 8 << 20) else { throw Failure.request("\(method) \(path): no answer") }
        let text = String(decoding: answer, as: UTF8.self)
        let statusLine = text.prefix { $0 != "\r" && $0 != "\n" }
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let status = Int(fields[1]) else {
            throw Failure.request("\(method) \(path): not HTTP: \(statusLine.prefix(80))")
        }
        let bodyText = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, bodyText)
    }
}
