import Testing

@testable import PostmotermCore

@Suite struct IncidentLedgerTests {
    let clock = ManualClock(UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30).timestamp)
    let alice = Author(name: "alice", role: "IC")

    private func makeStore() throws -> (InMemoryIncidentStore, Incident) {
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", severity: "SEV1", author: alice))
        return (store, incident)
    }

    @Test func creatingRecordsTheStartAsSequenceOne() throws {
        let (store, incident) = try makeStore()
        #expect(incident.id.rawValue == "2026-11-25-api-outage")
        #expect(incident.status == .investigating)
        #expect(incident.startedAt == clock.now())
        let events = try store.events(of: incident.id)
        #expect(events.count == 1)
        #expect(events[0].kind == .incidentStarted)
        #expect(events[0].sequence == 1)
        #expect(events[0].data["severity"] == "SEV1")
        let second = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        #expect(second.id.rawValue == "2026-11-25-api-outage-2")
    }

    @Test func statusMovesForwardOnlyAndStampsTimes() throws {
        let (store, incident) = try makeStore()
        clock.advance(milliseconds: 60_000)
        let mitigated = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        #expect(mitigated.data == ["from": "investigating", "to": "mitigated"])
        #expect(mitigated.text == "Status changed from investigating to mitigated")
        #expect(try store.incident(incident.id).mitigatedAt == clock.now())
        #expect(throws: IncidentStoreError.invalidStatusChange(incident: incident.id, from: .mitigated, to: "mitigated")) {
            try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        }
        clock.advance(milliseconds: 60_000)
        let backdated = clock.now().adding(milliseconds: -10_000)
        _ = try store.append(.statusChange(to: .resolved, author: alice, happenedAt: backdated), to: incident.id)
        let resolved = try store.incident(incident.id)
        #expect(resolved.status == .resolved)
        #expect(resolved.resolvedAt == backdated)
        #expect(try store.mostRecentOpenIncident() == nil)
        #expect(throws: IncidentStoreError.self) {
            try store.append(.statusChange(to: .investigating, author: alice), to: incident.id)
        }
    }

    @Test func amendmentsMustNameAnEarlierNonAmendmentEvent() throws {
        let (store, incident) = try makeStore()
        let note = try store.append(.note("api-2 is down", author: alice), to: incident.id)
        let star = try store.append(.amendment(of: note.sequence, .star, author: alice), to: incident.id)
        #expect(star.amends == note.sequence)
        #expect(throws: IncidentStoreError.amendedEventNotFound(incident: incident.id, sequence: 99)) {
            try store.append(.amendment(of: 99, .hide, author: alice), to: incident.id)
        }
        #expect(throws: IncidentStoreError.amendedEventNotFound(incident: incident.id, sequence: star.sequence)) {
            try store.append(.amendment(of: star.sequence, .hide, author: alice), to: incident.id)
        }
        var bogus = EventDraft.amendment(of: note.sequence, .star, author: alice)
        bogus.data["amendment"] = "explode"
        #expect(throws: IncidentStoreError.self) { try store.append(bogus, to: incident.id) }
        var stray = EventDraft.note("x", author: alice)
        stray.amends = 1
        #expect(throws: IncidentStoreError.self) { try store.append(stray, to: incident.id) }
    }

    @Test func rejectsEmptyNotesAnonymousAuthorsAndUnknownIncidents() throws {
        let (store, incident) = try makeStore()
        #expect(throws: IncidentStoreError.invalidEvent("the note is empty")) {
            try store.append(.note("  \n", author: alice), to: incident.id)
        }
        #expect(throws: IncidentStoreError.self) {
            try store.append(.note("hi", author: Author(name: " ")), to: incident.id)
        }
        let missing = IncidentID(rawValue: "nope")!
        #expect(throws: IncidentStoreError.incidentNotFound("nope")) {
            try store.append(.note("hi", author: alice), to: missing)
        }
        #expect(throws: IncidentStoreError.self) {
            try store.createIncident(IncidentDraft(title: "   ", author: alice))
        }
        #expect(throws: IncidentStoreError.self) {
            try store.append(EventDraft(kind: .incidentStarted, text: "again", author: alice), to: incident.id)
        }
    }

    @Test func tailingAndRevision() throws {
        let (store, incident) = try makeStore()
        let before = try store.revision()
        for n in 1...5 { _ = try store.append(.note("n\(n)", author: alice), to: incident.id) }
        #expect(try store.revision() > before)
        let tail = try store.events(of: incident.id, after: 3, limit: 2)
        #expect(tail.map(\.sequence) == [4, 5])
        #expect(try store.events(of: incident.id, after: 6, limit: nil).isEmpty)
        let unchanged = try store.revision()
        #expect(try store.revision() == unchanged)
    }

    @Test func resolveIncidentPicksTheLatestOpenOne() throws {
        let (store, first) = try makeStore()
        clock.advance(milliseconds: 1000)
        let second = try store.createIncident(IncidentDraft(title: "DB slow", author: alice))
        #expect(try store.resolveIncident(nil).id == second.id)
        _ = try store.append(.statusChange(to: .resolved, author: alice), to: second.id)
        #expect(try store.resolveIncident(nil).id == first.id)
        #expect(try store.resolveIncident(first.id).id == first.id)
    }
}

@Suite struct IncidentLedgerStatusTimeTests {
    let clock = ManualClock(UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30).timestamp)
    let alice = Author(name: "alice")

    @Test func statusTimesCannotGoBackwards() throws {
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "x", author: alice))
        clock.advance(milliseconds: 600_000)
        #expect(throws: IncidentStoreError.self) {
            try store.append(.statusChange(to: .mitigated, author: alice, happenedAt: incident.startedAt.adding(milliseconds: -1)), to: incident.id)
        }
        _ = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        #expect(throws: IncidentStoreError.self) {
            try store.append(.statusChange(to: .resolved, author: alice, happenedAt: clock.now().adding(milliseconds: -1)), to: incident.id)
        }
        #expect(try store.incident(incident.id).status == .mitigated)
        _ = try store.append(.statusChange(to: .resolved, author: alice, happenedAt: clock.now()), to: incident.id)
        #expect(try store.incident(incident.id).status == .resolved)
    }
}
