import Foundation
import PostmotermCore
import SQLiteStore

/// Team mode for one command (issue 15): opened by `DataDirectoryOptions.openStore` when a team
/// store is configured, it sends what is pending and fetches what is new before the command
/// reads its incident, and sends what the command wrote before the process exits. Every wait
/// is bounded by progress: it lasts while the round keeps moving (each ``waitSeconds`` some
/// events were sent or fetched), so a 20,000-event push or a 100,000-event catch-up finishes,
/// and it ends ``waitSeconds`` after the last step forward, so an unreachable or hanging store
/// costs at most that; then the command carries on with the local log, which already holds
/// everything.
final class TeamSession: @unchecked Sendable {
    let connection: TeamConnection
    let log: SQLiteIncidentStore
    let shipper: TeamShipper
    let store: any TeamStore

    /// Set once a wait ran out: the store hangs, so later steps of this command do not wait again.
    private let gaveUp = LockedBool()
    private let last = ResultBox<TeamStatus>()

    private let lastProblem = ResultBox<String>()

    /// What the last round of this command found; nil when none finished in time.
    var lastStatus: TeamStatus? { last.get() }
    /// Why the last round that failed or stalled did not send everything (never a password).
    var problem: String? { lastProblem.get() }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: TeamSession?

    /// The session of this process, if team mode is on.
    static var active: TeamSession? { lock.withLock { current } }

    /// How long a command waits for the team store to make progress at each step:
    /// `$POSTMOTERM_TEAM_WAIT` seconds, else 3.
    static var waitSeconds: Double {
        ProcessInfo.processInfo.environment["POSTMOTERM_TEAM_WAIT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 3
    }

    private init(connection: TeamConnection, log: SQLiteIncidentStore, store: any TeamStore) {
        self.connection = connection
        self.log = log
        self.store = store
        self.shipper = TeamShipper(log: log, store: store)
    }

    /// Starts team mode on `log` and runs one bounded round. A store that cannot even be set up
    /// (a malformed URL) is said on stderr and the command stays local.
    @discardableResult
    static func begin(log: SQLiteIncidentStore, connection: TeamConnection) -> TeamSession? {
        let store: any TeamStore
        do {
            store = try TeamStoreOpening.open(connection)
        } catch {
            Terminal.note("team: \(error); carrying on locally")
            return nil
        }
        let session = TeamSession(connection: connection, log: log, store: store)
        lock.withLock { current = session }
        session.syncNow()
        return session
    }

    /// One bounded round (send, fetch); says on stderr when the store did not answer or failed.
    @discardableResult
    func syncNow() -> TeamStatus? {
        guard !gaveUp.value else { return nil }
        let shipper = shipper
        guard let status = waitWhileProgressing({ await shipper.sync() }) else {
            gaveUp.set()
            lastProblem.set("\(connection.redactedURL) \(stalledText)")
            Terminal.note("team: \(connection.redactedURL) \(stalledText); carrying on locally (\(pendingText))")
            return nil
        }
        last.set(status)
        if let error = status.lastError, status.failingSince != nil {
            lastProblem.set(error)
            Terminal.note("team: \(error); carrying on locally (\(pendingText))")
        }
        return status
    }

    /// Shares the local incident `id` with the team and sends it (bounded).
    func share(_ id: IncidentID) throws {
        try log.share(id)
        syncNow()
        if !gaveUp.value, let problem = Self.waitAtMost(Self.waitSeconds, { [shipper] in await shipper.incidentErrors[id] }) ?? nil {
            Terminal.note("team: \(problem)")
        }
    }

    /// Fetches incident `id` from the team store into the local log (a host that never saw it);
    /// false when the store does not have it or did not answer.
    func fetch(_ id: IncidentID) -> Bool {
        guard !gaveUp.value else { return false }
        let shipper = shipper
        let result = waitWhileProgressing { () -> Result<Bool, TeamStoreError> in
            do {
                return .success(try await shipper.fetchIncident(id))
            } catch let error as TeamStoreError {
                return .failure(error)
            } catch {
                return .failure(.server(store: "", message: String(describing: error)))
            }
        }
        switch result {
        case .success(let found)?: return found
        case .failure(let error)?:
            Terminal.note("team: \(error); only the local log was searched")
            return false
        case nil:
            gaveUp.set()
            Terminal.note("team: \(connection.redactedURL) \(stalledText); only the local log was searched")
            return false
        }
    }

    /// The team store's incidents this host has not fetched yet, as lines for `list` (empty when
    /// there are none or the store did not answer in time).
    func incidentsNotHere(known: Set<IncidentID>) -> String {
        let store = store
        guard !gaveUp.value, let all = Self.waitAtMost(Self.waitSeconds, { try? await store.incidents() }) ?? nil else { return "" }
        let missing = all.filter { !known.contains($0.id) }
        guard !missing.isEmpty else { return "" }
        var out = "\nIn the team store, not fetched here yet (`postmoterm log --incident ID …` or `open --incident ID` fetches one):\n"
        for incident in missing {
            out += "\(incident.id)  \(incident.startedAt.isoDate) \(incident.startedAt.hourMinute)  \(Terminal.safe(incident.title))  (opened by \(Terminal.safe(incident.openedBy.name)) on \(Terminal.safe(incident.openedOnHost)))\n"
        }
        return out
    }

    /// Sends what this command wrote (bounded), then closes the connections.
    static func finishActive() {
        guard let session = active else { return }
        lock.withLock { current = nil }
        if ((try? session.log.outboxCount()) ?? 0) > 0 { session.syncNow() }
        guard !session.gaveUp.value else { return }  // a hung store: exit without waiting on it again
        let store = session.store
        _ = waitAtMost(1) { await store.shutdown() }
    }

    private var pendingText: String {
        let count = (try? log.outboxCount()) ?? 0
        return count == 0 ? "nothing to send" : "\(count) to send later"
    }

    /// Why a wait ended early: no answer at all, or answers that stopped.
    private var stalledText: String {
        let seconds = Self.format(Self.waitSeconds)
        return shipper.progress.value == 0
            ? "did not answer within \(seconds) s" : "stopped making progress for \(seconds) s"
    }

    /// Runs `body` (a round of ``shipper``) and waits for it while it makes progress: nil once
    /// ``waitSeconds`` passed with nothing sent or fetched (it goes on in the background until
    /// the process exits).
    private func waitWhileProgressing<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.set(await body())
            done.signal()
        }
        var seen = shipper.progress.value
        while done.wait(timeout: .now() + Self.waitSeconds) != .success {
            let now = shipper.progress.value
            guard now > seen else { return nil }
            seen = now
        }
        return box.get()
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// Runs `body` and waits for it at most `seconds`; nil when it did not finish in time (it
    /// goes on in the background until the process exits).
    static func waitAtMost<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.set(await body())
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.get()
    }
}

/// A flag set once, read from any thread.
private final class LockedBool: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false

    var value: Bool { lock.withLock { isSet } }
    func set() { lock.withLock { isSet = true } }
}

/// A value handed from a task to a waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?

    func set(_ newValue: T) { lock.withLock { value = newValue } }
    func get() -> T? { lock.withLock { value } }
}
