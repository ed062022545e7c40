import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real server from a Debian package on a free loopback port, everything of it (config, data,
/// its output) in a fresh temporary directory: what ``AlertmanagerServer`` and
/// ``PrometheusServer`` share. It runs as a ``SupervisedProcess``: stopped with its whole group
/// by ``stop()``, by `deinit`, or by the kernel-held lifeline if this process dies first.
final class LoopbackServerProcess: @unchecked Sendable {
    /// Why the server could not be prepared or started.
    enum Failure: Error {
        /// The temporary directory or a file in it could not be written.
        case cannotWrite(String)
        /// It exited or `/-/ready` did not answer in time; `log` is the end of its output.
        case didNotStart(reason: String, log: String)
    }

    let executable: String
    let directory: String
    let port: UInt16
    let logPath: String
    private let lock = NSLock()
    private var process: SupervisedProcess?

    /// Makes `postmoterm-NAME-XXXXXX` in the temporary folder and picks a free port.
    init(executable: String, name: String) throws(Failure) {
        self.executable = executable
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("postmoterm-\(name)-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .cannotWrite("mkdtemp: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        logPath = directory + "/\(name).log"
        do { port = try FreePort.allocate() } catch { throw .cannotWrite("no free port: \(error)") }
    }

    deinit {
        stop()
    }

    /// Writes `text` to `name` in the directory; its path.
    func write(_ text: String, to name: String) throws(Failure) -> String {
        let path = directory + "/" + name
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { throw .cannotWrite("\(path): \(error)") }
        return path
    }

    var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// Starts it with `arguments` and waits until `GET /-/ready` answers 200, asking every 20 ms,
    /// at most `timeout` seconds.
    func start(arguments: [String], timeout: Double) throws {
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

    /// Stops it (the whole process group) and removes the directory. Safe to call more than once.
    func stop() {
        let running = lock.withLock { () -> SupervisedProcess? in
            defer { process = nil }
            return process
        }
        running?.terminate(grace: 2)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The last 15 lines of its output.
    func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
