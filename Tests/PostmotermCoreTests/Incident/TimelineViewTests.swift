import Testing

@testable import PostmotermCore

@Suite struct TimelineViewTests {
    let id = IncidentID(rawValue: "2026-11-25-api-outage")!
    let alice = Author(name: "alice")
    let base = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 0).timestamp

    private func event(_ sequence: Int64, minute: Int64, _ text: String, happenedMinute: Int64? = nil) -> Event {
        Event(
            incidentID: id, sequence: sequence, recordedAt: base.adding(milliseconds: minute * 60_000),
            happenedAt: happenedMinute.map { base.adding(milliseconds: $0 * 60_000) }, author: alice, kind: .note,
            text: text)
    }

    private func amendment(_ sequence: Int64, of target: Int64, _ amendment: Amendment) -> Event {
        let draft = EventDraft.amendment(of: target, amendment, author: alice)
        return Event(
            incidentID: id, sequence: sequence, recordedAt: base.adding(milliseconds: 3_600_000), author: alice,
            kind: .amendment, text: draft.text, data: draft.data, amends: target)
    }

    @Test func backdatedEventsStandInTheirPlace() {
        let view = TimelineView(events: [
            event(1, minute: 0, "start"), event(2, minute: 10, "b"), event(3, minute: 12, "a", happenedMinute: 5),
        ])
        #expect(view.entries.map(\.text) == ["start", "a", "b"])
        #expect(view.entries[1].isBackdated)
        #expect(!view.entries[2].isBackdated)
        #expect(view.lastSequence == 3)
    }

    @Test func amendmentsApplyWithoutChangingTheOriginal() {
        let events = [
            event(1, minute: 0, "start"), event(2, minute: 10, "api-2 donw"), event(3, minute: 20, "noise"),
            amendment(4, of: 2, .editText("api-2 down")), amendment(5, of: 2, .star), amendment(6, of: 3, .hide),
            amendment(7, of: 2, .editTime(base.adding(milliseconds: 25 * 60_000))),
        ]
        let view = TimelineView(events: events)
        #expect(view.entries.map(\.sequence) == [1, 3, 2])
        #expect(view.visibleEntries.map(\.sequence) == [1, 2])
        let edited = view.entry(sequence: 2)
        #expect(edited?.text == "api-2 down")
        #expect(edited?.event.text == "api-2 donw")
        #expect(edited?.isTextEdited == true)
        #expect(edited?.isStarred == true)
        #expect(edited?.time == base.adding(milliseconds: 25 * 60_000))
        #expect(edited?.amendedBy == [4, 5, 7])
        #expect(view.entry(sequence: 4) == nil)
    }

    @Test func laterAmendmentsUndoEarlierOnes() {
        let view = TimelineView(events: [
            event(1, minute: 0, "x"), amendment(2, of: 1, .star), amendment(3, of: 1, .hide),
            amendment(4, of: 1, .unstar), amendment(5, of: 1, .unhide),
        ])
        #expect(view.entry(sequence: 1)?.isStarred == false)
        #expect(view.entry(sequence: 1)?.isHidden == false)
        #expect(view.visibleEntries.count == 1)
    }

    @Test func incrementalApplyMatchesBulkBuild() {
        let events = [
            event(1, minute: 0, "start"), event(2, minute: 10, "b"), event(3, minute: 12, "a", happenedMinute: 5),
            amendment(4, of: 2, .editTime(base.adding(milliseconds: 1 * 60_000))), amendment(5, of: 3, .star),
            event(6, minute: 30, "c"), event(7, minute: 31, "early", happenedMinute: 0), amendment(8, of: 6, .hide),
        ]
        var tailing = TimelineView()
        for event in events { tailing.apply(event) }
        let bulk = TimelineView(events: events)
        #expect(tailing.entries == bulk.entries)
        #expect(tailing.entries.map(\.sequence) == [1, 7, 2, 3, 6])
        for entry in bulk.entries { #expect(tailing.entry(sequence: entry.sequence) == entry) }
        // Applying the same event twice changes nothing.
        tailing.apply(events[4])
        tailing.apply(events[5])
        #expect(tailing.entries == bulk.entries)
    }

    @Test func amendmentBeforeItsOriginalWaits() {
        var view = TimelineView()
        view.apply(amendment(2, of: 1, .star))
        #expect(view.entries.isEmpty)
        view.apply(event(1, minute: 0, "x"))
        #expect(view.entry(sequence: 1)?.isStarred == true)
    }
}
