/// Ships a host's local log to the team store and back (issue 15): publishes shared incidents,
/// pushes the outbox in batches, fetches what other hosts wrote. Local first: every write is
/// already committed locally when the shipper sees it, so a failure here loses nothing; the
/// next round sends it again (pushes are idempotent on origin ids).
///
/// One round is ``sync()``; ``run(wake:sleep:onStatus:)`` repeats rounds in the background,
/// woken by the store's notices and by local writes, with backoff while the store fails. Nothing
/// on a key path waits for it: commands wait for one round with a deadline, the console
/// only shows its ``TeamStatus``.
public actor TeamShipper {
    private let log: any TeamLog
    private let store: any TeamStore
    private let clock: any WallClock
    private let batchSize: Int
    private var prepared = false
    /// What the last round found.
    public private(set) var status = TeamStatus()
    /// Per-incident problems a person must fix (an id taken by another team incident).
    public private(set) var incidentErrors: [IncidentID: String] = [:]
    /// Grows with every incident published and every batch pushed or fetched (read without
    /// awaiting the actor, while a round runs).
    public nonisolated let progress = TeamProgress()

    /// Backoff after failed rounds: 0.5 s, 1 s, 2 s, … up to 30 s.
    public static func backoffSeconds(failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        return min(30, 0.5 * Double(1 << min(failures - 1, 6)))
    }

    public init(log: any TeamLog, store: any TeamStore, clock: any WallClock = SystemClock(), batchSize: Int = 500) {
        self.log = log
        self.store = store
        self.clock = clock
        self.batchSize = batchSize
    }

    /// One round: publish, push everything pending, fetch everything new. Never throws: the
    /// outcome is in the returned status (and ``status``).
    @discardableResult
    public func sync() async -> TeamStatus {
        do {
            if !prepared {
                try await store.prepare()
                prepared = true
            }
            try await publishShared()
            try await pushOutbox()
            for shared in try log.sharedIncidents() where shared.isPublished {
                try await pull(shared.id, after: shared.lastFetched, incident: nil)
            }
            status.failingSince = nil
            status.lastError = nil
            status.isRetrying = true
            status.lastSuccess = clock.now()
        } catch {
            fail(error)
        }
        status.pending = (try? log.outboxCount()) ?? status.pending
        return status
    }

    /// Shares the local incident `id` with the team (`postmoterm team push ID`, `start` in team
    /// mode) and runs a round. The incident's problems, if any, are in ``incidentErrors``.
    @discardableResult
    public func share(_ id: IncidentID) async throws -> TeamStatus {
        try log.share(id)
        return await sync()
    }

    /// Fetches the incident `id` from the store into the local log (a host that never saw it).
    /// Returns false when the store has no such incident.
    public func fetchIncident(_ id: IncidentID) async throws -> Bool {
        if !prepared {
            try await store.prepare()
            prepared = true
        }
        guard let incident = try await store.incident(id) else { return false }
        try await pull(id, after: 0, incident: incident)
        status.pending = (try? log.outboxCount()) ?? status.pending
        return true
    }

    /// Rounds until the task is cancelled: one at once, then one whenever `wake` yields (a
    /// local write), the store sends a notice, or `idleSeconds` passed (what this host wrote is
    /// sent within that); after a failure, when the backoff is over. `sleep` waits the given
    /// seconds (tests pass one that returns when they say).
    public func run(
        wake: AsyncStream<Void>, idleSeconds: Double = 1, sleep: @escaping @Sendable (Double) async -> Void,
        onStatus: @escaping @Sendable (TeamStatus) -> Void
    ) async {
        let (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let notices = store.notices()
        let forwarders = [
            Task { for await _ in wake { signal.yield() } },
            Task { for await _ in notices { signal.yield() } },
        ]
        defer { for task in forwarders { task.cancel() } }
        var failures = 0
        var iterator = signals.makeAsyncIterator()
        while !Task.isCancelled {
            let result = await sync()
            onStatus(result)
            if result.failingSince != nil {
                failures += 1
                await sleep(Self.backoffSeconds(failures: failures))
            } else {
                failures = 0
                let waiter = Task { await sleep(idleSeconds); signal.yield() }
                _ = await iterator.next()
                waiter.cancel()
            }
        }
    }

    private func publishShared() async throws {
        for shared in try log.sharedIncidents() where !shared.isPublished {
            let incident = try log.share(shared.id)
            do {
                try await store.publish(incident)
                try log.markPublished(shared.id)
                progress.advance(by: 1)
                incidentErrors[shared.id] = nil
            } catch let error as TeamStoreError where !error.isRetryable {
                incidentErrors[shared.id] = error.description
            }
        }
    }

    private func pushOutbox() async throws {
        while true {
            let batch = try log.outbox(limit: batchSize)
            guard !batch.isEmpty else { return }
            let orders = try await store.push(batch)
            try log.markAccepted(orders)
            progress.advance(by: batch.count)
            guard batch.count == batchSize else { return }
        }
    }

    private func pull(_ id: IncidentID, after: Int64, incident: SharedIncident?) async throws {
        var last = after
        var shared = incident
        while true {
            let events = try await store.fetch(incident: id, after: last, limit: 1_000)
            guard !events.isEmpty else { return }
            if shared == nil { shared = try log.share(id) }
            guard let shared else { return }
            try log.importShared(events, of: shared)
            progress.advance(by: events.count)
            last = events[events.count - 1].serverOrder
            if events.count < 1_000 { return }
        }
    }

    private func fail(_ error: any Error) {
        let now = clock.now()
        if status.failingSince == nil { status.failingSince = now }
        if let teamError = error as? TeamStoreError {
            status.lastError = teamError.description
            status.isRetrying = teamError.isRetryable
        } else {
            status.lastError = String(describing: error)
            status.isRetrying = true
        }
    }
}
