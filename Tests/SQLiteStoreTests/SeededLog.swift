import PostmotermCore

@testable import SQLiteStore

/// A store in `directory` with one incident ("API outage", by alice) and `notes` notes; closed
/// (and so recorded healthy) when it returns.
func seedLog(_ directory: String, notes: Int = 3) throws -> IncidentID {
    let alice = Author(name: "alice")
    let store = try SQLiteIncidentStore(directory: directory)
    let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
    for n in 0..<notes { _ = try store.append(.note("note \(n)", author: alice), to: incident.id) }
    return incident.id
}
