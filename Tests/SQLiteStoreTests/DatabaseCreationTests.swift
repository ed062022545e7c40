import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// A new incident log is built beside its name and linked into place: complete, ours, and the
/// same file for every process that raced to create it.
@Suite struct DatabaseCreationTests {
    let dir = TemporaryDirectory()

    @Test func aNewLogAppearsCompleteWithNothingLeftBeside() throws {
        let store = try SQLiteIncidentStore(directory: dir.path)
        #expect(try DatabaseFile.inspect(store.path) == .database(applicationID: Schema.applicationID))
        let incident = try store.createIncident(IncidentDraft(title: "outage", author: Author(name: "alice")))
        #expect(try store.incident(incident.id).title == "outage")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".new-") }
        #expect(leftovers.isEmpty)
    }

    @Test func processesRacingToCreateTheLogShareOneFile() throws {
        let count = 6
        let results = Results(count: count)
        let path = dir.path
        let finished = DispatchGroup()
        let threads = (0..<count).map { index in
            finished.enter()
            return Thread {
                defer { finished.leave() }
                do {
                    let store = try SQLiteIncidentStore(directory: path)
                    let incident = try store.createIncident(IncidentDraft(title: "racer \(index)", author: Author(name: "r\(index)")))
                    results.set(index, incident.id.rawValue)
                } catch {
                    results.set(index, "error: \(error)")
                }
            }
        }
        threads.forEach { $0.start() }
        #expect(finished.wait(timeout: .now() + 30) == .success, "every racer finished")
        let ids = results.values
        #expect(ids.allSatisfy { $0 != nil && !$0!.hasPrefix("error") }, "\(ids)")
        // Every racer's incident is in the one log.
        let store = try SQLiteIncidentStore(directory: path)
        #expect(try store.incidents().count == count)
    }

    /// Results written by the racing threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String?]

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: String) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        var values: [String?] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }

        var complete: Bool { values.allSatisfy { $0 != nil } }
    }
}
