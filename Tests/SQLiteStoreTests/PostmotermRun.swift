import Foundation
import Testing

/// The built `postmoterm` binary, run once with arguments (and `--data-dir`), standard input,
/// extra environment and a working directory; what it printed and its exit status.
struct PostmotermRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(
        _ arguments: [String], dataDir: String, stdin: String? = nil, environment extra: [String: String] = [:],
        unset: [String] = [], directory: String? = nil
    ) throws -> PostmotermRun {
        let binary = URL(fileURLWithPath: try WriterProcess.helperPath()).deletingLastPathComponent()
            .appendingPathComponent("postmoterm")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--data-dir", dataDir]
        var environment = ProcessInfo.processInfo.environment
        environment["POSTMOTERM_AUTHOR"] = "tester"
        environment.merge(extra) { _, new in new }
        for name in unset { environment[name] = nil }
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return PostmotermRun(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// Standard output without the final newline.
    var line: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
}
