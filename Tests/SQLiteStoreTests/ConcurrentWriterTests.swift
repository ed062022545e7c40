import Foundation
import GRDB
import PostmotermCore
import Testing

@testable import SQLiteStore

/// Several writers on one database, as several processes on one host would be.
@Suite struct ConcurrentWriterTests {
    @Test func twoConnectionsAppendingAtOnceLoseNothing() throws {
        let dir = TemporaryDirectory()
        let first = try SQLiteIncidentStore(directory: dir.path)
        let second = try SQLiteIncidentStore(directory: dir.path)
        let incident = try first.createIncident(IncidentDraft(title: "shared", author: Author(name: "a")))
        let perWriter = 150
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            let store = writer == 0 ? first : second
            for n in 1...perWriter {
                do {
                    _ = try store.append(.note("w\(writer) \(n)", author: Author(name: "w\(writer)")), to: incident.id)
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty)
        let events = try second.events(of: incident.id)
        #expect(events.count == 1 + 2 * perWriter)
        #expect(events.map(\.sequence) == Array(1...Int64(1 + 2 * perWriter)))
        #expect(Set(events.map(\.text)).count == events.count)
    }

    @Test(.timeLimit(.minutes(1))) func aWriterWaitsForAnotherProcesssTransactionInsteadOfFailing() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "locked", author: Author(name: "a")))
        // Another connection (as another process would) holds the write lock until told to let go.
        let other = try DatabaseQueue(path: store.path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            }
            released.signal()
        }
        locked.wait()
        // The append, on a thread of its own, must still be waiting while the lock is held (a
        // writer that gave up with SQLITE_BUSY would have returned at once) …
        let appended = DispatchSemaphore(value: 0)
        let outcome = AppendOutcome()
        DispatchQueue.global().async {
            outcome.set(Result { try store.append(.note("after the lock", author: Author(name: "a")), to: incident.id) })
            appended.signal()
        }
        #expect(appended.wait(timeout: .now() + 0.3) == .timedOut, "the append returned while another writer held the lock: \(String(describing: outcome.get()))")
        // … and go through once the lock is let go.
        release.signal()
        released.wait()
        appended.wait()
        #expect(try outcome.get()?.get().sequence == 2)
    }

    @Test func revisionSeesOtherWritersCommits() throws {
        let dir = TemporaryDirectory()
        let reader = try SQLiteIncidentStore(directory: dir.path)
        let writer = try SQLiteIncidentStore(directory: dir.path)
        let before = try reader.revision()
        #expect(try reader.revision() == before)
        let incident = try writer.createIncident(IncidentDraft(title: "seen", author: Author(name: "a")))
        let afterCreate = try reader.revision()
        #expect(afterCreate > before)
        _ = try writer.append(.note("hello", author: Author(name: "a")), to: incident.id)
        #expect(try reader.revision() > afterCreate)
        #expect(try reader.events(of: incident.id, after: 1, limit: nil).map(\.text) == ["hello"])
    }
}

/// Error messages collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}

/// The result of an append made on another thread.
final class AppendOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Event, any Error>?

    func set(_ result: Result<Event, any Error>) { lock.withLock { self.result = result } }
    func get() -> Result<Event, any Error>? { lock.withLock { result } }
}
