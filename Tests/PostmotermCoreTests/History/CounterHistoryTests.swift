import Testing

@testable import PostmotermCore

/// The incident log's per-instance history (issue 17.1): 10-second buckets of each instance's
/// counters, stored compactly.
@Suite struct CounterHistoryTests {
    static func snapshot(reqA: Int, reqB: Int, reqC: Int, b5xx: Int) throws -> BalancerSnapshot {
        try BalancerFixtures.parse(BalancerFixtures.seed(b: 1, reqA: reqA, reqB: reqB, reqC: reqC, b5xx: b5xx))
    }

    static func at(_ second: Int) -> Timestamp { CraftedIncident.at(16, 0, 0).adding(milliseconds: Int64(second) * 1000) }

    @Test func aBucketIsWhatEachInstanceAnsweredInItsTenSecondsAndAReloadCountsFromZero() throws {
        var recorder = CounterHistoryRecorder()
        // The first poll only sets the base.
        #expect(try recorder.observe(Self.snapshot(reqA: 100, reqB: 100, reqC: 100, b5xx: 0), at: Self.at(1)).isEmpty)
        #expect(try recorder.observe(Self.snapshot(reqA: 110, reqB: 150, reqC: 110, b5xx: 5), at: Self.at(9)).isEmpty)
        let first = try recorder.observe(Self.snapshot(reqA: 120, reqB: 200, reqC: 120, b5xx: 9), at: Self.at(10))
        #expect(first.count == 1)
        let bucket = try #require(first.first)
        #expect(bucket.start == Self.at(0) && bucket.instances == ["api/api-1", "api/api-2", "api/api-3"])
        #expect(bucket.values.map(\.requests) == [10, 50, 10] && bucket.values[1].responses5xx == 5)
        #expect(bucket.values[0].cpuPercent == nil && bucket.values[1].sharePercent == 33.33)
        // The poll at 10 s opened the second bucket; a reload (api-2's counter went down) in the
        // third counts from zero.
        let second = try recorder.observe(Self.snapshot(reqA: 130, reqB: 7, reqC: 130, b5xx: 1), at: Self.at(25))
        #expect(second.first?.start == Self.at(10) && second.first?.values.map(\.requests) == [10, 50, 10])
        let flushed = recorder.flush()
        #expect(flushed.first?.start == Self.at(20) && flushed.first?.values.map(\.requests) == [10, 7, 10])
        #expect(flushed.first?.values[1].responses5xx == 1)
    }

    @Test func processMetricsAreKeptInWholePercentsAndMebibytes() throws {
        var recorder = CounterHistoryRecorder()
        _ = try recorder.observe(Self.snapshot(reqA: 1, reqB: 1, reqC: 1, b5xx: 0), at: Self.at(0))
        let metrics = ["api/api-2": InstanceMetrics(cpuPercent: 41.6, memoryBytes: 52_428_800, p95Milliseconds: 12)]
        _ = try recorder.observe(Self.snapshot(reqA: 2, reqB: 2, reqC: 2, b5xx: 0), at: Self.at(5), metrics: metrics)
        let bucket = try #require(recorder.flush().first)
        #expect(bucket.values[1].cpuPercent == 42 && bucket.values[1].memoryMiB == 50 && bucket.values[0].cpuPercent == nil)
    }

    @Test func bucketsSurviveTheirBytes() throws {
        let values = [
            CounterHistoryBucket.Value(requests: 0, responses5xx: nil),
            CounterHistoryBucket.Value(requests: 300_000, responses5xx: 0, sharePercent: 83.33, cpuPercent: 250, memoryMiB: 70_000),
            CounterHistoryBucket.Value(requests: 1, responses5xx: 0, sharePercent: 0.1),
            CounterHistoryBucket.Value(requests: 5, responses5xx: 5, cpuPercent: 0, memoryMiB: 0),
        ]
        #expect(try CounterHistoryCoding.decodeValues(CounterHistoryCoding.encode(values)) == values)
        let names = ["api/api-1", "pool with spaces/ü-2", ""]
        #expect(try CounterHistoryCoding.decodeNames(CounterHistoryCoding.encode(names: names)) == names)
        #expect(throws: CounterHistoryCoding.DecodingError.self) { try CounterHistoryCoding.decodeValues([5, 0, 1]) }
        #expect(throws: CounterHistoryCoding.DecodingError.self) { try CounterHistoryCoding.decodeValues([0xFF]) }
    }

    /// The budget is 2 MB of log per hour at 1,003 instances: 360 buckets, ~5.5 bytes per
    /// instance and bucket with everything known; traffic of 500 req/s across the pool.
    @Test func aBucketOfAThousandInstancesTakesAFewBytesEach() {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<1003).map { _ in
            CounterHistoryBucket.Value(
                requests: UInt64.random(in: 2...8, using: &generator), responses5xx: 0, sharePercent: 100.0 / 1003,
                cpuPercent: Int.random(in: 5...95, using: &generator), memoryMiB: Int.random(in: 100...900, using: &generator))
        }
        let bytes = CounterHistoryCoding.encode(values).count
        #expect(bytes <= 1003 * 5, "\(bytes) bytes")
        let unknown = values.map { CounterHistoryBucket.Value(requests: $0.requests, responses5xx: 0, sharePercent: $0.sharePercent) }
        #expect(CounterHistoryCoding.encode(unknown).count <= 1003 + 20)
    }

    @Test func theSeriesGiveRatesFiveXXAndEachInstancesShareOfItsPool() throws {
        let history = CounterHistory(buckets: SeedOutageHistory.buckets())
        #expect(history.series.map(\.key) == ["api/api-1", "api/api-2", "api/api-3"])
        let api2 = history.series[1]
        #expect(api2.points.count == 54 && api2.points[0].requestsPerSecond == 20)
        let afterChange = api2.points[7]  // 14:31:10: the traffic weight's share, as recorded
        #expect(abs((afterChange.share ?? 0) - 0.8333) < 1e-9)
        // Without a recorded share, the share of the pool's requests.
        var unweighted = SeedOutageHistory.buckets()
        for index in unweighted.indices { unweighted[index].values[1].sharePercent = nil }
        #expect(abs((CounterHistory(buckets: unweighted).series[1].points[7].share ?? 0) - 500.0 / 600) < 0.0001)
        #expect(api2.points[13].errorPercent == 40 && api2.points[30].share == 0 && api2.points[30].errorPercent == nil)
        #expect(!history.hasCPU && CounterHistory(buckets: SeedOutageHistory.buckets(cpu: true)).hasCPU)
    }

    /// The recorded console writes the pools' counters as events and the instances as history:
    /// the draft's per-instance traffic comes from the history.
    @Test func theDraftCountsEachInstanceFromTheHistory() throws {
        var traffic = CounterTraffic()
        traffic.pools = [CounterTraffic.Pool(
            source: SeedOutageHistory.source, name: "api", count: CounterTraffic.Count(), instances: [:],
            from: SeedOutageHistory.at(30, 0), until: SeedOutageHistory.at(39, 0))]
        traffic.addInstances(from: SeedOutageHistory.buckets())
        let api2 = try #require(traffic.pools[0].instances["api-2"])
        #expect(api2.requests == 6 * 200 + 18 * 500 + 12 * 200 && api2.responses5xx == 12 * 200 && api2.has5xx)
    }

    @Test func recordingWritesThePoolsCountersAndTheInstancesHistory() throws {
        let store = InMemoryIncidentStore(clock: ManualClock(Self.at(0)))
        let incident = try store.createIncident(IncidentDraft(title: "Counted", author: CraftedIncident.alice))
        var recording = BalancerRecording(incident: incident.id, holder: "me")
        let source = try Self.snapshot(reqA: 0, reqB: 0, reqC: 0, b5xx: 0).source
        var outcome = recording.poll(
            source: source, snapshot: try Self.snapshot(reqA: 10, reqB: 10, reqC: 10, b5xx: 0), findings: [], at: Self.at(0),
            sampleTime: Self.at(0), leases: store)
        #expect(outcome.samples.first?.instances.isEmpty == true && outcome.samples.first?.pools.isEmpty == false)
        outcome = recording.poll(
            source: source, snapshot: try Self.snapshot(reqA: 20, reqB: 30, reqC: 20, b5xx: 0), findings: [], at: Self.at(11),
            sampleTime: Self.at(11), leases: store)
        // The first bucket holds the first poll only (its base); the poll at 11 s is in the second.
        #expect(outcome.history.first?.values.map(\.requests) == [0, 0, 0])
        outcome = recording.poll(
            source: source, snapshot: try Self.snapshot(reqA: 30, reqB: 50, reqC: 30, b5xx: 0), findings: [], at: Self.at(21),
            sampleTime: Self.at(21), leases: store)
        #expect(outcome.history.first?.values.map(\.requests) == [10, 20, 10])
        #expect(recording.flushHistory().first?.values.map(\.requests) == [10, 20, 10])
    }
}
