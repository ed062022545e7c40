import Testing

@testable import PostmotermCore

/// The one rule for "which incident" when `--incident` is not given (issue 13.1).
@Suite struct IncidentChoiceTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 16, minute: 0).timestamp

    func incident(_ id: String, playbook: String? = nil, status: IncidentStatus = .investigating, minutes: Int64 = 0) -> Incident {
        Incident(
            id: IncidentID(rawValue: id)!, title: id, status: status, playbookPath: playbook,
            startedAt: start.adding(milliseconds: minutes * 60_000))
    }

    @Test func openWithThePlaybookAnIncidentWasStartedWithJoinsIt() {
        // `start --playbook P` (an older incident without one is open too), then `open P`.
        let started = incident("2026-12-07-api-errors", playbook: "/srv/playbooks/api.md", minutes: 1)
        let other = incident("2026-12-07-db-slow")
        let choice = IncidentChoice.make(open: [started, other], current: nil, playbookPath: "/srv/playbooks/api.md")
        #expect(choice == .chosen(started, because: .samePlaybook))
        #expect(choice.announcement(openCount: 2)?.hasPrefix("→ incident 2026-12-07-api-errors") == true)
    }

    @Test func theOnlyOpenIncidentIsJoinedAndNotAnnounced() {
        let only = incident("2026-12-07-api-errors")
        let choice = IncidentChoice.make(open: [only], current: nil, playbookPath: "/srv/playbooks/api.md")
        #expect(choice == .chosen(only, because: .onlyOpen))
        #expect(choice.announcement(openCount: 1) == nil)
        #expect(IncidentChoice.make(open: [only], current: nil, playbookPath: nil) == .chosen(only, because: .onlyOpen))
    }

    @Test func severalOpenIncidentsAreAmbiguousAndTheNewestIsNamed() {
        let newest = incident("2026-12-07-b", minutes: 5)
        let older = incident("2026-12-07-a")
        let choice = IncidentChoice.make(open: [newest, older], current: nil, playbookPath: nil)
        #expect(choice == .ambiguous([newest, older]))
        #expect(choice.incident == newest)
        #expect(choice.announcement(openCount: 2)?.hasPrefix("→ incident 2026-12-07-b (the newest of 2") == true)
    }

    @Test func anOpenIncidentOfAnotherPlaybookIsNotJoinedSilently() {
        let other = incident("2026-12-07-db-slow", playbook: "/srv/playbooks/db.md")
        #expect(IncidentChoice.make(open: [other], current: nil, playbookPath: "/srv/playbooks/api.md") == .ambiguous([other]))
        #expect(IncidentChoice.make(open: [], current: nil, playbookPath: "/srv/playbooks/api.md") == .none)
    }

    @Test func theCurrentIncidentWinsWhileOpen() {
        let current = incident("2026-12-07-a")
        let newer = incident("2026-12-07-b", minutes: 5)
        let choice = IncidentChoice.make(open: [newer, current], current: current, playbookPath: nil)
        #expect(choice == .chosen(current, because: .current))
        #expect(choice.announcement(openCount: 2)?.contains("postmoterm use") == true)
        // Resolved, it no longer decides for commands that write.
        let resolved = incident("2026-12-07-a", status: .resolved)
        #expect(IncidentChoice.make(open: [newer], current: resolved, playbookPath: nil) == .chosen(newer, because: .onlyOpen))
    }
}

extension IncidentChoiceTests {
    @Test func aTitleAsksForTheOpenIncidentWithThatTitleElseANewOne() {
        let errors = Incident(id: IncidentID(rawValue: "2026-12-07-api-errors")!, title: "API errors", startedAt: start)
        let other = incident("2026-12-07-db-slow", minutes: 3)
        let choice = IncidentChoice.make(open: [other, errors], current: other, playbookPath: nil, title: " api errors")
        #expect(choice == .chosen(errors, because: .sameTitle))
        #expect(choice.announcement(openCount: 2)?.contains("the open one with this title") == true)
        #expect(IncidentChoice.make(open: [other, errors], current: nil, playbookPath: nil, title: "Cache cold") == .none)
    }
}
