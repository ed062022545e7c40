import Foundation
import PostmotermTestSupport
import Testing

/// The terminal the end-to-end tests and the benchmarks drive programs in.
@Suite struct TmuxServerTests {
    /// Issue 14 (budgets): `postmoterm-bench console` hung at a launch when the server, left
    /// without sessions by the last program's exit, was exiting as the next session started. The
    /// server now outlives its sessions until it is killed: a session started after the only
    /// one ended runs.
    @Test(.timeLimit(.minutes(1))) func theServerOutlivesItsLastSessionUntilKilled() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "pm-tmux-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TmuxServer(directory: directory)
        defer { server.kill() }

        try server.newSession("brief", command: "true", columns: 80, rows: 24)
        let ended = server.waitUntil(timeout: 10) {
            ((try? server.run(["list-sessions", "-F", "#{session_name}"], capture: true)) ?? "").isEmpty
        }
        #expect(ended, "the session running `true` ended")
        #expect((try? server.run(["show-options", "-s", "exit-empty"], capture: true)) == "exit-empty off\n",
                "the server is still there, empty")

        try server.newSession("next", command: "exec cat", columns: 80, rows: 24)
        #expect(server.panePID("next") != nil, "a session started after the last one ended runs")
    }
}
