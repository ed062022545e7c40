import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HAProxy on loopback, for tests, the demo and benchmarks.
///
/// ```swift
/// let haproxy = try HAProxyProcess(config: HAProxyConfig(pools: [...], statsPage: ...))
/// try haproxy.start()                  // returns once the admin socket answers
/// defer { haproxy.stop() }
/// try haproxy.command("set server api/b weight 1")
/// ```
///
/// The configuration is written into a fresh temporary directory (config, admin socket
/// `admin.sock`, HAProxy's output `haproxy.log`). HAProxy runs in the foreground (`-db`) as a
/// ``SupervisedProcess``: its own process group, killed with the whole group by ``stop()``, by
/// `deinit`, or by the kernel-held lifeline if this process dies first.
public final class HAProxyProcess: @unchecked Sendable {
    /// Why HAProxy could not be started or talked to.
    public enum Failure: Error, CustomStringConvertible {
        /// `haproxy` is not installed at the given path.
        case notInstalled(String)
        /// The temporary directory or config could not be written.
        case cannotWrite(String)
        /// HAProxy exited or its socket did not answer in time; `log` is the end of its output.
        case didNotStart(reason: String, log: String)
        /// A runtime API command failed at the socket level.
        case command(String)

        public var description: String {
            switch self {
            case .notInstalled(let path): return "HAProxy is not installed at \(path)"
            case .cannotWrite(let detail): return "cannot prepare HAProxy's directory: \(detail)"
            case .didNotStart(let reason, let log): return "HAProxy did not start: \(reason)\n\(log)"
            case .command(let detail): return "HAProxy runtime API: \(detail)"
            }
        }
    }

    /// The default executable.
    public static let defaultExecutable = "/usr/sbin/haproxy"

    public let config: HAProxyConfig
    public let executable: String
    /// The temporary directory holding everything of this instance (removed by ``stop()``).
    public let directory: String
    public let configPath: String
    /// The admin-level runtime API socket (`haproxy+unix://` + this).
    public let socketPath: String
    /// HAProxy's standard output and error.
    public let logPath: String

    private let lock = NSLock()
    private var process: SupervisedProcess?

    /// Writes the configuration; does not start HAProxy yet.
    public init(config: HAProxyConfig, executable: String = HAProxyProcess.defaultExecutable) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        self.config = config
        self.executable = executable
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("postmoterm-haproxy-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure.cannotWrite("mkdtemp: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        configPath = directory + "/haproxy.cfg"
        socketPath = directory + "/admin.sock"
        logPath = directory + "/haproxy.log"
        do {
            try config.render(socketPath: socketPath).write(toFile: configPath, atomically: true, encoding: .utf8)
        } catch {
            throw Failure.cannotWrite("\(configPath): \(error)")
        }
    }

    deinit {
        stop()
    }

    /// The runtime API address for postmoterm (`haproxy+unix://…/admin.sock`).
    public var unixAddress: String { "haproxy+unix://" + socketPath }

    /// The runtime API on TCP (`haproxy+tcp://127.0.0.1:PORT`), when configured.
    public var tcpAddress: String? { config.runtimeTCPPort.map { "haproxy+tcp://127.0.0.1:\($0)" } }

    /// The stats page address without credentials (`haproxy+http://127.0.0.1:PORT/stats`), when configured.
    public var statsPageAddress: String? {
        config.statsPage.map { "haproxy+http://127.0.0.1:\($0.port)\($0.path)" }
    }

    /// Whether HAProxy is running.
    public var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// HAProxy's pid while it runs.
    public var pid: Int32? { lock.withLock { process?.pid } }

    /// Starts HAProxy and waits until its admin socket answers `show info` (at most `timeout` seconds).
    public func start(timeout: Double = 5) throws {
        try lock.withLock {
            if process?.isRunning == true { return }
            unlink(socketPath)
            process = try SupervisedProcess(executable: executable, arguments: ["-f", configPath, "-db"], outputPath: logPath)
        }
        var exited: String?
        let answered = Self.waitForAdminSocket(socketPath, timeout: timeout) {
            exited = lock.withLock { process?.termination.map { "\($0)" } }
            return exited != nil
        }
        if answered { return }
        if let exited { throw Failure.didNotStart(reason: "it exited (\(exited))", log: logTail()) }
        stop()
        throw Failure.didNotStart(reason: "its admin socket did not answer within \(timeout)s", log: logTail())
    }

    /// Waits until an HAProxy admin socket at `path` answers `show info`, asking every 20 ms, at
    /// most `timeout` seconds or until `gaveUp` says to stop (the process exited); whether it did.
    public static func waitForAdminSocket(_ path: String, timeout: Double, gaveUp: () -> Bool = { false }) -> Bool {
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline, !gaveUp() {
            if let answer = try? UnixSocketCommand.send("show info", to: path, timeout: 0.5), answer.contains("Name: HAProxy") {
                return true
            }
            sleepThread(seconds: 0.02)
        }
        return false
    }

    /// Stops HAProxy (the whole process group) and removes the temporary directory. Safe to call
    /// more than once.
    public func stop() {
        let running = lock.withLock { () -> SupervisedProcess? in
            defer { process = nil }
            return process
        }
        running?.terminate(grace: 2)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops HAProxy but keeps the directory, so ``start(timeout:)`` can run it again (a balancer
    /// that went away and came back).
    public func kill() {
        let running = lock.withLock { () -> SupervisedProcess? in
            defer { process = nil }
            return process
        }
        running?.terminate(grace: 2)
        unlink(socketPath)
    }

    /// Sends a runtime API command on the admin socket and returns the answer.
    @discardableResult
    public func command(_ command: String, timeout: Double = 2) throws -> String {
        do {
            return try UnixSocketCommand.send(command, to: socketPath, timeout: timeout)
        } catch {
            throw Failure.command("\(command): \(error)")
        }
    }

    private func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
