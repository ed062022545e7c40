import Console
import Foundation
import PostmotermCore
import Testing

/// The health pane's sparklines and the instance detail view (issue 17.2): fed by the polls,
/// drawn into the buffer, checked against expected screens.
@Suite struct InstanceTrendTests {
    /// The fixture console after `minutes` of polls, one a second: api-2's share of traffic weight
    /// jumps from a third to 83 % half-way, its 5xx climb, and it serves no more in the last minute.
    static func state(minutes: Int = 12, size: TerminalSize = TerminalSize(columns: 160, rows: 40)) -> ConsoleState {
        let start = Fixtures.now.addingTimeInterval(-Double(minutes * 60))
        var state = ConsoleState(
            incident: Fixtures.incident, playbook: Fixtures.playbook, me: "alice",
            sources: [SourceStatus(label: Fixtures.source, state: .live)], size: size, now: start)
        for second in stride(from: 0, to: minutes * 60, by: 1) {
            let time = start.addingTimeInterval(Double(second))
            let late = second >= minutes * 30
            var rows = Fixtures.rows
            rows[1].share = late ? 10.0 / 12 : 1.0 / 3
            rows[1].requestsPerSecond = late ? 50 : 20
            rows[1].errorPercent = late ? Double(second - minutes * 30) / Double(minutes * 30) * 40 : 0
            rows[1].status = second >= (minutes - 1) * 60 ? .down : .up
            rows[1].share = rows[1].status == .down ? nil : rows[1].share
            rows[0].requestsPerSecond = 20 + Double(second % 60) / 6
            state = ConsoleReducer.reduce(state, .tick(time)).0
            state = ConsoleReducer.reduce(state, .pollUpdate(SourceStatus(label: Fixtures.source, state: .live), rows: rows)).0
        }
        state = ConsoleReducer.reduce(state, .storeEvents(Fixtures.entries())).0
        return state
    }

    @Test func aSparklineIsTheHighestOfEachCellScaledToTheWindow() {
        let values: [Double?] = [0, 1, 2, 3, nil, nil, 8, 8]
        #expect(Sparkline.text(values, cells: 4, perCell: 2) == "▂▄ █")
        #expect(Sparkline.text([1, 1], cells: 4, perCell: 1, maximum: 8) == "  ▂▂")
        #expect(Sparkline.text([], cells: 3, perCell: 6) == "   ")
    }

    @Test func pollsAreSampledOncePerTenSecondsAndAnHourOfMinutesIsKept() {
        let state = Self.state(minutes: 70, size: TerminalSize(columns: 80, rows: 24))
        let trend = state.trends.trend(source: Fixtures.source, pool: "api", instance: "api-2")
        #expect(trend?.sharePercent.count == InstanceTrends.capacity)
        #expect(trend?.sharePercent.last == 0)  // down: none of the traffic
        #expect(trend?.sharePercent.dropLast().last == 83.33)
        #expect(trend?.requestsPerSecond.first == 20 && trend?.requestsPerSecond.last == 50)
    }

    /// A minute's cell is the highest of its 10-second samples; a minute no poll saw is unknown;
    /// polls between samples are not taken.
    @Test func aMinuteKeepsTheHighestOfItsSamplesAndAGapIsUnknown() {
        var trends = InstanceTrends()
        let minute = (Fixtures.now.timeIntervalSince1970 / 60).rounded(.down) * 60
        func poll(_ second: Double, requests: Double?) {
            var rows = Fixtures.rows
            rows[0].requestsPerSecond = requests
            trends.record(source: Fixtures.source, rows: rows, at: Date(timeIntervalSince1970: minute + second))
        }
        poll(0, requests: 5)
        poll(5, requests: 900)  // same 10-second bucket: not sampled
        poll(10, requests: 7)
        poll(20, requests: nil)
        poll(50, requests: 6)
        poll(180, requests: 3)  // two minutes no poll saw
        let trend = trends.trend(source: Fixtures.source, pool: Fixtures.rows[0].pool, instance: Fixtures.rows[0].instance)
        #expect(trend?.requestsPerSecond == [7, nil, nil, 3])
    }

    @Test func theHealthPaneShowsTheLastTenMinutesAsSparklines() {
        let state = Self.state()
        let screen = ConsoleRenderer.render(state, size: state.size)
        expectScreen(screen, named: "health-sparklines-160x40")
        #expect(screen.text().contains("SHARE 10m"))
    }

    @Test func enterOnAnInstanceShowsItsLastHourAsChartsAndAnyKeyGoesBack() {
        var state = Self.state(minutes: 70, size: TerminalSize(columns: 100, rows: 30))
        state = Fixtures.press(state, [.tab]).0
        let cursor = state.visibleHealth.firstIndex { $0.instance == "api-2" } ?? 0
        state.healthCursor = cursor
        state = Fixtures.press(state, [.enter]).0
        #expect(state.mode == .instanceDetail(source: Fixtures.source, pool: "api", instance: "api-2"))
        expectScreen(ConsoleRenderer.render(state, size: state.size), named: "instance-detail-100x30")
        state = Fixtures.press(state, [.escape]).0
        #expect(state.mode == .normal)
    }
}
