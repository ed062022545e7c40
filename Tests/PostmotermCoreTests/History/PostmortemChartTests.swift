import Foundation
import Testing

@testable import PostmotermCore

/// The SVG charts written beside the draft (issue 17.3), from recorded history, against golden
/// files. To accept a deliberate change: `POSTMOTERM_UPDATE_GOLDEN=1 swift test --filter
/// PostmortemChartTests`, then review the SVGs (open them in a browser) and their diff.
@Suite struct PostmortemChartTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/charts")

    @Test func theSeedOutagesChartsMatchTheExpectedFiles() throws {
        let charts = PostmortemChart.charts(
            history: CounterHistory(buckets: SeedOutageHistory.buckets(cpu: true)), events: SeedOutageHistory.events())
        #expect(charts.map(\.kind) == [.share, .errors, .cpu])
        for chart in charts {
            try PostmortemGoldenTests.compare(chart.svg, with: Self.fixtures.appendingPathComponent("seed-outage-\(chart.kind.rawValue).svg"))
        }
    }

    /// api-2's share jumps to 83 % at the weight change (marked) and falls to 0 at the drain (marked).
    @Test func theShareChartShowsApi2JumpingTo83PercentAtTheWeightChangeAndTheDrain() throws {
        let share = try #require(PostmortemChart.charts(
            history: CounterHistory(buckets: SeedOutageHistory.buckets()), events: SeedOutageHistory.events()).first)
        #expect(share.kind == .share)
        #expect(share.svg.contains(">weight api-2 1→10</text>") && share.svg.contains(">set server api/api-2 state drain</text>"))
        #expect(share.svg.contains(">mitigated</text>") && share.svg.contains(">resolved</text>"))
        // y = top + plot height × (1 − share): 83.3 % of a 276-pixel plot from y = 36.
        let api2 = try #require(share.svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }.dropFirst().first)
        #expect(api2.contains(",82"))  // 36 + 276 × (1 − 0.8333) = 82
        #expect(api2.contains(",312"))  // drained: 0 %
    }

    @Test func withoutCPUThereIsNoCPUChartAndWithoutHistoryNoChart() {
        let charts = PostmortemChart.charts(history: CounterHistory(buckets: SeedOutageHistory.buckets()), events: [])
        #expect(charts.map(\.kind) == [.share, .errors])
        #expect(PostmortemChart.charts(history: CounterHistory(buckets: []), events: SeedOutageHistory.events()).isEmpty)
    }

    /// Names and labels are user input: markup in them stays text.
    @Test func textInTheSVGIsEscaped() throws {
        var buckets = SeedOutageHistory.buckets()
        for index in buckets.indices { buckets[index].instances[1] = "api/<script>&\"x'\u{1B}" }
        var events = SeedOutageHistory.events()
        events[2].data["command"] = "set weight api/<b>2</b> 1"
        let svg = try #require(PostmortemChart.charts(history: CounterHistory(buckets: buckets), events: events).first).svg
        #expect(svg.contains("api/&lt;script&gt;&amp;&quot;x&apos;\u{FFFD}"))
        #expect(svg.contains("set weight api/&lt;b&gt;2&lt;/b&gt; 1"))
        #expect(!svg.contains("<script>") && !svg.contains("<b>"))
    }

    @Test func theDraftLinksItsCharts() throws {
        var input = try CraftedIncident.input()
        input.charts = [("Traffic share per instance", "postmortem-x-share.svg")]
        #expect(PostmortemExporter.markdown(input).contains("\n![Traffic share per instance](postmortem-x-share.svg)\n"))
    }

    /// A chart draws the instances with the highest peaks and says how many it left out.
    @Test func aThousandInstancesDrawTheEightHighestPeaks() {
        let names = (1...1003).map { "api/api-\($0)" }
        let buckets = (0..<6).map { step in
            CounterHistoryBucket(
                source: SeedOutageHistory.source, index: 1000 + Int64(step), instances: names,
                values: (1...1003).map { CounterHistoryBucket.Value(requests: UInt64($0 == 500 ? 5000 : 5), responses5xx: 0) })
        }
        let share = PostmortemChart.charts(history: CounterHistory(buckets: buckets), events: []).first?.svg ?? ""
        #expect(share.components(separatedBy: "<polyline").count - 1 == 8)
        #expect(share.contains(">api/api-500</text>") && share.contains("995 more instances not drawn"))
    }
}
