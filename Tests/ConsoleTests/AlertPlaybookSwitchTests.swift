import Console
import Foundation
import PostmotermCore
import Testing

/// `o` on an alert: the runtime loads its playbook; the console switches to it (after y/n when
/// steps of the current playbook are done) and logs who switched to which playbook.
struct AlertPlaybookSwitchTests {
    static let loaded = AlertPlaybook(
        alertName: "HAProxyServerDown\u{1B}[2J", path: "/srv/playbooks/haproxy-server-down.md",
        outline: PlaybookOutline(
            title: "HAProxy server down",
            phases: [OutlinePhase(title: "Triage", steps: [OutlineStep(id: "triage/which", text: "Which server is down")])],
            roles: []),
        digest: "sha256:ab")

    static func switchCommands(_ commands: [ConsoleCommand]) -> (outline: PlaybookOutline?, note: TimelineDraft?) {
        var outline: PlaybookOutline?
        var note: TimelineDraft?
        for command in commands {
            if case .usePlaybook(let used) = command { outline = used }
            if case .append(_, let draft) = command { note = draft }
        }
        return (outline, note)
    }

    @Test func withStepsDoneItAsksFirstAndNoKeepsThePlaybook() {
        let state = AlertsPaneTests.state()  // triage/declare is done
        let (asking, commands) = ConsoleReducer.reduce(state, .commandResult(.playbookLoaded(Self.loaded)))
        #expect(commands.isEmpty)
        #expect(asking.mode == .confirming(.switchPlaybook(Self.loaded, doneSteps: 1)))
        #expect(asking.mode != .normal)
        let screen = ConsoleRenderer.render(asking, size: asking.size).text()
        #expect(screen.contains("1 step of this playbook is done. Switch to /srv/playbooks/haproxy-server-down.md for HAProxyServerDown^[[2J? (y/n)"))
        let (kept, none) = Fixtures.press(asking, [.character("n")])
        #expect(none.isEmpty)
        #expect(kept.playbook == Fixtures.playbook)
    }

    @Test func yesSwitchesAndLogsWhoSwitchedToWhichPlaybook() {
        let asking = ConsoleReducer.reduce(AlertsPaneTests.state(), .commandResult(.playbookLoaded(Self.loaded))).0
        let (switched, commands) = Fixtures.press(asking, [.character("y")])
        #expect(switched.playbook == Self.loaded.outline)
        #expect(switched.playbookCursor == 0)
        #expect(switched.selectedStep?.id == "triage/which")
        let (outline, note) = Self.switchCommands(commands)
        #expect(outline == Self.loaded.outline)
        // A playbookChosen event: it makes the playbook the incident's for every later `open`.
        #expect(note?.kind == .playbookChosen(
            path: "/srv/playbooks/haproxy-server-down.md", digest: "sha256:ab", alertname: "HAProxyServerDown\u{1B}[2J"))
        #expect(note?.author == "alice")
        #expect(note?.text == "alice switched to the playbook /srv/playbooks/haproxy-server-down.md (HAProxy server down) for the alert HAProxyServerDown^[[2J")
        // usePlaybook goes before the note, so later step events read the new playbook's texts.
        #expect(commands.first == .usePlaybook(Self.loaded.outline))
    }

    @Test func withNoStepDoneItSwitchesAtOnce() {
        var state = ConsoleState(incident: Fixtures.incident, playbook: .empty, me: "alice", now: Fixtures.now)
        state.focus = .alerts
        let (switched, commands) = ConsoleReducer.reduce(state, .commandResult(.playbookLoaded(Self.loaded)))
        #expect(switched.mode == .normal)
        #expect(switched.playbook == Self.loaded.outline)
        #expect(Self.switchCommands(commands).note?.text.hasPrefix("alice switched to the playbook ") == true)
    }

    @Test func theSamePlaybookAgainOnlySaysSo() {
        let state = Fixtures.state()
        let same = AlertPlaybook(alertName: "X", path: "/p.md", outline: Fixtures.playbook)
        let (next, commands) = ConsoleReducer.reduce(state, .commandResult(.playbookLoaded(same)))
        #expect(commands.isEmpty)
        #expect(next.mode == .normal)
        #expect(next.notice?.text.hasPrefix("Already on the playbook for X") == true)
    }

    @Test func aReadOnlyConsoleSwitchesItsViewWithoutLogging() {
        var state = ConsoleState(incident: Fixtures.incident, playbook: .empty, me: "carol", readOnly: true, now: Fixtures.now)
        state.focus = .alerts
        let (switched, commands) = ConsoleReducer.reduce(state, .commandResult(.playbookLoaded(Self.loaded)))
        #expect(switched.playbook == Self.loaded.outline)
        #expect(commands == [.usePlaybook(Self.loaded.outline)])
    }
}
