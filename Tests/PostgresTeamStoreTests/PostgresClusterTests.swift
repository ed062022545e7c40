import Foundation
@testable import PostmotermTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The private cluster every team store test stands on: it starts, answers, stops and starts
/// again on the same port with the same data, and leaves no process and no folder behind.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PostgresClusterTests {
    @Test func startsAnswersStopsStartsAgainAndLeavesNothingBehind() throws {
        let cluster = try PostgresCluster()
        #expect(cluster.isRunning)
        try cluster.sql("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)", database: cluster.database)
        let first = cluster.serverProcesses()
        #expect(first.count > 1, "a postmaster and its background processes")

        try cluster.stop()
        #expect(!cluster.isRunning)
        #expect(ProcessExit.wait(for: first, until: Deadline(seconds: 10)), "stop() ends every server process")
        #expect(throws: PostgresClusterError.self) { try cluster.sql("SELECT 1") }

        try cluster.start()
        #expect(try cluster.sql("SELECT n FROM kept", database: cluster.database) == "42\n")
        let second = cluster.serverProcesses()
        #expect(second.count > 1)

        cluster.shutdown()
        #expect(!cluster.isRunning)
        #expect(ProcessExit.wait(for: second, until: Deadline(seconds: 10)), "shutdown() ends every server process")
        #expect(!FileManager.default.fileExists(atPath: cluster.directory.path))
    }

    @Test func aHungServerIsStillStoppedAndStartedAgain() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        let frozen = cluster.serverProcesses()
        cluster.hang()
        #expect(frozen.allSatisfy { Self.state(of: $0) == "T" }, "every server process is stopped (SIGSTOP)")
        try cluster.stop()
        #expect(ProcessExit.wait(for: frozen, until: Deadline(seconds: 10)))
        try cluster.start()
        #expect(try cluster.sql("SELECT 1") == "1\n")
    }

    /// The state letter of `pid` in /proc (`S` sleeping, `T` stopped, …).
    private static func state(of pid: Int32) -> String? {
        PostgresCluster.statFields(pid)?.first
    }
}
