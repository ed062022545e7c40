import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the real servers the tests and the demo run on loopback (``AlertmanagerServer``,
/// ``PrometheusServer``) share: a private temporary folder, one ``SupervisedProcess`` writing its
/// output to a log there, a start that waits for readiness with a deadline, and a stop that ends
/// the process group and removes the folder.
final class LoopbackServerProcess: @unchecked Sendable {
    /// It exited, or was not ready in time (then it is stopped); `log` is the end of its output.
    struct NotStarted: Error {
        var reason: String
        var log: String
    }

    let executable: String
    /// The private temporary folder (removed by ``stop()``).
    let directory: String
    /// Its standard output and error, in ``directory``.
    let logPath: String
    private let lock = NSLock()
    private var process: SupervisedProcess?

    /// Creates the folder `$TMPDIR/PREFIX-XXXXXX`; nil (with `errno` set) when it cannot.
    init?(executable: String, folderPrefix: String, logName: String) {
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("\(folderPrefix)-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            return nil
        }
        self.executable = executable
        directory = String(cString: made)
        logPath = directory + "/" + logName
    }

    var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// Starts it with `arguments` (unless it runs) and waits until `isReady()`, asking every
    /// 20 ms, at most `timeout` seconds; throws ``NotStarted`` (having stopped it) otherwise.
    func start(arguments: [String], timeout: Double, isReady: () -> Bool) throws {
        try lock.withLock {
            if process?.isRunning == true { return }
            process = try SupervisedProcess(executable: executable, arguments: arguments, outputPath: logPath)
        }
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            if let exited = lock.withLock({ process?.termination }) {
                throw NotStarted(reason: "it exited (\(exited))", log: logTail())
            }
            if isReady() { return }
            sleepThread(seconds: 0.02)
        }
        let log = logTail()
        stop()
        throw NotStarted(reason: "/-/ready did not answer 200 within \(timeout)s", log: log)
    }

    /// Stops the process group and removes the folder. Safe to call more than once.
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
