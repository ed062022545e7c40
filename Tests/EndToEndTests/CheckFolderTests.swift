import Foundation
import Testing

/// Issue 18.16 and 18.9 from outside: `check DIR` reports a folder it cannot read (and fails),
/// and a log in a folder this user cannot write is still readable. Permissions only bind a
/// user other than root, so these run the binary as `nobody` (`setpriv`) when the tests run as
/// root, and return early otherwise.
@Suite(.serialized) struct CheckFolderTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary as `nobody`, or nil when that is not possible here.
    static func asNobody(_ arguments: [String]) throws -> Run? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              let binary = ConsoleBinary.locate() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = "/nonexistent"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Root starts an incident in `data`, then lets everyone read (but not write) the log.
    static func startRootsIncident(binary: String, data: String) throws {
        let start = Process()
        start.executableURL = URL(fileURLWithPath: binary)
        start.arguments = ["start", "--title", "Root's incident", "--data-dir", data, "--as", "root"]
        start.standardOutput = FileHandle.nullDevice
        start.standardError = FileHandle.nullDevice
        try start.run()
        start.waitUntilExit()
        #expect(start.terminationStatus == 0)
        chmod(data, 0o755)
        chmod(data + "/postmoterm.sqlite", 0o644)
    }

    static func folder() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/pm-check-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return url
    }

    @Test func anUnreadableSubfolderIsReportedAndFailsTheCheck() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        try "## Fix\n\n- [ ] Restart.\n".write(to: url.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let hidden = url.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try "## Fix\n\n- [ ] **[nobody]** Broken.\n".write(to: hidden.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        chmod(url.appendingPathComponent("a.md").path, 0o644)
        chmod(hidden.path, 0o000)
        guard let run = try Self.asNobody(["check", url.path]) else { return }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(hidden.path):1:1: error: cannot read folder"), "\(run.stderr)")
    }

    @Test func aSymbolicLinkLoopIsCalledALoop() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let loop = url.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        guard let binary = ConsoleBinary.locate() else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["check", loop.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("symbolic link loop"), "\(stderr)")
    }

    @Test func anotherUsersLogIsReadableWithoutWriteAccess() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let data = url.appendingPathComponent("data").path
        guard let binary = ConsoleBinary.locate() else { return }
        try Self.startRootsIncident(binary: binary, data: data)
        let before = FileManager.default.contents(atPath: data + "/postmoterm.sqlite")
        guard let list = try Self.asNobody(["list", "--data-dir", data]) else { return }
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("Root's incident"))
        let export = try #require(try Self.asNobody(["export", "--data-dir", data]))
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("# Postmortem: Root's incident"))
        #expect(FileManager.default.contents(atPath: data + "/postmoterm.sqlite") == before)
        let log = try #require(try Self.asNobody(["log", "--data-dir", data, "--as", "nobody", "hello"]))
        #expect(log.status != 0)
    }

    /// `open --read-only` is a read path too: another user's log is watched in the console
    /// without write access (it used to refuse: "data directory … not writable by this user").
    @Test(.timeLimit(.minutes(1))) func anotherUsersLogCanBeWatchedInAReadOnlyConsole() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              let binary = ConsoleBinary.locate() else { return }
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let data = url.appendingPathComponent("data").path
        try Self.startRootsIncident(binary: binary, data: data)
        let before = FileManager.default.contents(atPath: data + "/postmoterm.sqlite")
        let command = "cd \(ConsoleBinary.quote(url.path)) && setpriv --reuid=65534 --regid=65534 --clear-groups "
            + "env HOME=/nonexistent NO_COLOR= \(ConsoleBinary.quote(binary)) open --read-only --as nobody --data-dir \(ConsoleBinary.quote(data))"
        let tmux = try ConsoleTmux(command: command, columns: 100, rows: 30, directory: url)
        defer { tmux.stop() }
        tmux.waitFor("the read-only console on root's incident") { $0.contains("READ-ONLY") && $0.contains("Root's incident") }
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
        #expect(FileManager.default.contents(atPath: data + "/postmoterm.sqlite") == before)
    }
}
