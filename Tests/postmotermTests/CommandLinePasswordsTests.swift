import Foundation
import LoopbackLab
import Testing
@testable import postmoterm

/// A password in a balancer address on the command line is warned about and blanked from the
/// process's arguments (`ps`, `/proc/PID/cmdline`), while the command still uses it (issue 18.14).
@Suite struct CommandLinePasswordsTests {
    static func range(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        return CommandLinePasswords.passwordRange(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func findsThePasswordOfAnAddressAndNothingElse() {
        #expect(Self.range("haproxy+http://ops:s3cret@lb1:8404/stats") == "s3cret")
        #expect(Self.range("--balancer=envoy+http://u:p:q@127.0.0.1:9901") == "p:q")
        #expect(Self.range("haproxy+https://ops:a@b@[::1]:8404/stats?x=1@2") == "a@b")
        #expect(Self.range("haproxy+http://ops@lb1/stats") == nil)
        #expect(Self.range("haproxy+http://ops:@lb1/stats") == nil)
        #expect(Self.range("haproxy+http://lb1:8404/user:pass@x") == nil)
        #expect(Self.range("/run/haproxy/admin.sock") == nil)
        #expect(Self.range("user:pass@host") == nil)
    }

    /// The built binary, `health --watch` on a stats page that needs the password: its
    /// `/proc/PID/cmdline` no longer holds the password, the server still receives it.
    @Test(.timeLimit(.minutes(1))) func aRunningProcessShowsNoPasswordInItsArguments() throws {
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in .httpChunked(String(HostileAnswer.showStat().dropLast())) }
        defer { server.stop() }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("postmoterm")
        let candidates = [binary] + Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }
            .map { $0.bundleURL.deletingLastPathComponent().appendingPathComponent("postmoterm") }
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let process = Process()
        process.executableURL = executable
        process.arguments = ["health", "--balancer", "haproxy+http://ops:s3cret@127.0.0.1:\(server.port)/stats", "--watch", "--interval", "0.2"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait (bounded) until the command has polled with the password.
        #expect(server.waitForRequest(timeout: 30) { $0.contains("Authorization: Basic b3BzOnMzY3JldA==") }, "the command polled with the real password")
        let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline"))
        let arguments = String(decoding: cmdline, as: UTF8.self).split(separator: "\0").map(String.init)
        #expect(!arguments.joined(separator: " ").contains("s3cret"))
        #expect(arguments.contains("haproxy+http://ops:******@127.0.0.1:\(server.port)/stats"))
        process.terminate()
        process.waitUntilExit()
        let warning = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(warning.contains("warning: argument 3 holds a password in a balancer address"))
        #expect(!warning.contains("s3cret"))
    }
}
