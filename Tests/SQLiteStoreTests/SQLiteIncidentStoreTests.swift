import Foundation
import GRDB
import PostmotermCore
import Testing

@testable import SQLiteStore

@Suite struct SQLiteIncidentStoreTests {
    let alice = Author(name: "alice", role: "IC")
    let clock = ManualClock(UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30).timestamp)

    @Test func eventsRoundTripExactlyAndSurviveReopening() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let incident = try store.createIncident(
            IncidentDraft(title: "API outage", severity: "SEV1", playbookPath: "p.md", playbookDigest: "sha256:ab", author: alice))
        #expect(incident.id.rawValue == "2026-11-25-api-outage")
        clock.advance(milliseconds: 1234)
        var appended: [Event] = []
        appended.append(try store.append(.note("quotes \" and \\ and\nnewline, ünïcødé 🚨", author: alice), to: incident.id))
        appended.append(try store.append(.note("backdated", author: Author(name: "bob"), happenedAt: clock.now().adding(milliseconds: -60_000)), to: incident.id))
        appended.append(
            try store.append(
                EventDraft(kind: .balancerObservation, text: "api-2 DOWN", author: .postmoterm,
                    data: ["finding": "statusChange", "pool": "api", "instance": "api-2", "to": "DOWN", "odd": "\u{1}\t\"{}"]),
                to: incident.id))
        appended.append(try store.append(.amendment(of: 2, .star, author: alice), to: incident.id))
        appended.append(try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id))
        #expect(appended.map(\.sequence) == [2, 3, 4, 5, 6])
        #expect(appended[0].recordedAt == clock.now())

        let reopened = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let events = try reopened.events(of: incident.id)
        #expect(events.count == 6)
        #expect(events[0].kind == .incidentStarted)
        #expect(Array(events.dropFirst()) == appended)
        let stored = try reopened.incident(incident.id)
        #expect(stored.status == .mitigated)
        #expect(stored.mitigatedAt == clock.now())
        #expect(stored.playbookDigest == "sha256:ab")
        let summary = try #require(try reopened.summaries().first)
        #expect(summary.eventCount == 6)
        #expect(summary.incident == stored)
        #expect(try reopened.mostRecentOpenIncident()?.id == incident.id)
        #expect(try reopened.events(of: incident.id, after: 4, limit: 1).map(\.sequence) == [5])
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func rulesAreTheLedgersAndNothingIsWrittenWhenTheyFail() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "x", author: alice))
        #expect(throws: IncidentStoreError.amendedEventNotFound(incident: incident.id, sequence: 42)) {
            try store.append(.amendment(of: 42, .hide, author: alice), to: incident.id)
        }
        #expect(throws: IncidentStoreError.incidentNotFound("nope")) {
            try store.append(.note("x", author: alice), to: IncidentID(rawValue: "nope")!)
        }
        #expect(throws: IncidentStoreError.incidentNotFound("nope")) {
            try store.events(of: IncidentID(rawValue: "nope")!, after: 0, limit: nil)
        }
        _ = try store.append(.statusChange(to: .resolved, author: alice), to: incident.id)
        #expect(throws: IncidentStoreError.self) {
            try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        }
        // A batch is all or nothing.
        #expect(throws: IncidentStoreError.self) {
            try store.append(contentsOf: [.note("fine", author: alice), .note("", author: alice)], to: incident.id)
        }
        #expect(try store.events(of: incident.id).count == 2)
        #expect(try store.mostRecentOpenIncident() == nil)
        let second = try store.createIncident(IncidentDraft(title: "x", author: alice))
        #expect(second.id.rawValue == incident.id.rawValue + "-2")
    }

    @Test func eventsCannotBeChangedOrDeletedEvenWithSQL() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "x", author: alice))
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in try db.execute(sql: "UPDATE event SET text = 'rewritten'") }
        }
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in try db.execute(sql: "DELETE FROM event") }
        }
        #expect(try store.events(of: incident.id).first?.text == "x")
    }

    @Test func dataDirectoryIsPrivate() throws {
        let dir = TemporaryDirectory()
        let nested = dir.appending("state/postmoterm")
        let store = try SQLiteIncidentStore(directory: nested, clock: clock)
        _ = try store.createIncident(IncidentDraft(title: "x", author: alice))
        func mode(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
        }
        #expect(try mode(nested) == 0o700)
        #expect(try mode(store.path) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
            #expect(try mode(store.path + suffix) == 0o600)
        }
    }

    @Test func refusesAFileThatIsNotADatabaseAndLeavesItAlone() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let file = dir.appending(SQLiteIncidentStore.fileName)
        let content = Data("these are my notes, not a database\n".utf8)
        try content.write(to: URL(fileURLWithPath: file))
        #expect(throws: IncidentStoreError.notADatabase(path: file)) { try SQLiteIncidentStore(directory: dir.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == content)
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let file = dir.appending(SQLiteIncidentStore.fileName)
        let queue = try DatabaseQueue(path: file)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')") }
        try queue.close()
        #expect(throws: IncidentStoreError.notADatabase(path: file)) { try SQLiteIncidentStore(directory: dir.path) }
        let check = try DatabaseQueue(path: file)
        #expect(try check.read { db in try String.fetchOne(db, sql: "SELECT body FROM notes") } == "mine")
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        _ = try store.createIncident(IncidentDraft(title: "x", author: alice))
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try store.pool.close()
        #expect(throws: IncidentStoreError.newerDatabase(path: store.path)) {
            try SQLiteIncidentStore(directory: dir.path)
        }
        let check = try DatabaseQueue(path: store.path)
        #expect(try check.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") } == 1)
    }

    @Test func unusableDataDirectoryIsAClearError() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let blocker = dir.appending("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(directory: blocker + "/sub") }
        if case .dataDirectoryUnusable(let path, _)? = error {
            #expect(path == blocker + "/sub")
        } else {
            Issue.record("unexpected \(String(describing: error))")
        }
        #expect(error?.description.contains("\n") == false)
        #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(directory: blocker) }
    }

    @Test func dataDirectoryResolution() {
        let env = ["HOME": "/home/ann", "XDG_STATE_HOME": "/xdg", "POSTMOTERM_DATA_DIR": "/env/dir"]
        #expect(DataDirectory.resolve(explicit: "/flag", environment: env) == "/flag")
        #expect(DataDirectory.resolve(explicit: "~/pm", environment: env) == "/home/ann/pm")
        #expect(DataDirectory.resolve(explicit: nil, environment: env) == "/env/dir")
        #expect(DataDirectory.resolve(explicit: nil, environment: ["HOME": "/home/ann", "XDG_STATE_HOME": "/xdg"]) == "/xdg/postmoterm")
        #expect(DataDirectory.resolve(explicit: nil, environment: ["HOME": "/home/ann", "XDG_STATE_HOME": "relative"]) == "/home/ann/.local/state/postmoterm")
        #expect(DataDirectory.resolve(explicit: nil, environment: ["HOME": "/home/ann"]) == "/home/ann/.local/state/postmoterm")
    }

    @Test func aLongLogReadInTwoHalvesIsTheWholeLogInOrder() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock, parallelReadThreshold: 300)
        let incident = try store.createIncident(IncidentDraft(title: "long", author: alice))
        let count = 1001
        let drafts = (1...count).map { n in
            EventDraft(kind: .note, text: "n\(n)", author: alice, data: n % 3 == 0 ? ["k": "\(n)"] : [:])
        }
        _ = try store.append(contentsOf: drafts, to: incident.id)
        let parallel = try store.events(of: incident.id)
        let sequential = try store.events(of: incident.id, after: 0, limit: Int.max)
        #expect(parallel.count == count + 1)
        #expect(parallel == sequential)
        #expect(parallel.map(\.sequence) == Array(1...Int64(count + 1)))
        let tail = try store.events(of: incident.id, after: 7, limit: nil)
        #expect(tail.first?.sequence == 8)
        #expect(tail.count == count + 1 - 7)
    }

    @Test func flatJSONRoundTrips() {
        let samples: [[String: String]] = [
            [:], ["a": "b"], ["quote": "\"", "slash": "\\/", "ctl": "\u{0}\u{1}\u{1F}", "emoji": "🚨 ü", "nl": "a\nb\r\t"],
        ]
        for sample in samples { #expect(FlatJSON.decode(FlatJSON.encode(sample)) == sample) }
        #expect(FlatJSON.decode(#"{"a":"\ud83d\udea8"}"#) == ["a": "🚨"])
        #expect(FlatJSON.decode(#"{"a":1}"#) == nil)
        #expect(FlatJSON.decode(#"{"a":"b"} x"#) == nil)
        #expect(FlatJSON.decode("") == nil)
    }

    /// The bytes written are the same as before the encoder worked on UTF-8 bytes (logs written
    /// by either compare equal): keys sorted, only `"`, `\` and controls escaped.
    @Test func flatJSONWritesTheSameBytes() {
        let sample = ["b": "q\"s\\l/\n\r\t\u{0}\u{1F}", "a": "🚨 ü", "instance.api/srv1": "1234 -"]
        #expect(FlatJSON.encode(sample) == #"{"a":"🚨 ü","b":"q\"s\\l/\n\r\t\u0000\u001f","instance.api/srv1":"1234 -"}"#)
    }
}
