import Testing

@testable import PostmotermCore

/// Never overwrite a draft edited since postmoterm wrote it (issue 13.7).
@Suite struct DraftFileRuleTests {
    let id = IncidentID(rawValue: "2026-12-07-api-errors")!
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 16, minute: 0).timestamp

    func export(_ path: String, sha256: String, sequence: Int64) -> Event {
        Event(
            incidentID: id, sequence: sequence, recordedAt: start, author: Author(name: "alice"), kind: .export,
            text: "exported", data: ["path": path, "format": "markdown", "sha256": sha256])
    }

    @Test func onlyWhatPostmotermLastWroteIsOverwritten() {
        let path = "/work/postmortem-2026-12-07-api-errors.md"
        let events = [export(path, sha256: "first", sequence: 2), export(path, sha256: "second", sequence: 3)]
        #expect(DraftFileRule.mayOverwrite(path: path, existing: nil, events: events))
        #expect(DraftFileRule.mayOverwrite(path: path, existing: "second", events: events))
        #expect(!DraftFileRule.mayOverwrite(path: path, existing: "edited", events: events))
        #expect(!DraftFileRule.mayOverwrite(path: path, existing: "first", events: events))
        #expect(!DraftFileRule.mayOverwrite(path: "/elsewhere.md", existing: "second", events: events))
    }

    @Test func theConsoleWritesBesideAnEditedDraft() {
        let path = "/work/postmortem-X.md"
        let events = [export(path, sha256: "written", sequence: 2)]
        #expect(DraftFileRule.candidates(for: path).prefix(3) == [path, "/work/postmortem-X-2.md", "/work/postmortem-X-3.md"])
        let files = [path: "edited"]
        #expect(DraftFileRule.target(preferred: path, events: events) { files[$0] } == "/work/postmortem-X-2.md")
        #expect(DraftFileRule.target(preferred: path, events: events) { _ in "written" } == path)
        #expect(DraftFileRule.target(preferred: path, events: []) { _ in "someone's" } == nil)
    }
}
