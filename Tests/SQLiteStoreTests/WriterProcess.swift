import Foundation

/// A child process running `postmoterm-bench store append-loop` (built next to the test
/// binary): it appends numbered notes to one incident and prints `<sequence> <n>` for each
/// only after the append committed.
final class WriterProcess {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    /// The built helper, next to the test bundle (`swift build` builds it with the tests).
    static func helperPath() throws -> String {
        var candidates: [URL] = []
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(arg0.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let path = directory.appendingPathComponent("postmoterm-bench").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw HelperMissing(searched: candidates.map(\.path))
    }

    struct HelperMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "postmoterm-bench not built next to the tests (run `swift build` first); looked in \(searched)" }
    }

    init(dataDir: String, incident: String, writer: String, count: Int) throws {
        process.executableURL = URL(fileURLWithPath: try WriterProcess.helperPath())
        process.arguments = [
            "store", "append-loop", "--data-dir", dataDir, "--incident", incident, "--writer", writer,
            "--count", String(count),
        ]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// What ``waitForAcknowledgements(_:)`` already read of standard output.
    private var consumed = Data()

    /// Reads standard output until the writer has acknowledged `count` appends (complete lines)
    /// or ended: a condition to wait on instead of sleeping for "a while". Returns how many
    /// lines it saw.
    @discardableResult
    func waitForAcknowledgements(_ count: Int) -> Int {
        var lines = consumed.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        while lines < count {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the writer ended
            consumed.append(chunk)
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return lines
    }

    /// Waits for the process to end; returns everything it printed.
    func finish() -> (stdout: String, stderr: String, status: Int32, reason: Process.TerminationReason) {
        // Read before waiting so a full pipe cannot block the child.
        let out = consumed + output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus,
            process.terminationReason
        )
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        kill()
    }

    /// The acknowledged `(sequence, n)` pairs: only complete lines count.
    static func acknowledged(_ stdout: String) -> [(Int64, Int)] {
        var pairs: [(Int64, Int)] = []
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
        if !stdout.hasSuffix("\n") { lines.removeLast() }  // a line cut by the kill
        for line in lines where !line.isEmpty {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let sequence = Int64(parts[0]), let n = Int(parts[1]) else { continue }
            pairs.append((sequence, n))
        }
        return pairs
    }
}
