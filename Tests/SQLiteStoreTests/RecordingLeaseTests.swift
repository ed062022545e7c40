import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// One recorder per balancer per incident (issue 13.3): the store's lease, with time from a
/// manual clock, and two processes racing for it.
@Suite struct RecordingLeaseTests {
    let clock = ManualClock(UTCDateTime(year: 2026, month: 12, day: 7, hour: 16, minute: 0).timestamp)
    let balancer = "haproxy+unix:///run/haproxy/admin.sock"

    private func incident(_ store: SQLiteIncidentStore) throws -> IncidentID {
        try store.createIncident(IncidentDraft(title: "Practice", author: Author(name: "alice"))).id
    }

    @Test func oneHolderAtATimeRenewedByEveryClaimTakenOverWhenItExpires() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let id = try incident(store)
        let first = try store.claimRecording(of: balancer, for: id, holder: "console-a", milliseconds: 5_000)
        #expect(first.isMine && first.expiresAt == clock.now().adding(milliseconds: 5_000))
        // The second console only shows.
        let second = try store.claimRecording(of: balancer, for: id, holder: "console-b", milliseconds: 5_000)
        #expect(!second.isMine && second.holder == "console-a")
        // Renewed at every poll, the lease never runs out.
        for _ in 0..<10 {
            clock.advance(milliseconds: 1_000)
            #expect(try store.claimRecording(of: balancer, for: id, holder: "console-a", milliseconds: 5_000).isMine)
            #expect(!(try store.claimRecording(of: balancer, for: id, holder: "console-b", milliseconds: 5_000).isMine))
        }
        // Console a dies: within the lease, b still waits; after it, b takes over.
        clock.advance(milliseconds: 4_999)
        #expect(!(try store.claimRecording(of: balancer, for: id, holder: "console-b", milliseconds: 5_000).isMine))
        clock.advance(milliseconds: 1)
        let takeover = try store.claimRecording(of: balancer, for: id, holder: "console-b", milliseconds: 5_000)
        #expect(takeover.isMine)
        // a comes back: b has it now.
        #expect(try store.claimRecording(of: balancer, for: id, holder: "console-a", milliseconds: 5_000).holder == "console-b")
    }

    @Test func leasesAreByIncidentAndBalancerAndAReleaseFreesAtOnce() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let id = try incident(store)
        clock.advance(milliseconds: 1)
        let other = try incident(store)
        #expect(try store.claimRecording(of: balancer, for: id, holder: "a", milliseconds: 5_000).isMine)
        #expect(try store.claimRecording(of: "envoy+http://127.0.0.1:9901", for: id, holder: "b", milliseconds: 5_000).isMine)
        #expect(try store.claimRecording(of: balancer, for: other, holder: "b", milliseconds: 5_000).isMine)
        try store.releaseRecording(of: balancer, for: id, holder: "b")  // not b's: nothing happens
        #expect(!(try store.claimRecording(of: balancer, for: id, holder: "b", milliseconds: 5_000).isMine))
        try store.releaseRecording(of: balancer, for: id, holder: "a")
        #expect(try store.claimRecording(of: balancer, for: id, holder: "b", milliseconds: 5_000).isMine)
        // The lease survives reopening (it is in the file, for every process).
        let reopened = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        #expect(try reopened.claimRecording(of: balancer, for: id, holder: "a", milliseconds: 5_000).holder == "b")
        #expect(throws: IncidentStoreError.self) {
            try store.claimRecording(of: balancer, for: IncidentID(rawValue: "2026-12-07-nope")!, holder: "a", milliseconds: 5_000)
        }
    }

    @Test(.timeLimit(.minutes(1))) func twoProcessesRacingGetOneHolder() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let id = try incident(store)
        let claimants = try ["p1", "p2"].map { holder in
            try LeaseClaimant(dataDir: dir.path, incident: id.rawValue, balancer: balancer, holder: holder, count: 200)
        }
        let outputs = claimants.map { $0.finish() }
        for output in outputs { #expect(output.status == 0, "claimant failed: \(output.stderr)") }
        let lines = outputs.map { $0.stdout.split(separator: "\n").map(String.init) }
        #expect(lines.allSatisfy { $0.count == 200 })
        let winners = lines.indices.filter { lines[$0].contains("mine") }
        #expect(winners.count == 1, "both held the lease: \(outputs.map { $0.stdout.prefix(200) })")
        if let winner = winners.first {
            #expect(lines[winner].allSatisfy { $0 == "mine" })
            #expect(lines[1 - winner].allSatisfy { $0 == "theirs p\(winner + 1)" })
        }
    }
}

/// A `postmoterm-bench store lease-loop` child process.
final class LeaseClaimant {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    init(dataDir: String, incident: String, balancer: String, holder: String, count: Int) throws {
        process.executableURL = URL(fileURLWithPath: try WriterProcess.helperPath())
        process.arguments = [
            "store", "lease-loop", "--data-dir", dataDir, "--incident", incident, "--balancer", balancer,
            "--holder", holder, "--count", String(count),
        ]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    func finish() -> (stdout: String, stderr: String, status: Int32) {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
