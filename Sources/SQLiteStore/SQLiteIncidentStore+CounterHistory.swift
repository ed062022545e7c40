import Foundation
import GRDB
import PostmotermCore

extension SQLiteIncidentStore: CounterHistoryStore {
    /// Instances per `counter_history` row (about a kilobyte: four rows to a page).
    static let historyPartSize = 250

    public func appendHistory(_ buckets: [CounterHistoryBucket], to incident: IncidentID) throws {
        guard !buckets.isEmpty else { return }
        try write { db in
            _ = try EventRows.fetchIncident(incident, db)
            var sourceIDs: [String: Int64] = [:]
            for bucket in buckets {
                let sourceID: Int64
                if let known = sourceIDs[bucket.source] {
                    sourceID = known
                } else {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO counter_history_source (incidentID, source) VALUES (?, ?)",
                        arguments: [incident.rawValue, bucket.source])
                    sourceID = try Int64.fetchOne(
                        db, sql: "SELECT id FROM counter_history_source WHERE incidentID = ? AND source = ?",
                        arguments: [incident.rawValue, bucket.source]) ?? 0
                    sourceIDs[bucket.source] = sourceID
                }
                let names = Data(CounterHistoryCoding.encode(names: bucket.instances))
                let current = try Data.fetchOne(
                    db,
                    sql: "SELECT names FROM counter_history_names WHERE sourceID = ? AND fromBucket <= ? ORDER BY fromBucket DESC LIMIT 1",
                    arguments: [sourceID, bucket.index])
                if current != names {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO counter_history_names (sourceID, fromBucket, names) VALUES (?, ?, ?)",
                        arguments: [sourceID, bucket.index, names])
                }
                var part = 0
                var start = 0
                repeat {
                    let end = min(start + Self.historyPartSize, bucket.values.count)
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO counter_history (sourceID, bucket, part, counters) VALUES (?, ?, ?, ?)",
                        arguments: [sourceID, bucket.index, part, Data(CounterHistoryCoding.encode(bucket.values[start..<end]))])
                    part += 1
                    start = end
                } while start < bucket.values.count
            }
        }
    }

    /// The log's size in the database's own pages (`page_count × page_size`): what the
    /// history adds, without the write-ahead file's copies of pages (reused after checkpoints).
    public func databaseBytes() throws -> Int {
        try run {
            try pool.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }
    }

    /// Buckets whose stored bytes do not read (or do not match their names) are left out.
    public func history(of incident: IncidentID) throws -> [CounterHistoryBucket] {
        try run {
            try pool.read { db in
                let sources = try Row.fetchAll(
                    db, sql: "SELECT id, source FROM counter_history_source WHERE incidentID = ? ORDER BY source",
                    arguments: [incident.rawValue])
                var buckets: [CounterHistoryBucket] = []
                for source in sources {
                    let sourceID: Int64 = source["id"]
                    let name: String = source["source"]
                    var layouts: [(from: Int64, names: [String])] = []
                    let nameRows = try Row.fetchCursor(
                        db, sql: "SELECT fromBucket, names FROM counter_history_names WHERE sourceID = ? ORDER BY fromBucket",
                        arguments: [sourceID])
                    while let row = try nameRows.next() {
                        let bytes: Data = row["names"]
                        guard let decoded = try? CounterHistoryCoding.decodeNames(bytes) else { continue }
                        layouts.append((row["fromBucket"], decoded))
                    }
                    var open: (index: Int64, values: [CounterHistoryBucket.Value], valid: Bool)?
                    func close() {
                        guard let bucket = open, bucket.valid, let layout = layouts.last(where: { $0.from <= bucket.index }),
                            layout.names.count == bucket.values.count
                        else { return }
                        buckets.append(CounterHistoryBucket(
                            source: name, index: bucket.index, instances: layout.names, values: bucket.values))
                    }
                    let rows = try Row.fetchCursor(
                        db, sql: "SELECT bucket, counters FROM counter_history WHERE sourceID = ? ORDER BY bucket, part",
                        arguments: [sourceID])
                    while let row = try rows.next() {
                        let index: Int64 = row["bucket"]
                        if open?.index != index {
                            close()
                            open = (index, [], true)
                        }
                        let bytes: Data = row["counters"]
                        if let values = try? CounterHistoryCoding.decodeValues(bytes) {
                            open?.values += values
                        } else {
                            open?.valid = false
                        }
                    }
                    close()
                }
                return buckets
            }
        }
    }
}
