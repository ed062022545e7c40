import Foundation
import GRDB
import PostmotermCore

extension SQLiteIncidentStore {
    /// Remembers that `incident` is watched on `addresses` (first time each was seen kept).
    /// Stores `BalancerAddress.recorded`: the address without credentials.
    public func recordBalancers(_ addresses: [BalancerAddress], of incident: IncidentID) throws(IncidentStoreError) {
        guard !addresses.isEmpty else { return }
        let now = clock.now().millisecondsSinceEpoch
        try run {
            try pool.write { db in
                _ = try EventRows.fetchIncident(incident, db)
                for address in addresses {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO incident_balancer (incidentID, address, firstWatchedAt) VALUES (?, ?, ?)",
                        arguments: [incident.rawValue, address.recorded, now])
                }
            }
        }
    }

    /// The balancers `incident` was watched on, in the order they were first watched.
    /// Addresses that no longer parse (written by a newer postmoterm) are left out.
    public func balancers(of incident: IncidentID) throws(IncidentStoreError) -> [BalancerAddress] {
        let texts = try run {
            try pool.read { db in
                try String.fetchAll(
                    db, sql: "SELECT address FROM incident_balancer WHERE incidentID = ? ORDER BY firstWatchedAt, rowid",
                    arguments: [incident.rawValue])
            }
        }
        return texts.compactMap { try? BalancerAddress.parse($0) }
    }
}
