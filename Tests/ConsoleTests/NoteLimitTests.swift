import Console
import PostmotermCore
import Testing

/// Issue 18.8: the console's editor takes as much as `log` does (one limit, in PostmotermCore)
/// and says when a paste is cut.
@Suite struct NoteLimitTests {
    @Test func aPasteOverTheLimitIsCutAndTheConsoleSaysSo() throws {
        let limit = EventTextLimit.maximumCharacters
        let editing = Fixtures.press(Fixtures.state(), [.character("n")]).0
        let filled = Fixtures.press(editing, Fixtures.type(String(repeating: "a", count: limit))).0
        #expect(filled.notice?.text.contains("limited") != true, "no notice while under the limit")
        let cut = Fixtures.press(filled, Fixtures.type("bcd")).0
        #expect(cut.notice?.text == "Text is limited to \(limit) characters; the rest was not taken.")
        #expect(cut.notice?.isError == true)
        let (_, commands) = Fixtures.press(cut, [.enter])
        guard case .append(_, let draft) = try #require(commands.first) else {
            Issue.record("expected an append, got \(commands)")
            return
        }
        #expect(draft.text.count == limit)
    }

    @Test func theStoreRefusesLongerNotesFromAnyCaller() throws {
        let clock = ManualClock(Timestamp(millisecondsSinceEpoch: 1_795_615_320_000))
        let store = InMemoryIncidentStore(clock: clock)
        let alice = Author(name: "alice")
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        let limit = EventTextLimit.maximumCharacters
        _ = try store.append(.note(String(repeating: "é", count: limit), author: alice), to: incident.id)
        #expect(throws: IncidentStoreError.invalidEvent("the note is \(limit + 1) characters long; the limit is \(limit) (put longer text in a file and log its path)")) {
            try store.append(.note(String(repeating: "x", count: limit + 1), author: alice), to: incident.id)
        }
    }
}
