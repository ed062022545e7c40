import Foundation
import PostmotermCore
import PostmotermTestSupport

@testable import PostgresTeamStore

/// What the team store tests share: a store on a private cluster, incidents and events to push,
/// and a recorder that waits for notices with a deadline.
enum TeamFixtures {
    static let incidentID = IncidentID(rawValue: "2026-12-07-checkout-502s")!

    /// A store on `cluster` as `responder`, the password in the environment. The default
    /// timeout is generous: a debug build's first request (connect, SCRAM, the migration) took
    /// over 5 s with every suite's cluster starting at once on a loaded 2-core machine.
    static func store(
        _ cluster: PostgresCluster, database: String? = nil, query: String = "", password: String? = nil,
        timeout: Double = 20, heartbeat: Double = 1
    ) throws -> PostgresTeamStore {
        try PostgresTeamStore(
            connection: TeamConnection(url: cluster.url(database: database, query: query)),
            options: .init(timeout: timeout, heartbeat: heartbeat, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))),
            environment: ["PGPASSWORD": password ?? cluster.password], homeDirectory: "/nonexistent")
    }

    static func incident(_ id: IncidentID = incidentID, origin: EventOriginID = newID(), host: String = "bastion-1")
        -> SharedIncident
    {
        SharedIncident(
            id: id, title: "Checkout 502s", severity: "SEV2", playbookPath: "playbooks/502.md",
            playbookDigest: "sha256:abc", startedAt: Timestamp(millisecondsSinceEpoch: 1_796_000_000_000),
            openedBy: Author(name: "alice", role: "IC"), openedOnHost: host, origin: origin)
    }

    static func event(
        _ n: Int, incident: IncidentID = incidentID, host: String = "bastion-1", amends: EventOriginID? = nil
    ) -> SharedEvent {
        SharedEvent(
            originID: newID(), incidentID: incident, originHost: host,
            author: Author(name: "bob", role: n.isMultiple(of: 2) ? "ops" : nil), kind: .note,
            text: "note \(n): drained web-\(n % 3) ✓", data: n.isMultiple(of: 3) ? [:] : ["step": "\(n)", "b": "two"],
            happenedAt: n.isMultiple(of: 2) ? Timestamp(millisecondsSinceEpoch: 1_796_000_000_000 + Int64(n)) : nil,
            recordedAt: Timestamp(millisecondsSinceEpoch: 1_796_000_001_000 + Int64(n)), amends: amends)
    }

    static func newID() -> EventOriginID {
        EventOriginID(UUID())!
    }
}

/// Collects a store's notices; ``wait(seconds:until:)`` returns as soon as they satisfy a
/// condition, or false at the deadline (no sleeping).
final class NoticeRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var notices: [TeamNotice] = []
    private var waiters: [(condition: ([TeamNotice]) -> Bool, continuation: CheckedContinuation<Bool, Never>)] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<TeamNotice>) {
        task = Task { [weak self] in
            for await notice in stream { self?.append(notice) }
        }
    }

    deinit { task?.cancel() }

    var all: [TeamNotice] { lock.withLock { notices } }

    func wait(seconds: Double, until condition: @escaping @Sendable ([TeamNotice]) -> Bool) async -> Bool {
        (try? await Timeout.run(seconds: seconds, onExpiry: { [self] in giveUp() }) { [self] in
            await withCheckedContinuation { continuation in
                let met = lock.withLock { () -> Bool in
                    if condition(notices) { return true }
                    waiters.append((condition, continuation))
                    return false
                }
                if met { continuation.resume(returning: true) }
            }
        }) ?? false
    }

    private func append(_ notice: TeamNotice) {
        let ready = lock.withLock { () -> [CheckedContinuation<Bool, Never>] in
            notices.append(notice)
            let ready = waiters.filter { $0.condition(notices) }.map(\.continuation)
            waiters.removeAll { $0.condition(notices) }
            return ready
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    private func giveUp() {
        let pending = lock.withLock {
            defer { waiters = [] }
            return waiters.map(\.continuation)
        }
        for continuation in pending { continuation.resume(returning: false) }
    }
}
