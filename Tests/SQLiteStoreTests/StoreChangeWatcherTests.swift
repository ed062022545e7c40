import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// The console's change watcher: woken by another connection's write, quiet otherwise, and
/// stoppable while it waits.
@Suite struct StoreChangeWatcherTests {
    let dir = TemporaryDirectory()
    let author = Author(name: "alice")

    @Test func wakesWhenAnotherConnectionAppends() throws {
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "outage", author: author))
        let watcher = try #require(StoreChangeWatcher(directory: dir.path))
        // Nothing written since the watch began: the wait times out.
        #expect(watcher.wait(timeout: 0.2) == false)

        // Another connection appends on another thread, before or during the wait: inotify
        // keeps the event either way, so no sleep decides the order.
        let other = try SQLiteIncidentStore(directory: dir.path)
        let writer = Thread {
            _ = try? other.append(EventDraft(kind: .note, text: "from another responder", author: Author(name: "bob")), to: incident.id)
        }
        writer.start()
        let start = ContinuousClock.now
        #expect(watcher.wait(timeout: 5))
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    /// The safety check between inotify events: `stat` sees every commit, and only commits.
    @Test func filesChangedSeesEveryCommitAndNothingElse() throws {
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "outage", author: author))
        let watcher = try #require(StoreChangeWatcher(directory: dir.path))
        #expect(watcher.filesChanged() == false)
        _ = try store.events(of: incident.id)
        #expect(watcher.filesChanged() == false, "a read changes nothing")
        #expect(FileManager.default.createFile(atPath: dir.appending("postmortem-draft.md"), contents: Data("# draft\n".utf8)))
        #expect(watcher.filesChanged() == false, "other files of the directory do not count")

        let other = try SQLiteIncidentStore(directory: dir.path)
        for n in 1...3 {
            _ = try other.append(EventDraft(kind: .note, text: "note \(n)", author: Author(name: "bob")), to: incident.id)
            #expect(watcher.filesChanged(), "commit \(n)")
            #expect(watcher.filesChanged() == false, "after commit \(n), once seen")
        }
    }

    @Test func otherFilesInTheDirectoryDoNotWakeIt() throws {
        _ = try SQLiteIncidentStore(directory: dir.path)
        let watcher = try #require(StoreChangeWatcher(directory: dir.path))
        // The other file is written after the watch began (its inotify event is pending).
        let draft = dir.appending("postmortem-draft.md")
        #expect(FileManager.default.createFile(atPath: draft, contents: Data("# draft\n".utf8)))
        #expect(watcher.wait(timeout: 0.5) == false)
    }

    @Test func closeEndsAWaitInProgress() throws {
        _ = try SQLiteIncidentStore(directory: dir.path)
        let watcher = try #require(StoreChangeWatcher(directory: dir.path))
        // Closed from another thread, before or during the wait: either way it ends at once.
        let closer = Thread {
            watcher.close()
        }
        closer.start()
        let start = ContinuousClock.now
        #expect(watcher.wait(timeout: 10) == false)
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(watcher.isClosed)
        #expect(watcher.wait(timeout: 10) == false)
    }

    @Test func refusesADirectoryThatDoesNotExist() {
        #expect(StoreChangeWatcher(directory: dir.appending("missing")) == nil)
    }
}
