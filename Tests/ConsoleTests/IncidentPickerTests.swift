import Console
import Foundation
import PostmotermCore
import Testing

/// The question `open` asks when several open incidents could be meant (issue 13.1).
@Suite struct IncidentPickerTests {
    static let rows = [
        IncidentPickerRow(id: "2026-12-07-api-errors", title: "API errors", status: .investigating,
                          startedAt: Fixtures.start.addingTimeInterval(600), playbook: "api-outage-load-balancer.md"),
        IncidentPickerRow(id: "2026-12-07-db-slow", title: "DB slow", status: .mitigated, startedAt: Fixtures.start),
    ]

    func picker() -> IncidentPicker {
        IncidentPicker(rows: Self.rows, newTitle: "API outage behind a load balancer", reason: "2 open incidents could be meant",
                       size: TerminalSize(columns: 140, rows: 12))
    }

    func press(_ picker: IncidentPicker, _ keys: [KeyPress]) -> IncidentPicker {
        keys.reduce(picker) { IncidentPicker.reduce($0, $1) }
    }

    @Test func enterJoinsTheHighlightedIncidentNewestFirst() {
        #expect(press(picker(), [.enter]).outcome == .join("2026-12-07-api-errors"))
        #expect(press(picker(), [.down, .enter]).outcome == .join("2026-12-07-db-slow"))
        #expect(press(picker(), [.character("2")]).outcome == .join("2026-12-07-db-slow"))
    }

    @Test func theLastLineAndNStartANewIncident() {
        #expect(press(picker(), [.down, .down, .down, .enter]).outcome == .startNew)
        #expect(press(picker(), [.end, .enter]).outcome == .startNew)
        #expect(press(picker(), [.character("n")]).outcome == .startNew)
        #expect(press(picker(), [.escape]).outcome == .cancel)
        #expect(press(picker(), [.character("9"), .up]).outcome == nil, "no incident 9; keys still move")
    }

    @Test func theScreenListsEveryChoiceAndMarksTheCursor() {
        let moved = press(picker(), [.down])
        let screen = IncidentPickerRenderer.render(moved, size: moved.size).text()
        #expect(screen.contains("Which incident?"))
        #expect(screen.contains(" 1  2026-12-07-api-errors  API errors — investigating, started 2026-11-25 14:12:00 UTC, playbook api-outage-load-balancer.md"))
        #expect(screen.contains("▶ 2  2026-12-07-db-slow  DB slow — mitigated"))
        #expect(screen.contains("n  Start a new incident: API outage behind a load balancer"))
        #expect(screen.contains("Enter choose"))
    }
}
