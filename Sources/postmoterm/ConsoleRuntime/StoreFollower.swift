import Foundation
import PostmotermCore
import SQLiteStore

/// Brings other processes' events into the console: the kernel says when the log's files change
/// (inotify, with a slow `stat` safety check besides; a fast poll where inotify is refused), then
/// a cheap revision check, then only the events after the last one seen, as
/// ``Console/ConsoleMessage/storeEvents(_:)``. An idle console asks SQLite nothing.
final class StoreFollower: Sendable {
    /// How often the store's change marker is checked where inotify is not available (other
    /// processes' events show within this).
    static let storePollInterval: Duration = .milliseconds(250)
    /// With inotify: how often the log's files are compared anyway (`stat`), in case the kernel
    /// dropped an event.
    static let storeSafetyPollSeconds = 5.0
    /// With inotify: after the last change the kernel reported, more looks this much later each
    /// (the second for a writer descheduled on a busy machine). The kernel reports a commit's write to the `-wal` file, but the commit becomes visible to
    /// readers only when the writer then updates the WAL index in the `-shm` file, through
    /// memory (no inotify event): a look at once can still see the old revision, and without
    /// this one the event waited for the next write to the log, maybe forever (issue 15: a note
    /// imported from another host never showed).
    static let storeSettleSeconds = [0.1, 1.0]

    private let changeWatcher: StoreChangeWatcher?
    private let tasks: [Task<Void, Never>]

    /// Starts following `incidentID`'s log after event `lastSequence`. `newEvents` (team mode)
    /// is told whenever new events were found, so the shipper sends this host's at once.
    init(
        worker: StoreWorker, incidentID: IncidentID, after lastSequence: Int64, dataDirectory: String,
        sink: AsyncStream<RuntimeEvent>.Continuation, newEvents: AsyncStream<Void>.Continuation? = nil
    ) {
        var tasks: [Task<Void, Never>] = []
        let (storeWakes, storeWake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let changeWatcher = StoreChangeWatcher(directory: dataDirectory)
        if let changeWatcher {
            Thread.detachNewThread {
                /// The next of `storeSettleSeconds` to wait after the last reported change.
                var settle = Self.storeSettleSeconds.count
                while !changeWatcher.isClosed {
                    let settling = settle < Self.storeSettleSeconds.count
                    let reported = changeWatcher.wait(
                        timeout: settling ? Self.storeSettleSeconds[settle] : Self.storeSafetyPollSeconds)
                    if changeWatcher.isClosed { break }
                    // The safety check asks `stat`, not SQLite: an idle console runs no store code.
                    if changeWatcher.filesChanged() || reported || settling { storeWake.yield() }
                    settle = reported ? 0 : min(settle + 1, Self.storeSettleSeconds.count)
                }
                storeWake.finish()
            }
        } else {
            tasks.append(Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.storePollInterval)
                    storeWake.yield()
                }
            })
        }
        tasks.append(Task {
            var seen = lastSequence
            var revision = try? await worker.run { try $0.revision() }
            /// Team mode: the conflict notes shown so far (an event may lose a conflict later).
            var marked: [Int64: String] = [:]
            for await _ in storeWakes {
                guard let current = try? await worker.run({ try $0.revision() }), current != revision else { continue }
                revision = current
                let after = seen
                guard let new = try? await worker.run({ try $0.events(of: incidentID, after: after, limit: nil) }),
                    !new.isEmpty
                else { continue }
                seen = new.last?.sequence ?? seen
                newEvents?.yield()
                // Only events of the kinds conflicts are about can change them.
                let marks = !new.contains(where: { TeamConflict.kinds.contains($0.kind) }) ? marked
                    : (try? await worker.run { try TeamConsoleEvents.marks(of: incidentID, in: $0) }) ?? [:]
                var changed = new
                if marks != marked {
                    let fresh = Set(new.map(\.sequence))
                    let moved = Set(marks.keys).symmetricDifference(marked.keys).union(marks.keys.filter { marks[$0] != marked[$0] })
                    let earlier = moved.filter { !fresh.contains($0) }.sorted()
                    for sequence in earlier {
                        if let event = try? await worker.run({ try $0.events(of: incidentID, after: sequence - 1, limit: 1) }).first {
                            changed.append(event)
                        }
                    }
                    marked = marks
                }
                let shown = TeamConsoleEvents.consoleEvents(changed, marks: marks)
                if !shown.isEmpty { sink.yield(.message(.storeEvents(shown))) }
            }
        })
        self.changeWatcher = changeWatcher
        self.tasks = tasks
    }

    func stop() {
        changeWatcher?.close()
        for task in tasks { task.cancel() }
    }
}
