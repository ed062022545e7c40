import Console
import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// A console on a shared incident says who holds a role another responder took first (issue 15).
@Suite struct TeamConsoleEventsTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp
    let id = IncidentID(rawValue: "2026-12-07-api-outage")!

    @Test func aRoleTakenSecondIsShownAsHeldByTheFirst() {
        // Local order and the store's agree: alice first. Without the marks the console's last
        // assignment (bob's) would win.
        let alice = Event(
            incidentID: id, sequence: 2, recordedAt: start, author: Author(name: "alice"), kind: .roleAssigned,
            text: "alice took ic", data: ["role": "ic", "holder": "alice"])
        let bob = Event(
            incidentID: id, sequence: 3, recordedAt: start, author: Author(name: "bob"), kind: .roleAssigned,
            text: "bob took ic", data: ["role": "ic", "holder": "bob"])
        let entries = [
            TeamLogEntry(event: alice, originID: EventOriginIDGenerator().next(), originHost: "a", serverOrder: 6),
            TeamLogEntry(event: bob, originID: EventOriginIDGenerator().next(), originHost: "b", serverOrder: 7),
        ]
        let marks = TeamConvergence.conflicts(entries).mapValues(\.note)
        #expect(marks == [3: "ic is held by alice; bob did not take it"])
        let shown = TeamConsoleEvents.consoleEvents([alice, bob], marks: marks)
        #expect(shown[1].text == "bob took ic — ic is held by alice; bob did not take it")
        var state = ConsoleState(
            incident: IncidentHeader(id: id.rawValue, title: "API outage", severity: "", status: .investigating, startedAt: start.date),
            playbook: .empty, me: "alice", readOnly: false, sources: [], size: TerminalSize(columns: 80, rows: 24), now: start.date)
        state = ConsoleReducer.reduce(state, .storeEvents(shown)).0
        #expect(state.roleHolders["ic"] == "alice")
    }
}
