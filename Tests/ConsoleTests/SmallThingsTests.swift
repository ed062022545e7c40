import Console
import Foundation
import PostmotermCore
import Testing

/// Issue 13.8: what a tired responder trips on.
@Suite struct SmallThingsTests {
    @Test func aSuggestedRoleIsReplacedByWhatIsTyped() throws {
        let state = Fixtures.state()
        let (editing, _) = Fixtures.press(state, [.character("r")])
        guard case .editing(let editor, .role) = editing.mode else {
            Issue.record("r opens the role editor")
            return
        }
        #expect(editor.string == "ic")
        #expect(editor.selected)
        // Typing replaces the suggestion; Enter on it as suggested takes it.
        let (_, commands) = Fixtures.press(editing, Fixtures.type("ops") + [.enter])
        #expect(Fixtures.appendedKind(commands) == .roleAssigned(role: "ops", holder: "alice"))
    }

    @Test func aSuggestedWeightIsReplacedButCanBeEdited() {
        var state = Fixtures.state()
        state.focus = .health
        let (editing, _) = Fixtures.press(state, [.character("w")])
        guard case .editing(let editor, .weight) = editing.mode else {
            Issue.record("w opens the weight editor")
            return
        }
        #expect(editor.string == "10")
        let typed = Fixtures.press(editing, [.character("1")]).0
        guard case .editing(let replaced, _) = typed.mode else { return }
        #expect(replaced.string == "1", "replaces, not 101")
        let moved = Fixtures.press(editing, [.end, .backspace]).0
        guard case .editing(let edited, _) = moved.mode else { return }
        #expect(edited.string == "1", "a movement key keeps the suggestion to edit")
        var cleared = LineEditor(suggestion: "4")
        cleared.handle(.backspace)
        #expect(cleared.string.isEmpty && !cleared.selected)
    }

    @Test func theClockStopsAtResolution() {
        var state = Fixtures.state()
        let resolvedAt = Fixtures.start.addingTimeInterval(30 * 60 + 7)
        state = ConsoleReducer.reduce(state, .storeEvents([
            ConsoleEvent(id: 20, recordedAt: resolvedAt, author: "alice", kind: .statusChanged(.resolved), text: "resolved"),
        ])).0
        state = ConsoleReducer.reduce(state, .tick(resolvedAt.addingTimeInterval(3600))).0
        let header = ConsoleRenderer.render(state, size: state.size).line(0)
        #expect(header.contains("T+30m07s"), "\(header)")
        #expect(header.contains("RESOLVED"))
    }

    @Test func oneEventIsSingular() {
        var state = ConsoleState(incident: Fixtures.incident, playbook: Fixtures.playbook, me: "alice", now: Fixtures.now)
        state = ConsoleReducer.reduce(state, .storeEvents([Fixtures.entries()[0]])).0
        let screen = ConsoleRenderer.render(state, size: state.size).text()
        #expect(screen.contains("Timeline  1 event "), "\(screen)")
        #expect(ConsoleRenderer.render(Fixtures.state(), size: Fixtures.state().size).text().contains("6 events"))
    }

    @Test func aLongNoticeIsShownWhole() {
        var state = Fixtures.state(size: TerminalSize(columns: 120, rows: 30))
        let message = "set weight api/api-2 10: Permission denied: this command requires a level above admin (raise it "
            + "with `stats socket … level admin` in haproxy.cfg and reload) — the balancer was left as it was."
        state = ConsoleReducer.reduce(state, .notice(message, isError: true)).0
        let screen = ConsoleRenderer.render(state, size: state.size).text()
        let shown = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("(raise it with `stats socket … level admin` in haproxy.cfg and reload) — the balancer was left as it was."),
                "\(screen)")
    }

    @Test func enterOnTheTimelineShowsTheWholeEvent() throws {
        var state = Fixtures.state(size: TerminalSize(columns: 100, rows: 30))
        state.focus = .timeline
        // Event 5 (bob's note), amended: starred and its time moved.
        state = ConsoleReducer.reduce(state, .storeEvents([
            ConsoleEvent(id: 7, recordedAt: Fixtures.now, author: "alice", kind: .amendment(target: 5, change: .star), text: ""),
            ConsoleEvent(id: 8, recordedAt: Fixtures.now, author: "alice",
                         kind: .amendment(target: 5, change: .text("api-2 weight raised to 10 by deploy 4711")), text: ""),
        ])).0
        let row = try #require(state.visibleTimeline.firstIndex { $0.entry.id == 5 })
        state.timelineCursor = row
        let detail = Fixtures.press(state, [.enter]).0
        #expect(detail.mode == .eventDetail(eventID: 5))
        let screen = ConsoleRenderer.render(detail, size: detail.size).text()
        #expect(screen.contains("Event #5"))
        #expect(screen.contains("What          api-2 weight raised to 10 by deploy 4711"))
        #expect(screen.contains("Originally    weight of api-2 was raised to 10 by the deploy at 13:58"))
        #expect(screen.contains("Author        bob"))
        #expect(screen.contains("Recorded      2026-11-25 14:08:40 UTC"))
        #expect(screen.contains("Marked        starred"))
        #expect(screen.contains("alice: starred"))
        #expect(screen.contains("alice: text set to “api-2 weight raised to 10 by deploy 4711”"))
        // A tick keeps the whole view (the clock-only redraw would paint the health pane over it).
        let ticked = ConsoleReducer.reduce(detail, .tick(Fixtures.now.addingTimeInterval(1))).0
        let frame = ConsoleRenderer.render(detail, size: detail.size)
        #expect(ConsoleRenderer.render(ticked, size: ticked.size, after: detail, frame: frame).text()
            == ConsoleRenderer.render(ticked, size: ticked.size).text())
        #expect(Fixtures.press(detail, [.escape]).0.mode == .normal)
    }

    @Test func anEditedDraftIsKeptAndTheNoticeSaysWhere() {
        let state = ConsoleReducer.reduce(
            Fixtures.state(), .commandResult(.exportedBeside(path: "/w/postmortem-x-2.md", kept: "/w/postmortem-x.md"))).0
        #expect(state.notice?.text.contains("written to /w/postmortem-x-2.md") == true)
        #expect(state.notice?.text.contains("/w/postmortem-x.md has edits") == true)
    }
}

/// Practice incident: a key pressed in the wrong pane says where it works instead of nothing.
@Suite struct WrongPaneKeyTests {
    @Test func aKeyOfAnotherPaneSaysWhereItWorks() {
        let state = Fixtures.state()
        #expect(state.focus == .playbook)
        let (starred, commands) = Fixtures.press(state, [.character("*")])
        #expect(commands.isEmpty)
        #expect(starred.notice?.text == "* works in the Timeline pane (star / unstar event); Tab moves there.")
        var timeline = state
        timeline.focus = .timeline
        #expect(Fixtures.press(timeline, [.character(" ")]).0.notice?.text.hasPrefix("Space works in the Playbook pane") == true)
        #expect(Fixtures.press(timeline, [.character("d")]).0.notice?.text.hasPrefix("d works in the Health pane") == true)
        // The focused pane's own keys and unknown keys say nothing of the kind.
        #expect(Fixtures.press(timeline, [.character("x")]).0.notice == nil)
        #expect(Fixtures.press(state, [.character("m")]).0.notice?.text.contains("works in") != true)
    }
}
