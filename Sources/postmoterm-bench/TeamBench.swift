import ArgumentParser
import Foundation
import PostgresTeamStore
import PostmotermCore
import PostmotermTestSupport
import SQLiteStore

/// `postmoterm-bench team`: the team store's path on a private PostgreSQL cluster (or `--url`):
/// one host's write to another host's fetch through NOTIFY (p50/p99 over `--events`), push
/// throughput, catch-up of `--bulk` events in pages, and the export-sized fetch of a
/// `--bulk`-event incident in one request (budget ≤ 1 s). The console's part of "write → screen"
/// is measured by the console benchmarks.
struct TeamBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Measures the team store: write→other host's fetch via NOTIFY, push throughput, catch-up, export-sized fetch.")

    @Option(help: "Events timed one by one from one host's push to the other host's fetch.") var events: Int = 1_000
    @Option(help: "Events in the bulk incident (throughput, catch-up, export-sized fetch).") var bulk: Int = 100_000
    @Option(help: "Events per push in the throughput run.") var batch: Int = 500
    @Option(help: "Events per page when catching up.") var page: Int = 5_000
    @Option(help: "Seconds any one store request may take (a debug build's 100,000-event fetch takes longer than the default 5 s).")
    var timeout: Double = 30
    @Option(help: "A team store to use instead of a private cluster (password from $PGPASSWORD or ~/.pgpass).")
    var url: String?

    func run() async throws {
        let cluster = url == nil ? try PostgresCluster() : nil
        defer { cluster?.shutdown() }
        var environment = ProcessInfo.processInfo.environment
        if let cluster { environment["PGPASSWORD"] = cluster.password }
        let connection = TeamConnection(url: url ?? cluster?.url() ?? "")
        let options = PostgresTeamStore.Options(timeout: timeout)
        let writer = try PostgresTeamStore(connection: connection, options: options, environment: environment)
        let reader = try PostgresTeamStore(connection: connection, options: options, environment: environment)
        print("team store: \(writer.settings)\(cluster == nil ? "" : " (private cluster, PostgreSQL on loopback)")")
        try await writer.prepare()
        try await reader.prepare()

        try await measureLatency(writer: writer, reader: reader)
        let bulkID = try await measureThroughput(writer)
        try await measureCatchUp(bulkID, connection: connection, options: options, environment: environment)
        try await measureHostCatchUp(bulkID, connection: connection, options: options, environment: environment)
        await writer.shutdown()
        await reader.shutdown()
    }

    /// One event at a time: push on the writer; the reader hears the NOTIFY, fetches after the
    /// last order it saw and finds the event.
    private func measureLatency(writer: PostgresTeamStore, reader: PostgresTeamStore) async throws {
        let incident = try await publish(writer, "latency")
        var notices = reader.notices().makeAsyncIterator()
        while let notice = await notices.next(), notice != .resubscribed {}
        var lastSeen: Int64 = 0
        var latencies: [Double] = []
        for n in 0..<max(1, events) {
            let event = Self.event(n, incident: incident)
            let started = ContinuousClock.now
            _ = try await writer.push([event])
            var seen = false
            while !seen {
                guard let notice = await notices.next() else { throw ValidationError("the notice stream ended") }
                guard case .appended(let id, let order) = notice, id == incident, order > lastSeen else { continue }
                let fetched = try await reader.fetch(incident: incident, after: lastSeen, limit: nil)
                lastSeen = fetched.last?.serverOrder ?? lastSeen
                seen = fetched.contains { $0.event.originID == event.originID }
            }
            latencies.append(Self.milliseconds(started.duration(to: .now)))
        }
        latencies.sort()
        print(
            String(
                format: "write → other host's fetch via NOTIFY: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms  [goal p99 <= 500 ms]",
                latencies.count, StoreBench.Measure.percentile(latencies, 0.5), StoreBench.Measure.percentile(latencies, 0.99),
                latencies.last ?? 0))
    }

    private func measureThroughput(_ writer: PostgresTeamStore) async throws -> IncidentID {
        let origin = Self.originID()
        let incident = try await publish(writer, "bulk", origin: origin)
        // As a real incident: its first event is its start, under the incident's origin id (a
        // host importing it checks that it is the team's incident by it).
        var all = (0..<max(1, bulk)).map { Self.event($0, incident: incident) }
        all[0].originID = origin
        all[0].kind = .incidentStarted
        let started = ContinuousClock.now
        for start in stride(from: 0, to: all.count, by: max(1, batch)) {
            _ = try await writer.push(Array(all[start..<min(all.count, start + max(1, batch))]))
        }
        let seconds = Self.milliseconds(started.duration(to: .now)) / 1000
        print(String(format: "push throughput: %d events in batches of %d: %.2f s, %.0f events/s", all.count, batch, seconds, Double(all.count) / seconds))
        return incident
    }

    /// A host that has seen nothing: a new store (its connection included) pages through the
    /// incident; then the whole incident in one request, as an export would read it. Best of 3.
    private func measureCatchUp(
        _ incident: IncidentID, connection: TeamConnection, options: PostgresTeamStore.Options, environment: [String: String]
    ) async throws {
        var catchUps: [Double] = []
        var exports: [Double] = []
        var counts: (Int, Int) = (0, 0)
        for _ in 0..<3 {
            let newcomer = try PostgresTeamStore(connection: connection, options: options, environment: environment)
            var started = ContinuousClock.now
            var last: Int64 = 0
            var received = 0
            while true {
                let events = try await newcomer.fetch(incident: incident, after: last, limit: page)
                guard let tail = events.last else { break }
                received += events.count
                last = tail.serverOrder
            }
            catchUps.append(Self.milliseconds(started.duration(to: .now)))
            started = ContinuousClock.now
            let whole = try await newcomer.fetch(incident: incident, after: 0, limit: nil)
            exports.append(Self.milliseconds(started.duration(to: .now)))
            counts = (received, whole.count)
            await newcomer.shutdown()
        }
        print(String(format: "catch-up of %d events (new store, pages of %d, best of 3): %.0f ms (first %.0f ms)", counts.0, page, catchUps.min() ?? 0, catchUps[0]))
        print(String(format: "export-sized fetch of a %d-event incident (one request, best of 3): %.0f ms (first %.0f ms)  [goal <= 1000 ms]", counts.1, exports.min() ?? 0, exports[0]))
    }

    /// What a host that never saw the incident does (`log --incident ID` there): the shipper
    /// fetches it page by page into a new local log, each page one request and one SQLite
    /// transaction.
    private func measureHostCatchUp(
        _ incident: IncidentID, connection: TeamConnection, options: PostgresTeamStore.Options, environment: [String: String]
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-bench-team-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try SQLiteIncidentStore(directory: directory, originHost: "bench-newcomer")
        let store = try PostgresTeamStore(connection: connection, options: options, environment: environment)
        let shipper = TeamShipper(log: log, store: store)
        let started = ContinuousClock.now
        guard try await shipper.fetchIncident(incident) else { throw ValidationError("the bulk incident is not in the store") }
        let seconds = Self.milliseconds(started.duration(to: .now)) / 1000
        let count = try log.events(of: incident, after: 0, limit: nil).count
        await store.shutdown()
        print(String(format: "catch-up of a new host's log (team store → local SQLite, %d events): %.2f s, %.0f events/s", count, seconds, Double(count) / seconds))
    }

    private func publish(_ store: PostgresTeamStore, _ name: String, origin: EventOriginID = originID()) async throws -> IncidentID {
        guard let id = IncidentID(rawValue: "bench-\(name)-\(UInt32.random(in: 0...UInt32.max))") else {
            throw ValidationError("bad incident id")
        }
        try await store.publish(
            SharedIncident(
                id: id, title: "bench \(name)", startedAt: Timestamp(Date()), openedBy: Author(name: "bench"),
                openedOnHost: "bench", origin: origin))
        return id
    }

    /// A note of typical size, with data keys like a step's.
    static func event(_ n: Int, incident: IncidentID) -> SharedEvent {
        SharedEvent(
            originID: originID(), incidentID: incident, originHost: "bench-host", author: Author(name: "alice", role: "ops"),
            kind: .note, text: "drained web-\(n % 7) from the pool and watched the 5xx rate fall (event \(n))",
            data: ["step": "\(n % 12)", "phase": "mitigate"], happenedAt: nil, recordedAt: Timestamp(Date()))
    }

    static func originID() -> EventOriginID {
        let uuid = UUID().uuid
        let bytes = withUnsafeBytes(of: uuid) { Array($0) }
        return EventOriginID(bytes: bytes) ?? EventOriginID(bytes: [UInt8](repeating: 1, count: 16))!
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
