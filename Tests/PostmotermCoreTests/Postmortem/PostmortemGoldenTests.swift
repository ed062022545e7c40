import Foundation
import Testing

@testable import PostmotermCore

/// The exported Markdown of a crafted incident, checked against an expected file.
/// To accept a deliberate change: `POSTMOTERM_UPDATE_GOLDEN=1 swift test --filter PostmortemGoldenTests`,
/// then review the diff of the fixture.
@Suite struct PostmortemGoldenTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/postmortem-api-outage.md")

    static let practiceFixture = fixture.deletingLastPathComponent().appendingPathComponent("postmortem-practice-incident.md")

    @Test func markdownMatchesTheExpectedFile() throws {
        try Self.compare(PostmortemExporter.markdown(try CraftedIncident.input()), with: Self.fixture)
    }

    /// Issue 13's practice incident (a weight changed before anyone watched; start then open; two
    /// consoles): one recorder, every fact on its line, impact from the counters, detection in
    /// the right order.
    @Test func thePracticeIncidentMatchesTheExpectedFile() throws {
        let input = try PracticeIncident.input()
        let markdown = PostmortemExporter.markdown(input)
        try Self.compare(markdown, with: Self.practiceFixture)
        #expect(markdown.contains("api/api-2 weight is 10, configured 1, at first look"))
        // Two consoles watched: every observation is in the log once.
        let observations = input.events.filter { $0.kind == .balancerObservation }.map { "\($0.time) \($0.text)" }
        #expect(Set(observations).count == observations.count, "\(observations)")
    }

    static func compare(_ markdown: String, with fixture: URL) throws {
        if ProcessInfo.processInfo.environment["POSTMOTERM_UPDATE_GOLDEN"] == "1" {
            try markdown.write(to: fixture, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: fixture, encoding: .utf8)
        if markdown != expected {
            let got = markdown.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "export differs from \(fixture.path) at line \(first + 1):\n got: \(first < got.count ? String(got[first]) : "<end>")\nwant: \(first < want.count ? String(want[first]) : "<end>")")
        }
    }
}
