import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// The reliability tests of the incident log, with real processes.
@Suite(.serialized) struct MultiProcessReliabilityTests {
    @Test func twoProcessesAppendAThousandEventsEachToOneIncident() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "shared", author: Author(name: "t")))
        let writers = try ["a", "b"].map {
            try WriterProcess(dataDir: dir.path, incident: incident.id.rawValue, writer: $0, count: 1000)
        }
        let results = writers.map { $0.finish() }
        for result in results {
            #expect(result.status == 0, "writer failed: \(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(WriterProcess.acknowledged(result.stdout).count == 1000)
        }
        let events = try store.events(of: incident.id)
        #expect(events.count == 2001)
        #expect(events.map(\.sequence) == Array(1...2001))
        for writer in ["a", "b"] {
            let numbers = events.filter { $0.author.name == writer }.map { Int($0.text.split(separator: " ")[1])! }
            #expect(numbers == Array(1...1000), "writer \(writer)'s notes are all there, in order")
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func killedWritersLoseNoAcknowledgedEvent() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "kill", author: Author(name: "t")))
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [(writer: String, sequence: Int64, n: Int)] = []
        let rounds = 20
        var killedMidway = 0
        for round in 0..<rounds {
            let writer = "w\(round)"
            let process = try WriterProcess(dataDir: dir.path, incident: incident.id.rawValue, writer: writer, count: 100_000)
            // Let it acknowledge a random number of appends, then kill it without warning (in
            // the middle of its next ones).
            process.waitForAcknowledgements(Int.random(in: 1...200, using: &generator))
            process.kill()
            let result = process.finish()
            if result.reason == .uncaughtSignal { killedMidway += 1 }
            acknowledged += WriterProcess.acknowledged(result.stdout).map { (writer, $0.0, $0.1) }
        }
        #expect(killedMidway == rounds, "every writer was still writing when killed")
        #expect(acknowledged.count > rounds, "the writers got to acknowledge events")
        let reopened = try SQLiteIncidentStore(directory: dir.path)
        #expect(try reopened.integrityCheck() == "ok")
        let events = try reopened.events(of: incident.id)
        let bySequence = Dictionary(uniqueKeysWithValues: events.map { ($0.sequence, $0) })
        for ack in acknowledged {
            let event = bySequence[ack.sequence]
            #expect(event?.text == "\(ack.writer) \(ack.n)", "acknowledged event #\(ack.sequence) is there")
        }
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)), "no gaps")
        // The store still takes writes after all that.
        let after = try reopened.append(.note("still fine", author: Author(name: "t")), to: incident.id)
        #expect(after.sequence == Int64(events.count + 1))
    }
}
