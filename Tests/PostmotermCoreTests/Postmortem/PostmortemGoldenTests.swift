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

    @Test func markdownMatchesTheExpectedFile() throws {
        let markdown = PostmortemExporter.markdown(try CraftedIncident.input())
        if ProcessInfo.processInfo.environment["POSTMOTERM_UPDATE_GOLDEN"] == "1" {
            try markdown.write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8)
        if markdown != expected {
            let got = markdown.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "export differs from \(Self.fixture.path) at line \(first + 1):\n got: \(first < got.count ? String(got[first]) : "<end>")\nwant: \(first < want.count ? String(want[first]) : "<end>")")
        }
    }
}
