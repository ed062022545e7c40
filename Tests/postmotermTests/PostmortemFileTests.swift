import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// The console's `e` (issue 13.7): never over a draft edited since postmoterm wrote it, and a
/// read-only console (which may not log its exports) still refreshes its own draft.
@Suite struct PostmortemFileTests {
    let folder = NSTemporaryDirectory() + "pm-draft-\(UUID().uuidString.prefix(8))"

    func makeIncident(_ store: InMemoryIncidentStore, title: String) throws -> IncidentID {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try store.createIncident(IncidentDraft(title: title, author: Author(name: "alice"))).id
    }

    @Test func aSecondExportWritesBesideAnEditedDraft() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = InMemoryIncidentStore()
        let id = try makeIncident(store, title: "Edited draft")
        let alice = Author(name: "alice")
        let first = try PostmortemFile.export(incident: id, store: store, followUps: [], dataDirectory: folder, author: alice, folder: folder)
        #expect(first.kept == nil)
        #expect(try PostmortemFile.export(incident: id, store: store, followUps: [], dataDirectory: folder, author: alice, folder: folder).path
            == first.path, "an untouched draft is refreshed in place")
        try "my own words\n".write(toFile: first.path, atomically: true, encoding: .utf8)
        let second = try PostmortemFile.export(incident: id, store: store, followUps: [], dataDirectory: folder, author: alice, folder: folder)
        #expect(second.path.hasSuffix("-2.md"))
        #expect(second.kept == first.path)
        #expect(try String(contentsOfFile: first.path, encoding: .utf8) == "my own words\n")
        #expect(try store.events(of: id).last?.data["sha256"] == second.eventData["sha256"])
    }

    @Test func aReadOnlyConsoleRefreshesItsOwnDraft() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = InMemoryIncidentStore()
        let id = try makeIncident(store, title: "Read-only draft")
        let first = try PostmortemFile.export(incident: id, store: store, followUps: [], dataDirectory: folder, author: nil, folder: folder)
        let again = try PostmortemFile.export(incident: id, store: store, followUps: [], dataDirectory: folder, author: nil, folder: folder)
        #expect(again.path == first.path)
        #expect(again.kept == nil)
        #expect(try store.events(of: id).allSatisfy { $0.kind != .export }, "read-only: nothing written to the log")
    }
}
