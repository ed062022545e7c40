import Foundation
import GRDB
import PostmotermCore
import Testing

@testable import SQLiteStore

/// An incident remembers the balancers it was watched on (issue 13.2), without credentials.
@Suite struct IncidentBalancerTests {
    let dir = TemporaryDirectory()

    @Test func balancersAreRememberedInOrderWithoutCredentials() throws {
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "API errors", author: Author(name: "alice")))
        let socket = try BalancerAddress.parse("/run/haproxy/admin.sock")
        let stats = try BalancerAddress.parse("haproxy+http://admin:s3cret@127.0.0.1:8404/stats")
        try store.recordBalancers([socket, stats], of: incident.id)
        try store.recordBalancers([socket], of: incident.id)  // again: once
        let remembered = try store.balancers(of: incident.id)
        #expect(remembered.map(\.display) == ["haproxy+unix:///run/haproxy/admin.sock", "haproxy+http://127.0.0.1:8404/stats;csv"])
        #expect(remembered.allSatisfy { $0.credentials == nil })
        let raw = try String(contentsOfFile: store.path, encoding: .isoLatin1)
        #expect(!raw.contains("s3cret"))
        let other = try store.createIncident(IncidentDraft(title: "Other", author: Author(name: "alice")))
        #expect(try store.balancers(of: other.id).isEmpty)
    }

    @Test func aDatabaseOfTheFirstSchemaGainsTheTableAndKeepsItsIncidents() throws {
        // A log written before incidents remembered balancers: only the first migration.
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let path = dir.appending(SQLiteIncidentStore.fileName)
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1-incidents-and-events")
        try queue.close()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "API errors", author: Author(name: "alice")))
        try store.recordBalancers([try BalancerAddress.parse("/tmp/admin.sock")], of: incident.id)
        #expect(try store.balancers(of: incident.id).map(\.display) == ["haproxy+unix:///tmp/admin.sock"])
    }
}
