import Console
import Foundation
import PostmotermCore
import PostmotermTestSupport
import Testing

/// The console's time edit (`E`, then `m`, on a timeline event) against the one table of time
/// inputs that `--at` is tested against too (`TimeInputTable`).
@Suite struct TimeEditTests {
    static let eventID: Int64 = 2

    /// The console at the table's now, on an incident started at the table's start, with one
    /// event today: the timeline has focus and the event's time edit is open, emptied.
    static func editing() -> ConsoleState {
        let incident = IncidentHeader(
            id: "2026-11-25-time", title: "Time edit", severity: "sev2", status: .investigating,
            startedAt: TimeInputTable.incidentStartedAt.date)
        var state = ConsoleState(
            incident: incident, playbook: Fixtures.playbook, me: "alice",
            sources: [], size: TerminalSize(columns: 80, rows: 24), now: TimeInputTable.now.date)
        state = ConsoleReducer.reduce(state, .storeEvents([
            ConsoleEvent(id: 1, recordedAt: TimeInputTable.incidentStartedAt.date, author: "postmoterm",
                         kind: .other("incidentStarted"), text: "Time edit"),
            ConsoleEvent(id: eventID, recordedAt: TimeInputTable.now.date.addingTimeInterval(-600), author: "alice",
                         kind: .note, text: "deploy went out"),
        ])).0
        return Fixtures.press(state, [.tab, .tab, .character("E"), .character("m"), .control("u")]).0
    }

    @Test func theEditOpensOnTheEventsTime() {
        guard case .editing(let editor, .eventTime(eventID: Self.eventID)) = Self.editing().mode else {
            Issue.record("the time edit did not open: \(Self.editing().mode)")
            return
        }
        #expect(editor.string.isEmpty)
        let opened = Fixtures.press(Fixtures.press(Self.editing(), [.escape]).0, [.character("E"), .character("m")]).0
        guard case .editing(let prefilled, _) = opened.mode else { return }
        #expect(prefilled.string == "14:20:10")
    }

    @Test(arguments: TimeInputTable.accepted.map(\.input))
    func acceptsTheTable(input: String) throws {
        let expected = try #require(TimeInputTable.accepted.first { $0.input == input }).expected
        let (after, commands) = Fixtures.press(Self.editing(), Fixtures.type(input) + [.enter])
        let kind = try #require(Fixtures.appendedKind(commands), "'\(input)' was refused: \(after.notice?.text ?? "")")
        guard case .amendment(target: Self.eventID, change: .time(let date)) = kind else {
            Issue.record("'\(input)' appended \(kind)")
            return
        }
        #expect(Timestamp(date).iso8601 == expected)
    }

    @Test(arguments: TimeInputTable.refused.map(\.input))
    func refusesTheTable(input: String) throws {
        let why = try #require(TimeInputTable.refused.first { $0.input == input }).why
        let (after, commands) = Fixtures.press(Self.editing(), Fixtures.type(input) + [.enter])
        #expect(commands.isEmpty, "'\(input)' was accepted: \(commands)")
        #expect(after.notice?.isError == true)
        #expect(after.notice?.text.contains(why.rawValue) == true, "\(after.notice?.text ?? "no notice")")
    }
}
