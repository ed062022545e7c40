import Console
import Foundation
import PostmotermCore
import Testing

/// The CPU, MEM and P95 columns (issue 17.4): figures from Prometheus by the server's address,
/// STALE while Prometheus is down or slow, and how to get them without `--metrics`.
@Suite struct InstanceMetricsColumnTests {
    static func state(metrics source: String?) -> ConsoleState {
        var state = ConsoleState(
            incident: Fixtures.incident, playbook: Fixtures.playbook, me: "alice",
            sources: [SourceStatus(label: Fixtures.source, state: .live)], size: TerminalSize(columns: 200, rows: 24), now: Fixtures.now)
        state.metrics = ConsoleMetrics(source: source)
        // Room for the metrics columns beside the name.
        for column in [HealthColumnID.shareTrend, .errorTrend, .requestTrend, .check, .since, .latency, .sessions] {
            state.hiddenHealthColumns.insert(column)
        }
        var rows = Fixtures.rows
        for index in rows.indices { rows[index].address = "127.0.0.1:808\(index + 1)" }
        state = ConsoleReducer.reduce(state, .pollUpdate(SourceStatus(label: Fixtures.source, state: .live), rows: rows)).0
        return state
    }

    static func healthLine(_ state: ConsoleState, containing instance: String) -> String {
        let text = ConsoleRenderer.render(state, size: state.size).text()
        return text.split(separator: "\n").first { $0.contains("│" + instance + " ") }.map(String.init) ?? ""
    }

    @Test func figuresFillTheColumnsByTheServersAddress() {
        var state = Self.state(metrics: "http://127.0.0.1:9090")
        let reading = [
            "127.0.0.1:8082": InstanceMetrics(cpuPercent: 97.4, memoryBytes: 512 * 1_048_576, p95Milliseconds: 930),
            "127.0.0.1:8081": InstanceMetrics(cpuPercent: 12, memoryBytes: 100 * 1_048_576, p95Milliseconds: 21.5),
        ]
        state = ConsoleReducer.reduce(state, .instanceMetrics(reading, failure: nil, at: Fixtures.now)).0
        let header = ConsoleRenderer.render(state, size: state.size).text()
        #expect(header.contains("CPU") && header.contains("MEM") && header.contains("P95"))
        let api2 = Self.healthLine(state, containing: "api-2")
        #expect(api2.contains("97%") && api2.contains("512M") && api2.contains("930ms"), "\(api2)")
        #expect(Self.healthLine(state, containing: "api-3").contains(" - "))
        // Prometheus stops answering: the figures are STALE, not silently old.
        state = ConsoleReducer.reduce(state, .instanceMetrics([:], failure: "connection refused", at: Fixtures.now)).0
        #expect(Self.healthLine(state, containing: "api-2").contains("STALE"))
        // Back: fresh figures again; an old reading goes stale by itself.
        state = ConsoleReducer.reduce(state, .instanceMetrics(reading, failure: nil, at: Fixtures.now)).0
        #expect(!Self.healthLine(state, containing: "api-2").contains("STALE"))
        state = ConsoleReducer.reduce(state, .tick(Fixtures.now.addingTimeInterval(ConsoleMetrics.staleAfter + 1))).0
        #expect(Self.healthLine(state, containing: "api-2").contains("STALE"))
    }

    /// The recording console keeps fresh CPU and memory in the history: the poll it records
    /// carries them, a stale reading does not.
    @Test func aRecordedPollCarriesFreshMetricsOnly() {
        var state = Self.state(metrics: "http://127.0.0.1:9090")
        let reading = ["127.0.0.1:8082": InstanceMetrics(cpuPercent: 50, memoryBytes: 1_048_576)]
        state = ConsoleReducer.reduce(state, .instanceMetrics(reading, failure: nil, at: Fixtures.now)).0
        let poll = BalancerPoll(source: Fixtures.source, snapshot: nil, findings: [], at: Timestamp(Fixtures.now))
        let recorded = ConsoleReducer.reduce(state, .balancerPolled(poll)).1.compactMap { command -> BalancerPoll? in
            if case .recordPoll(let poll) = command { return poll } else { return nil }
        }
        #expect(recorded.first?.metricsByLabel == reading)
        state = ConsoleReducer.reduce(state, .instanceMetrics([:], failure: "timed out", at: Fixtures.now)).0
        let stale = ConsoleReducer.reduce(state, .balancerPolled(poll)).1.compactMap { command -> BalancerPoll? in
            if case .recordPoll(let poll) = command { return poll } else { return nil }
        }
        #expect(stale.first.map { $0.metricsByLabel.isEmpty } == true)
    }

    @Test func withoutMetricsTheColumnSaysHowToGetThem() {
        let state = Self.state(metrics: nil)
        #expect(Self.healthLine(state, containing: "api-2").contains("--metrics"))
    }
}
