import Testing
@testable import PostmotermCore

/// Issue 18.19: the plain `health` table pads by display columns, and zero-width or control
/// characters in names are shown, not passed to the terminal.
@Suite struct HealthTableWidthTests {
    private func table(_ names: [String]) throws -> [String] {
        var history = SnapshotHistory()
        let csv = BalancerFixtures.csv(
            names.map { BalancerFixtures.server("api", $0, weight: 1, reqTot: 10) } + [BalancerFixtures.backend("api", reqTot: 10 * names.count)])
        let snapshot = history.refine(try BalancerFixtures.parse(csv))
        let text = HealthTable.render(sources: [SourceView(source: snapshot.source, state: .live, snapshot: snapshot)], findings: [])
        return text.split(separator: "\n").map(String.init).filter { $0.contains("api/") }
    }

    @Test func wideNamesKeepTheColumnsAligned() throws {
        let rows = try table(["api-1", "日本語🔥", "api-3"])
        #expect(rows.count == 3)
        // The STATUS column starts at the same display column on every row.
        let columns = rows.map { row -> Int in
            let prefix = row[..<row.range(of: "UP")!.lowerBound]
            return DisplayWidth.of(prefix)
        }
        #expect(Set(columns).count == 1, "\(rows)")
    }

    @Test func zeroWidthAndControlCharactersAreShown() throws {
        let rows = try table(["api\u{200B}-1", "api-\u{1B}[2J2"])
        let text = rows.joined(separator: "\n")
        #expect(text.contains("api/api<U+200B>-1"))
        #expect(text.contains("api/api-^[[2J2"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x200B || $0.value == 0x1B })
    }
}
