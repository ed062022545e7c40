import Foundation
import Testing

@testable import Console

/// A quiet second's tick redraws only the panes that show the time over the last frame; the
/// cells must be exactly those of a whole new frame, whatever the screen shows.
@Suite struct TickFrameTests {
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40), TerminalSize(columns: 60, rows: 15)]

    /// Renders `state` whole, then `later` over that frame; expects the whole frame of `later`.
    func expectSameAsWhole(_ state: ConsoleState, _ later: ConsoleState, _ comment: Comment? = nil) {
        let frame = ConsoleRenderer.render(state, size: state.size)
        let partial = ConsoleRenderer.render(later, size: later.size, after: state, frame: frame)
        let whole = ConsoleRenderer.render(later, size: later.size)
        // Compared as one flag: a failure would print both buffers cell by cell.
        let same = partial == whole
        #expect(same, comment)
    }

    func ticked(_ state: ConsoleState, by seconds: Double) -> ConsoleState {
        ConsoleReducer.reduce(state, .tick(state.now.addingTimeInterval(seconds))).0
    }

    @Test func ticksOnTheMainScreen() {
        for size in Self.sizes {
            let state = Fixtures.state(size: size)
            for seconds in [1.0, 59, 61, 3600, 86_400] {
                expectSameAsWhole(state, ticked(state, by: seconds), "\(size) +\(seconds) s")
            }
        }
    }

    @Test func ticksWithTheHealthTableFocusedFilteredAndAStaleSource() {
        for size in Self.sizes {
            var state = Fixtures.state(size: size)
            state = Fixtures.press(state, [.tab, .down]).0
            let stale = SourceStatus(label: Fixtures.source, state: .stale(since: state.now.addingTimeInterval(-12), reason: "connection refused"))
            state = ConsoleReducer.reduce(state, .pollUpdate(stale, rows: nil)).0
            expectSameAsWhole(state, ticked(state, by: 1), "\(size) health focused, stale")
            var filtered = state
            filtered.filters[.health] = "api-2"
            expectSameAsWhole(filtered, ticked(filtered, by: 1), "\(size) filtered")
        }
    }

    @Test func ticksWhileANoteIsTypedKeepTheCursor() {
        let state = Fixtures.press(Fixtures.state(size: TerminalSize(columns: 120, rows: 40)), [.character("n")] + Fixtures.type("weight set back")).0
        let later = ticked(state, by: 1)
        expectSameAsWhole(state, later)
        let frame = ConsoleRenderer.render(state, size: state.size)
        #expect(frame.cursor != nil)
        #expect(ConsoleRenderer.render(later, size: later.size, after: state, frame: frame).cursor == frame.cursor)
    }

    @Test func anyOtherChangeDrawsAWholeFrame() {
        let state = Fixtures.state(size: TerminalSize(columns: 120, rows: 40))
        // New rows as well as a tick; the help screen; a terminal too small; a resize.
        var rows = Fixtures.rows
        rows[0].sessions = 99
        let moved = ConsoleReducer.reduce(ticked(state, by: 1), .pollUpdate(SourceStatus(label: Fixtures.source, state: .live), rows: rows)).0
        expectSameAsWhole(state, moved, "rows")
        // Panes a tick does not redraw: a new timeline entry, the playbook cursor, a notice.
        let note = ConsoleEvent(id: 7, recordedAt: state.now, author: "bob", kind: .note, text: "rolled back api-2's weight")
        expectSameAsWhole(state, ConsoleReducer.reduce(ticked(state, by: 1), .storeEvents([note])).0, "timeline")
        expectSameAsWhole(state, Fixtures.press(ticked(state, by: 1), [.down]).0, "playbook cursor")
        expectSameAsWhole(state, ConsoleReducer.reduce(ticked(state, by: 1), .notice("export failed", isError: true)).0, "notice")
        let help = Fixtures.press(state, [.character("?")]).0
        expectSameAsWhole(help, ticked(help, by: 1), "help")
        for size in [TerminalSize(columns: 50, rows: 10), TerminalSize(columns: 100, rows: 30)] {
            let resized = ConsoleReducer.reduce(ticked(state, by: 1), .resize(size)).0
            expectSameAsWhole(state, resized, "\(size)")
        }
    }
}
