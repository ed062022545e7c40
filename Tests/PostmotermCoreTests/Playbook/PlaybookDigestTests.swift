import Testing

@testable import PostmotermCore

/// One digest format everywhere (issue 13.2): `start` stored `sha256:<hex>`, the console bare hex.
@Suite struct PlaybookDigestTests {
    let hex = String(repeating: "0f1e2d3c", count: 8)

    func playbook(digest: String) -> Playbook {
        Playbook(path: "/p.md", title: "P", digest: digest)
    }

    @Test func everyStoredSpellingReadsAsTheSameDigest() {
        let prefixed = PlaybookDigest("sha256:" + hex)
        #expect(prefixed != nil)
        #expect(PlaybookDigest(hex) == prefixed)
        #expect(PlaybookDigest("SHA256:" + hex.uppercased()) == prefixed)
        #expect(prefixed?.description == "sha256:" + hex)
        #expect(PlaybookDigest("sha256:0f1e") == nil)
        #expect(PlaybookDigest.stored(playbook(digest: hex)) == "sha256:" + hex)
    }

    @Test func theSamePlaybookIsNotReportedChangedWhateverTheStoredSpelling() {
        let current = playbook(digest: hex)
        #expect(!PlaybookDigest.changed(stored: "sha256:" + hex, current: current))
        #expect(!PlaybookDigest.changed(stored: hex, current: current))
        #expect(!PlaybookDigest.changed(stored: nil, current: current))
        let other = String(repeating: "a", count: 64)
        #expect(PlaybookDigest.changed(stored: "sha256:" + other, current: current))
        #expect(PlaybookDigest.changed(stored: other, current: current))
    }
}

extension PlaybookDigestTests {
    @Test func theDraftNamesTheDigestInTheStoredFormEvenFromAnOldDatabase() {
        let incident = Incident(
            id: IncidentID(rawValue: "2026-12-07-api-errors")!, title: "API errors", playbookPath: "/p.md",
            playbookDigest: hex, startedAt: UTCDateTime(year: 2026, month: 12, day: 7, hour: 16, minute: 0).timestamp)
        let markdown = PostmortemExporter.markdown(
            PostmortemInput(incident: incident, events: [], followUps: [], generatedAt: incident.startedAt))
        #expect(markdown.contains("`/p.md` (sha256:\(hex))"))
    }
}
