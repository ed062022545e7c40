import Console
import Foundation
import PostmotermCore
import Testing

@Suite struct ReducerTests {
    @Test func spaceMarksDoneOnlyAfterTheStoreAcknowledges() throws {
        var state = Fixtures.state()
        state = Fixtures.press(state, [.down]).0  // triage/skew
        #expect(state.selectedStep?.id == "triage/skew")
        let (pending, commands) = Fixtures.press(state, [.character(" ")])
        guard case .append(let token, let draft) = try #require(commands.first) else {
            Issue.record("expected an append, got \(commands)")
            return
        }
        #expect(draft.kind == .stepDone(step: "triage/skew"))
        #expect(draft.author == "alice")
        #expect(draft.role == "ic")
        #expect(pending.steps["triage/skew"] == nil, "not done before the store says so")
        #expect(pending.isPending(step: "triage/skew"))
        #expect(ConsoleRenderer.render(pending, size: pending.size).text().contains("[~] Check the traffic"))

        let stored = ConsoleEvent(id: 7, recordedAt: Fixtures.now, author: "alice", role: "ic", kind: draft.kind, text: draft.text)
        let done = ConsoleReducer.reduce(pending, .commandResult(.stored(token: token, entries: [stored]))).0
        #expect(done.steps["triage/skew"]?.state == .done)
        #expect(!done.isPending(step: "triage/skew"))
        #expect(ConsoleRenderer.render(done, size: done.size).text().contains("[x] Check the traffic"))

        // Space again reopens.
        let (_, reopen) = Fixtures.press(done, [.character(" ")])
        #expect(Fixtures.appendedKind(reopen) == .stepReopened(step: "triage/skew"))
    }

    @Test func aFailedWriteLeavesTheStepOpenAndSaysWhy() throws {
        let state = Fixtures.press(Fixtures.state(), [.down]).0
        let (pending, commands) = Fixtures.press(state, [.character(" ")])
        guard case .append(let token, _) = try #require(commands.first) else { return }
        let failed = ConsoleReducer.reduce(pending, .commandResult(.storeFailed(token: token, message: "disk full"))).0
        #expect(failed.steps["triage/skew"] == nil)
        #expect(!failed.isPending(step: "triage/skew"))
        #expect(failed.notice?.text == "Not saved: disk full")
        #expect(failed.notice?.isError == true)
    }

    @Test func skipAsksForAReason() throws {
        let state = Fixtures.press(Fixtures.state(), [.down, .down]).0
        let (empty, none) = Fixtures.press(state, [.character("s"), .enter])
        #expect(none.isEmpty)
        #expect(empty.notice?.text == "A skip needs a reason.")
        let (_, commands) = Fixtures.press(state, [.character("s")] + Fixtures.type("comms is covered by the vendor") + [.enter])
        guard case .append(_, let draft) = try #require(commands.first) else { return }
        #expect(draft.kind == .stepSkipped(step: "triage/status"))
        #expect(draft.text == "comms is covered by the vendor")
    }

    @Test func noteEditorKeys() throws {
        var keys = Fixtures.type("helo wrld")
        keys += [.left, .left, .left, .character("o")]  // "helo wolrd"? no: insert before "rld"
        keys += [.home, .right, .right, .right, .character("l"), .end, .backspace, .character("d")]
        let (state, commands) = Fixtures.press(Fixtures.state(), [.character("n")] + keys)
        #expect(commands.isEmpty)
        guard case .editing(let editor, .note) = state.mode else {
            Issue.record("editor not open")
            return
        }
        #expect(editor.string == "hello world")
        let (cleared, _) = Fixtures.press(state, [.control("u")])
        if case .editing(let editor, _) = cleared.mode { #expect(editor.string.isEmpty) }
        let (cancelled, none) = Fixtures.press(state, [.escape])
        #expect(cancelled.mode == .normal)
        #expect(none.isEmpty)
        let (_, saved) = Fixtures.press(state, [.enter])
        guard case .append(_, let draft) = try #require(saved.first) else { return }
        #expect(draft.kind == .note)
        #expect(draft.text == "hello world")
    }

    @Test func editorDeletesAWideCharacterAsOne() {
        var editor = LineEditor()
        for character in "日本🔥e\u{301}" { editor.handle(.character(character)) }
        editor.handle(.backspace)
        #expect(editor.string == "日本🔥")
        editor.handle(.backspace)
        #expect(editor.string == "日本")
        editor.handle(.character("\u{1B}"))
        #expect(editor.string == "日本", "controls never enter the editor")
    }

    @Test func quitNeedsConfirmation() {
        let (asked, none) = Fixtures.press(Fixtures.state(), [.character("q")])
        #expect(none.isEmpty)
        #expect(asked.mode == .confirmQuit)
        let (stayed, stillNone) = Fixtures.press(asked, [.character("n")])
        #expect(stillNone.isEmpty)
        #expect(stayed.mode == .normal)
        let (_, quit) = Fixtures.press(asked, [.character("y")])
        #expect(quit == [.quit])
    }

    @Test func rolesTakeAssignRelease() throws {
        let state = Fixtures.press(Fixtures.state(), [.down])  // step owned by ops
        let (_, take) = Fixtures.press(state.0, [.character("r"), .enter])
        guard case .append(_, let draft) = try #require(take.first) else { return }
        #expect(draft.kind == .roleAssigned(role: "ops", holder: "alice"))

        var keys: [KeyPress] = [.character("r"), .control("u")] + Fixtures.type("comms=carol") + [.enter]
        let (_, assign) = Fixtures.press(state.0, keys)
        guard case .append(_, let assigned) = try #require(assign.first) else { return }
        #expect(assigned.kind == .roleAssigned(role: "comms", holder: "carol"))

        keys = [.character("r"), .control("u")] + Fixtures.type("-ic") + [.enter]
        let (_, release) = Fixtures.press(state.0, keys)
        guard case .append(_, let released) = try #require(release.first) else { return }
        #expect(released.kind == .roleReleased(role: "ic", holder: "alice"))

        keys = [.character("r"), .control("u")] + Fixtures.type("pilot") + [.enter]
        let (unknown, none) = Fixtures.press(state.0, keys)
        #expect(none.isEmpty)
        #expect(unknown.notice?.text.hasPrefix("No role pilot") == true)
    }

    @Test func rolesAndStepsAreDerivedFromTheLog() {
        let state = Fixtures.state()
        #expect(state.roleHolders == ["ic": "alice"])
        #expect(state.myRoles == ["ic"])
        #expect(state.steps["triage/declare"]?.by == "alice")
        let released = ConsoleReducer.reduce(state, .storeEvents([
            ConsoleEvent(id: 7, recordedAt: Fixtures.now, author: "alice", kind: .roleReleased(role: "ic", holder: "alice"), text: ""),
            ConsoleEvent(id: 8, recordedAt: Fixtures.now, author: "bob", kind: .stepReopened(step: "triage/declare"), text: ""),
            ConsoleEvent(id: 9, recordedAt: Fixtures.now, author: "bob", kind: .statusChanged(.mitigated), text: ""),
        ])).0
        #expect(released.myRoles.isEmpty)
        #expect(released.steps["triage/declare"] == nil)
        #expect(released.incident.status == .mitigated)
    }

    @Test func mineOnlyShowsMyRolesSteps() {
        let state = Fixtures.press(Fixtures.state(), [.character("m")]).0
        #expect(state.visibleSteps.map(\.id) == ["triage/declare", "recover/verify"])
        #expect(Fixtures.press(state, [.character("m")]).0.visibleSteps.count == 6)
    }

    @Test func filterAsYouTypeAndEscClears() {
        let state = Fixtures.press(Fixtures.state(), [.character("/")] + Fixtures.type("weight")).0
        #expect(state.visibleSteps.map(\.id) == ["mitigate/weights"])
        let applied = Fixtures.press(state, [.enter]).0
        #expect(applied.visibleSteps.count == 1)
        #expect(Fixtures.press(applied, [.escape]).0.visibleSteps.count == 6)
        let health = Fixtures.press(Fixtures.state(), [.tab, .character("/")] + Fixtures.type("api-3") + [.enter]).0
        #expect(health.visibleHealth.map(\.instance) == ["api-3"])
    }

    @Test func healthIsWorstFirstAndActionsConfirmTheExactCommand() throws {
        let state = Fixtures.press(Fixtures.state(), [.tab]).0
        #expect(state.health.map(\.instance) == ["api-2", "api-1", "api-3"])
        let (asking, none) = Fixtures.press(state, [.character("d")])
        #expect(none.isEmpty)
        let request = InstanceActionRequest(source: Fixtures.source, pool: "api", instance: "api-2", action: .drain)
        #expect(asking.mode == .confirming(.balancerAction(request)))
        #expect(ConsoleRenderer.render(asking, size: asking.size).text().contains("set server api/api-2 state drain"))
        #expect(Fixtures.press(asking, [.character("y")]).1 == [.balancerAction(request)])
        #expect(Fixtures.press(asking, [.character("n")]).1.isEmpty)

        let (_, initial) = Fixtures.press(state, [.character("W"), .character("y")])
        #expect(initial.first == .balancerAction(InstanceActionRequest(source: Fixtures.source, pool: "api", instance: "api-2", action: .restoreInitialWeight)))
        let (weightAsk, _) = Fixtures.press(state, [.character("w"), .control("u")] + Fixtures.type("3") + [.enter])
        #expect(weightAsk.mode == .confirming(.balancerAction(InstanceActionRequest(source: Fixtures.source, pool: "api", instance: "api-2", action: .setWeight(3)))))
        let (bad, _) = Fixtures.press(state, [.character("w"), .control("u")] + Fixtures.type("999") + [.enter])
        #expect(bad.mode == .normal)
        #expect(bad.notice?.isError == true)
    }

    /// What the balancer detector found is recorded by a command the reducer returns (the
    /// runtime's interpreter writes it); a read-only console records nothing.
    /// The balancer's counter samples are in the log for the draft, never timeline lines.
    @Test func bookkeepingEntriesAreNotTimelineLines() {
        let state = Fixtures.state()
        let sample = ConsoleEvent(id: 99, recordedAt: Fixtures.now, author: "postmoterm", kind: .bookkeeping, text: "counters")
        let (next, _) = ConsoleReducer.reduce(state, .storeEvents([sample]))
        #expect(!next.timeline.contains { $0.entry.id == 99 })
        #expect(next.timeline.count == state.timeline.count)
    }

    /// The health pane's title says whether this console records the balancers or only watches.
    @Test func theHealthTitleSaysRecordingOrWatching() throws {
        var state = Fixtures.state()
        state.size = TerminalSize(columns: 160, rows: 40)
        let source = try #require(state.sources.first?.label)
        #expect(!ConsoleRenderer.render(state, size: state.size).text().contains("· watching"))
        #expect(!ConsoleRenderer.render(state, size: state.size).text().contains("· recording"))
        let watching = ConsoleReducer.reduce(state, .recording(source: source, isRecording: false)).0
        #expect(watching.sources.first?.recording == false)
        #expect(ConsoleRenderer.render(watching, size: watching.size).text().contains("OPEN · watching"))
        let recording = ConsoleReducer.reduce(watching, .recording(source: source, isRecording: true)).0
        #expect(ConsoleRenderer.render(recording, size: recording.size).text().contains("OPEN · recording"))
        // The next poll's state keeps it.
        let polled = ConsoleReducer.reduce(recording, .pollUpdate(SourceStatus(label: source, state: .live), rows: nil)).0
        #expect(polled.sources.first?.recording == true)
    }

    @Test func balancerPollsBecomeARecordCommand() {
        let finding = Finding(kind: .weightSkew, severity: .critical, source: "haproxy+unix:///run/admin.sock", pool: "api",
                              instance: "api-2", message: "weight skew in api", at: Timestamp(Fixtures.now))
        let poll = BalancerPoll(source: finding.source, snapshot: nil, findings: [finding], at: Timestamp(Fixtures.now))
        var state = Fixtures.state()
        let (recorded, commands) = ConsoleReducer.reduce(state, .balancerPolled(poll))
        #expect(commands == [.recordPoll(poll)])
        #expect(recorded == state)
        // A quiet poll too: it renews the recording lease and samples the counters.
        let quiet = BalancerPoll(source: finding.source, snapshot: nil, findings: [], at: Timestamp(Fixtures.now))
        #expect(ConsoleReducer.reduce(state, .balancerPolled(quiet)).1 == [.recordPoll(quiet)])
        state.readOnly = true
        #expect(ConsoleReducer.reduce(state, .balancerPolled(poll)).1.isEmpty)
    }

    @Test func readOnlyRefusesChangesWithAReason() {
        var state = Fixtures.state()
        state.readOnly = true
        for keys in [[KeyPress.character(" ")], [.character("n")], [.character("r")], [.character("R")], [.tab, .character("d")],
                     [.tab, .tab, .character("*")]] {
            let (after, commands) = Fixtures.press(state, keys)
            #expect(commands.isEmpty, "\(keys) wrote something")
            #expect(after.mode == .normal)
            #expect(after.notice?.text.contains("Read-only") == true)
        }
        #expect(Fixtures.press(state, [.character("e")]).1 == [.export])
    }

    @Test func starHideAndEditAreAmendments() throws {
        let state = Fixtures.press(Fixtures.state(), [.tab, .tab]).0
        #expect(state.selectedTimelineItem?.entry.id == 6)
        let (_, star) = Fixtures.press(state, [.character("*")])
        guard case .append(let token, let draft) = try #require(star.first) else { return }
        #expect(draft.kind == .amendment(target: 6, change: .star))
        let starred = ConsoleReducer.reduce(state, .commandResult(.stored(token: token, entries: [
            ConsoleEvent(id: 7, recordedAt: Fixtures.now, author: "alice", kind: draft.kind, text: "")
        ]))).0
        #expect(starred.timeline.first { $0.entry.id == 6 }?.starred == true)
        #expect(Fixtures.appendedKind(Fixtures.press(starred, [.character("*")]).1) == .amendment(target: 6, change: .unstar))

        let (_, hide) = Fixtures.press(state, [.character("h")])
        #expect(Fixtures.appendedKind(hide) == .amendment(target: 6, change: .hide))

        let (_, text) = Fixtures.press(state, [.character("E"), .character("t"), .control("u")] + Fixtures.type("support tickets rising") + [.enter])
        #expect(Fixtures.appendedKind(text) == .amendment(target: 6, change: .text("support tickets rising")))

        let (_, time) = Fixtures.press(state, [.character("E"), .character("m"), .control("u")] + Fixtures.type("14:05") + [.enter])
        let expected = Fixtures.start.addingTimeInterval(180)
        #expect(Fixtures.appendedKind(time) == .amendment(target: 6, change: .time(expected)))
    }

    @Test func statusMovesForwardAfterConfirmation() throws {
        let (asking, _) = Fixtures.press(Fixtures.state(), [.character("R")])
        #expect(asking.mode == .confirming(.status(.mitigated)))
        let (_, commands) = Fixtures.press(asking, [.character("y")])
        guard case .append(_, let draft) = try #require(commands.first) else { return }
        #expect(draft.kind == .statusChanged(.mitigated))
    }

    @Test func exportShowsThePath() {
        let (state, commands) = Fixtures.press(Fixtures.state(), [.character("e")])
        #expect(commands == [.export])
        let done = ConsoleReducer.reduce(state, .commandResult(.exported(path: "/tmp/pm/2026-11-25-api-outage.md"))).0
        #expect(ConsoleRenderer.render(done, size: done.size).text().contains("Postmortem draft written to /tmp/pm/2026-11-25-api-outage.md"))
    }

    @Test func otherProcessesEventsAppearAndDuplicatesAreIgnored() {
        var state = Fixtures.state()
        let note = ConsoleEvent(id: 7, recordedAt: Fixtures.now, author: "cron", kind: .note, text: "from a shell")
        state = ConsoleReducer.reduce(state, .storeEvents([note])).0
        state = ConsoleReducer.reduce(state, .storeEvents([note])).0
        #expect(state.timeline.filter { $0.entry.id == 7 }.count == 1)
        #expect(state.timeline.first?.entry.text == "from a shell")
    }

    @Test func cursorsStayInRangeWhenRowsShrink() {
        var state = Fixtures.press(Fixtures.state(), [.tab, .end]).0
        #expect(state.healthCursor == 2)
        state = ConsoleReducer.reduce(state, .pollUpdate(SourceStatus(label: Fixtures.source, state: .live),
                                                         rows: [Fixtures.rows[0]])).0
        #expect(state.healthCursor == 0)
        #expect(state.selectedHealthRow?.instance == "api-1")
    }

    @Test func tickExpiresNotices() {
        var state = Fixtures.press(Fixtures.state(), [.character("e")]).0
        #expect(state.notice != nil)
        state = ConsoleReducer.reduce(state, .tick(Fixtures.now.addingTimeInterval(Notice.lifetime + 1))).0
        #expect(state.notice == nil)
    }
}
