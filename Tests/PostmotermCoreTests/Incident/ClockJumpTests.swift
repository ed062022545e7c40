import Testing

@testable import PostmotermCore

/// Issue 18.5: a clock that jumps (forward to 2035, or back before the start) cannot wedge an
/// incident; an amended time counts in later checks.
@Suite struct ClockJumpTests {
    let start = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30).timestamp
    let future = UTCDateTime(year: 2035, month: 6, day: 1, hour: 0, minute: 0).timestamp
    let alice = Author(name: "alice")

    @Test func forwardJumpThenBackStillResolves() throws {
        let clock = ManualClock(start)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        clock.set(future)
        _ = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        #expect(try store.incident(incident.id).mitigatedAt == future)
        clock.set(start.adding(milliseconds: 3_600_000))
        _ = try store.append(.statusChange(to: .resolved, author: alice), to: incident.id)
        #expect(try store.incident(incident.id).status == .resolved)
    }

    @Test func backwardJumpBeforeTheStartStillMitigates() throws {
        let clock = ManualClock(start)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        clock.set(start.adding(milliseconds: -86_400_000))
        _ = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        #expect(try store.incident(incident.id).status == .mitigated)
    }

    @Test func anAmendedMitigationTimeIsWhatAGivenTimeIsCheckedAgainst() throws {
        let clock = ManualClock(start)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        clock.set(future)
        let mitigated = try store.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        clock.set(start.adding(milliseconds: 3_600_000))
        // A given time is checked against the (wrong) stamp until the stamp is amended.
        let resolvedAt = start.adding(milliseconds: 3_000_000)
        #expect(throws: IncidentStoreError.self) {
            try store.append(.statusChange(to: .resolved, author: alice, happenedAt: resolvedAt), to: incident.id)
        }
        let mitigatedAt = start.adding(milliseconds: 1_800_000)
        _ = try store.append(.amendment(of: mitigated.sequence, .editTime(mitigatedAt), author: alice), to: incident.id)
        #expect(try store.incident(incident.id).mitigatedAt == mitigatedAt)
        #expect(throws: IncidentStoreError.self) {
            try store.append(
                .statusChange(to: .resolved, author: alice, happenedAt: mitigatedAt.adding(milliseconds: -1)), to: incident.id)
        }
        _ = try store.append(.statusChange(to: .resolved, author: alice, happenedAt: resolvedAt), to: incident.id)
        let resolved = try store.incident(incident.id)
        #expect(resolved.status == .resolved)
        #expect(resolved.resolvedAt == resolvedAt)
    }

    @Test func anAmendedStartMovesTheIncidentStart() throws {
        let clock = ManualClock(future)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        clock.set(start.adding(milliseconds: 600_000))
        _ = try store.append(.amendment(of: 1, .editTime(start), author: alice), to: incident.id)
        #expect(try store.incident(incident.id).startedAt == start)
        _ = try store.append(.statusChange(to: .mitigated, author: alice, happenedAt: clock.now()), to: incident.id)
        #expect(try store.incident(incident.id).status == .mitigated)
    }
}
