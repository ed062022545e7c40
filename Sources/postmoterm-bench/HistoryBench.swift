import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

/// `postmoterm-bench history`: the per-instance history's budgets (issue 17.6).
struct HistoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Measures the per-instance history: log bytes per hour, and an export with charts of a long incident.",
        discussion: """
            Writes --minutes of 10-second buckets of --servers instances with --traffic req/s through \
            the pool (CounterHistoryRecorder from synthetic polls, one a second, into a real SQLite log), \
            once without and once with CPU and memory known, and reports the log's growth per hour \
            (page_count × page_size: the write-ahead file's page copies are reused after checkpoints; budget 2 MB at 1,003 instances). Then times the export of that \
            incident with charts (read the history, the draft's Markdown, the SVG charts; budget 1 s \
            for a 2-hour incident at 1,003 instances). Run it in a release build.
            """)

    @Option(help: "Instances in the pool.") var servers = 1003
    @Option(help: "Requests per second through the pool.") var traffic = 500.0
    @Option(help: "Minutes of history recorded.") var minutes = 120

    func run() throws {
        for withMetrics in [false, true] {
            let directory = NSTemporaryDirectory() + "pm-history-bench-\(getpid())-\(withMetrics)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let start = Timestamp(millisecondsSinceEpoch: 1_795_615_200_000)
            let store = try SQLiteIncidentStore(directory: directory, clock: ManualClock(start))
            let incident = try store.createIncident(IncidentDraft(title: "History bench", startedAt: start, author: Author(name: "bench")))
            let before = try size(of: store)
            var recorder = CounterHistoryRecorder()
            var counters = [UInt64](repeating: 0, count: servers)
            var generator = SplitMix(seed: 17)
            var written = 0
            for second in 0...(minutes * 60) {
                for _ in 0..<Int(traffic) { counters[Int(generator.next() % UInt64(servers))] += 1 }
                let time = start.adding(milliseconds: Int64(second) * 1000)
                var metrics: [String: InstanceMetrics] = [:]
                if withMetrics {
                    for index in 0..<servers {
                        metrics["api/api-\(index + 1)"] = InstanceMetrics(
                            cpuPercent: Double(generator.next() % 90), memoryBytes: Double(150 + generator.next() % 700) * 1_048_576)
                    }
                }
                let buckets = recorder.observe(snapshot(counters, at: time), at: time, metrics: metrics)
                if !buckets.isEmpty {
                    try store.appendHistory(buckets, to: incident.id)
                    written += buckets.count
                }
            }
            let grown = try size(of: store) - before
            let perHour = Double(grown) / Double(minutes) * 60
            print(String(
                format: "history, %d instances, %.0f req/s, CPU and memory %@: %d buckets in %d min, %.2f MB of log an hour (budget 2 MB)",
                servers, traffic, withMetrics ? "known" : "unknown", written, minutes, perHour / 1_000_000))

            // The export with charts, as `postmoterm export --output` makes it.
            _ = try store.append(
                EventDraft(kind: .balancerAction, text: "drained api/api-2", author: Author(name: "bench"),
                           happenedAt: start.adding(milliseconds: 1_800_000),
                           data: ["source": "bench", "pool": "api", "instance": "api-2", "command": "set server api/api-2 state drain", "result": "ok"]),
                to: incident.id)
            let clock = ContinuousClock()
            var svgBytes = 0
            var markdownBytes = 0
            let elapsed = try clock.measure {
                let history = try store.history(of: incident.id)
                let events = try store.events(of: incident.id)
                let charts = PostmortemChart.charts(history: CounterHistory(buckets: history), events: events)
                for chart in charts {
                    let path = directory + "/postmortem-\(chart.kind.rawValue).svg"
                    try Data(chart.svg.utf8).write(to: URL(fileURLWithPath: path))
                    svgBytes += chart.svg.utf8.count
                }
                let markdown = PostmortemExporter.markdown(PostmortemInput(
                    incident: try store.incident(incident.id), events: events, generatedAt: start.adding(milliseconds: Int64(minutes) * 60_000),
                    history: history, charts: charts.map { ($0.kind.title, "postmortem-\($0.kind.rawValue).svg") }))
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: directory + "/postmortem.md"))
                markdownBytes = markdown.utf8.count
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(
                format: "export with charts of a %d-minute incident at %d instances: %.3f s (budget 1 s); %d bytes of SVG, %d of Markdown",
                minutes, servers, seconds, svgBytes, markdownBytes))
        }
    }

    private func size(of store: SQLiteIncidentStore) throws -> Int {
        try store.databaseBytes()
    }

    /// One HAProxy-like snapshot of the pool with cumulative request counters.
    private func snapshot(_ counters: [UInt64], at time: Timestamp) -> BalancerSnapshot {
        let instances = counters.enumerated().map { index, requests in
            BalancerInstance(
                source: "bench", pool: "api", name: "api-\(index + 1)", status: .up, effectiveWeight: 1, configuredWeight: 1,
                counters: InstanceCounters(requests: requests, responses5xx: 0))
        }
        var pool = BalancerPool(source: "bench", name: "api", instances: instances, counters: InstanceCounters(requests: counters.reduce(0, +), responses5xx: 0))
        pool.computeShares()
        return BalancerSnapshot(source: "bench", kind: .haproxy, pools: [pool], takenAt: time, monotonicTime: 0)
    }

    /// A small deterministic generator (the same figures every run).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
