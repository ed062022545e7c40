import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// Issue 16 from the command line: `list` shows each past incident's times between milestones,
/// `stats [--since]` their medians and 90th percentiles. The incidents are written through the
/// store with a manual clock (alerts at their own times), then read by the built binary.
@Suite struct MilestonesCommandLineTests {
    let dir = TemporaryDirectory()
    static let alice = Author(name: "alice")

    static func at(_ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Timestamp {
        UTCDateTime(year: 2026, month: 11, day: day, hour: hour, minute: minute, second: second).timestamp
    }

    /// An incident started at `start`, with an alert that began `alertBefore` seconds earlier
    /// (none when nil), mitigated and resolved that many minutes after the start.
    static func record(
        in store: SQLiteIncidentStore, clock: ManualClock, title: String, start: Timestamp, alertBefore: Int64?,
        mitigatedAfter: Int64, resolvedAfter: Int64?
    ) throws {
        clock.set(start)
        let incident = try store.createIncident(IncidentDraft(title: title, author: alice))
        if let alertBefore {
            let startsAt = start.adding(milliseconds: -alertBefore * 1000)
            _ = try store.append(EventDraft(
                kind: .alertFiring, text: "HAProxyServerWeightSkew firing", author: .postmoterm, happenedAt: startsAt,
                data: ["alertname": "HAProxyServerWeightSkew", "fingerprint": "f1", "startsAt": startsAt.iso8601]), to: incident.id)
        }
        clock.set(start.adding(milliseconds: mitigatedAfter * 60_000))
        _ = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        if let resolvedAfter {
            clock.set(start.adding(milliseconds: resolvedAfter * 60_000))
            _ = try store.append(.statusChange(to: .resolved, author: alice), to: incident.id)
        }
    }

    func seed() throws {
        let clock = ManualClock(Self.at(1, 9, 0))
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        try Self.record(in: store, clock: clock, title: "Early one", start: Self.at(1, 10, 0), alertBefore: 300, mitigatedAfter: 30, resolvedAfter: 60)
        try Self.record(in: store, clock: clock, title: "Alert one", start: Self.at(20, 10, 0), alertBefore: 60, mitigatedAfter: 10, resolvedAfter: 20)
        try Self.record(in: store, clock: clock, title: "Alert two", start: Self.at(21, 10, 0), alertBefore: 120, mitigatedAfter: 20, resolvedAfter: 40)
        try Self.record(in: store, clock: clock, title: "No alert", start: Self.at(22, 10, 0), alertBefore: nil, mitigatedAfter: 5, resolvedAfter: nil)
    }

    @Test func listShowsTheTimesBetweenMilestonesAndSaysWhatIsMissing() throws {
        try seed()
        let list = try PostmotermRun.run(["list"], dataDir: dir.path)
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("TTD  TTA") == true, "\(list.stdout)")
        let alertOne = try #require(lines.first { $0.hasSuffix("Alert one") })
        // Impact (the alert) 09:59:00 → detected 09:59:00 → started 10:00 → mitigated 10:10 → resolved 10:20.
        #expect(alertOne.contains("0 s  1 m  11 m  21 m "), "\(alertOne)")
        let noAlert = try #require(lines.first { $0.hasSuffix("No alert") })
        #expect(noAlert.contains("  -    -    5 m   -  "), "\(noAlert)")

        let json = try PostmotermRun.run(["list", "--json"], dataDir: dir.path)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["title"] as? String == "Alert two" })
        let milestones = try #require(row["milestones"] as? [String: Any])
        #expect((milestones["timeToAcknowledge"] as? [String: Any])?["seconds"] as? Int == 120)
        #expect((milestones["detected"] as? [String: Any])?["source"] as? String == "alert")
    }

    @Test func statsGivesMediansAndThe90thPercentileSinceADate() throws {
        try seed()
        let all = try PostmotermRun.run(["stats", "--json"], dataDir: dir.path)
        #expect(all.status == 0, "\(all.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let statistics = try #require(object["statistics"] as? [String: Any])
        #expect(statistics["incidents"] as? Int == 4)
        let acknowledge = try #require(statistics["timeToAcknowledge"] as? [String: Any])
        // 60, 120, 300 s: median 120, 90th percentile 300 (nearest rank).
        #expect(acknowledge["count"] as? Int == 3)
        #expect(acknowledge["medianSeconds"] as? Int == 120)
        #expect(acknowledge["p90Seconds"] as? Int == 300)

        let since = try PostmotermRun.run(["stats", "--since", "2026-11-15 00:00"], dataDir: dir.path)
        #expect(since.status == 0, "\(since.stderr)")
        #expect(since.stdout.hasPrefix("3 incidents started since 2026-11-15 00:00:00 UTC\n"), "\(since.stdout)")
        // Mitigation: 11 m and 22 m from the alerts, 5 m from the start of the one without.
        #expect(since.stdout.contains("Time to mitigate     3          11 m    22 m"), "\(since.stdout)")
        #expect(since.stdout.contains("Time to resolve      2          21 m    42 m"), "\(since.stdout)")
        #expect(since.stdout.contains("1 of them show no beginning of the impact"), "\(since.stdout)")

        let bad = try PostmotermRun.run(["stats", "--since", "last tuesday"], dataDir: dir.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--since: "), "\(bad.stderr)")
    }
}
