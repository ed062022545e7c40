import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

/// `postmoterm-bench store`: the incident log's budgets — durable append latency, export of a
/// 100,000-event incident to Markdown, and opening that incident.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measures durable append latency, 100,000-event export and open (release build).",
        subcommands: [Measure.self, AppendLoop.self, LeaseLoop.self],
        defaultSubcommand: Measure.self
    )
}

extension StoreBench {
    /// A writer for the reliability tests: appends notes to one incident and prints
    /// `<sequence> <n>` for each only after `append` returned (i.e. after COMMIT).
    struct AppendLoop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "append-loop",
            abstract: "Append numbered notes, printing each acknowledged one (used by the reliability tests).",
            shouldDisplay: false
        )

        @Option(help: "The data directory.") var dataDir: String
        @Option(help: "The incident id.") var incident: String
        @Option(help: "The writer's name (goes into the note text and the author).") var writer: String
        @Option(help: "How many notes to append.") var count: Int = 1000

        func run() throws {
            guard let id = IncidentID(rawValue: incident) else { throw ValidationError("bad incident id") }
            let store = try SQLiteIncidentStore(directory: dataDir)
            for n in 1...max(1, count) {
                let event = try store.append(.note("\(writer) \(n)", author: Author(name: writer)), to: id)
                // One unbuffered write per acknowledgement: what is printed was committed.
                FileHandle.standardOutput.write(Data("\(event.sequence) \(n)\n".utf8))
            }
        }
    }

    /// A would-be recorder for the lease tests: claims one balancer's recording lease again and
    /// again, printing `mine` or `theirs <holder>` after each claim committed.
    struct LeaseLoop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lease-loop",
            abstract: "Claim a recording lease repeatedly, printing who holds it (used by the lease tests).",
            shouldDisplay: false
        )

        @Option(help: "The data directory.") var dataDir: String
        @Option(help: "The incident id.") var incident: String
        @Option(help: "The balancer (address without credentials).") var balancer: String
        @Option(help: "This claimant's holder id.") var holder: String
        @Option(help: "How many claims.") var count: Int = 100
        @Option(help: "Lease length in milliseconds.") var leaseMs: Int64 = RecordingLease.defaultMilliseconds

        func run() throws {
            guard let id = IncidentID(rawValue: incident) else { throw ValidationError("bad incident id") }
            let store = try SQLiteIncidentStore(directory: dataDir)
            for _ in 1...max(1, count) {
                let lease = try store.claimRecording(of: balancer, for: id, holder: holder, milliseconds: leaseMs)
                FileHandle.standardOutput.write(Data((lease.isMine ? "mine\n" : "theirs \(lease.holder)\n").utf8))
            }
        }
    }
}
