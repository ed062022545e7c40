import Foundation
import GRDB
import PostmotermCore
import Testing

@testable import SQLiteStore

/// The per-instance history in the log (issue 17.1, migration `v5-counter-history`).
@Suite struct CounterHistoryStoreTests {
    let clock = ManualClock(UTCDateTime(year: 2026, month: 12, day: 7, hour: 16, minute: 0).timestamp)
    let balancer = "haproxy+unix:///run/haproxy/admin.sock"

    func bucket(_ index: Int64, names: [String], requests: UInt64 = 5, cpu: Bool = false) -> CounterHistoryBucket {
        CounterHistoryBucket(
            source: balancer, index: index, instances: names,
            values: names.indices.map {
                CounterHistoryBucket.Value(
                    requests: requests + UInt64($0 % 4), responses5xx: $0 == 1 ? 2 : 0, sharePercent: 100.0 / Double(names.count),
                    cpuPercent: cpu ? ($0 * 37 + Int(index) * 11) % 90 : nil, memoryMiB: cpu ? 200 + ($0 * 53) % 600 : nil)
            })
    }

    @Test func bucketsComeBackAsWrittenAcrossPartsAndAChangeOfInstancesOnceEach() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let id = try store.createIncident(IncidentDraft(title: "History", author: Author(name: "alice"))).id
        let many = (1...1003).map { "api/api-\($0)" }
        let fewer = Array(many.dropLast())
        let written = [bucket(100, names: many), bucket(101, names: many, cpu: true), bucket(102, names: fewer)]
        try store.appendHistory(written, to: id)
        // The same bucket again (a second recorder in a handover) is not written twice.
        try store.appendHistory([bucket(101, names: many, requests: 99)], to: id)
        #expect(try store.history(of: id) == written)
        let nameRows = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM counter_history_names") }
        #expect(nameRows == 2)
        // Another reader (read-only) sees them too; appending events does not disturb them.
        _ = try store.append(.note("still here", author: Author(name: "alice")), to: id)
        #expect(try SQLiteIncidentStore(readingFrom: dir.path).history(of: id) == written)
    }

    /// Budget: 2 MB of log per hour at 1,003 instances (360 buckets), CPU and memory known.
    @Test func anHourOfAThousandInstancesTakesLessThanTwoMegabytes() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteIncidentStore(directory: dir.path, clock: clock)
        let id = try store.createIncident(IncidentDraft(title: "History", author: Author(name: "alice"))).id
        let names = (1...1003).map { "api/api-\($0)" }
        func size() throws -> Int {
            try store.pool.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }
        // The instances' names are written once (at the first bucket); what an hour adds is buckets.
        try store.appendHistory([bucket(999, names: names, cpu: true)], to: id)
        let before = try size()
        for index in 0..<36 { try store.appendHistory([bucket(Int64(1000 + index), names: names, cpu: true)], to: id) }
        let perHour = (try size() - before) * 10
        #expect(perHour <= 2_000_000, "\(perHour) bytes an hour")
    }
}
