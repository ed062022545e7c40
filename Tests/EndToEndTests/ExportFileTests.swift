import Foundation
import Testing

/// Issue 18.7 and 18.17: `export --force` replaces only regular files, and writes them 0600.
@Suite(.serialized) struct ExportFileTests {
    private func run(_ binary: String, _ arguments: [String]) throws -> (Int32, String) {
        let (status, _, stderr) = try runCapturing(binary, arguments)
        return (status, stderr)
    }

    private func runCapturing(_ binary: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["POSTMOTERM_AUTHOR"] = "tester"
        process.environment = environment
        let errors = Pipe()
        let output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// Issue 18.6 from outside: every export and JSON listing of a note with escape sequences
    /// and a bidi override reaches stdout inert.
    @Test func hostileNotesReachStdoutInert() throws {
        guard let binary = ConsoleBinary.locate() else { return }
        let url = URL(fileURLWithPath: "/tmp/pm-inert-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let data = url.appendingPathComponent("data").path
        #expect(try run(binary, ["start", "--title", "Inert \u{1B}]0;x\u{07}", "--data-dir", data]).0 == 0)
        #expect(try run(binary, ["log", "--data-dir", data, "copy \u{1B}]52;c;QQ==\u{07} \u{1B}[2J al\u{202E}ice \u{9B}1m"]).0 == 0)
        for arguments in [["export"], ["export", "--format", "json"], ["timeline"], ["timeline", "--json"], ["list"], ["list", "--json"]] {
            let (status, stdout, stderr) = try runCapturing(binary, arguments + ["--data-dir", data])
            #expect(status == 0, "\(arguments): \(stderr)")
            let raw = stdout.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            }
            #expect(raw.isEmpty, "\(arguments) printed raw controls: \(raw.map { String($0.value, radix: 16) })")
        }
    }

    @Test func onlyRegularFilesAreReplacedAndNewExportsAre0600() throws {
        guard let binary = ConsoleBinary.locate() else { return }
        let url = URL(fileURLWithPath: "/tmp/pm-export-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let data = url.appendingPathComponent("data").path
        #expect(try run(binary, ["start", "--title", "Export", "--data-dir", data]).0 == 0)

        let fifo = url.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let (status, stderr) = try run(binary, ["export", "--output", fifo, "--force", "--data-dir", data])
        #expect(status != 0)
        #expect(stderr.contains("is a FIFO, not a regular file"), "\(stderr)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")

        let draft = url.appendingPathComponent("draft.md").path
        #expect(try run(binary, ["export", "--output", draft, "--data-dir", data]).0 == 0)
        #expect(stat(draft, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try run(binary, ["export", "--output", "/dev/null", "--force", "--data-dir", data]).0 != 0)
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)

        let (empty, message) = try run(binary, ["list", "--data-dir", ""])
        #expect(empty != 0)
        #expect(message.contains("the path is empty"), "\(message)")
    }
}
