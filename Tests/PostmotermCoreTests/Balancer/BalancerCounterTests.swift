import Testing

@testable import PostmotermCore

/// The balancer's own request and 5xx counters as the incident log keeps them (issue 13.5), and
/// the weight a first poll finds already changed (issue 13.6).
@Suite struct BalancerCounterTests {
    static func snapshot(reqA: Int, reqB: Int, reqC: Int, b5xx: Int) throws -> BalancerSnapshot {
        try BalancerFixtures.parse(BalancerFixtures.seed(b: 1, reqA: reqA, reqB: reqB, reqC: reqC, b5xx: b5xx))
    }

    static func at(_ minute: Int, _ second: Int) -> Timestamp { CraftedIncident.at(16, minute, second) }

    @Test func theRecorderKeepsTheFirstPollOnePollAMinuteBothSidesOfAResetAndTheLast() throws {
        var recorder = CounterRecorder()
        #expect(try recorder.observe(Self.snapshot(reqA: 10, reqB: 10, reqC: 10, b5xx: 0), at: Self.at(0, 5)).map(\.reason) == [.first])
        #expect(try recorder.observe(Self.snapshot(reqA: 20, reqB: 20, reqC: 20, b5xx: 1), at: Self.at(0, 30)).isEmpty)
        let minute = try recorder.observe(Self.snapshot(reqA: 30, reqB: 30, reqC: 30, b5xx: 2), at: Self.at(1, 0))
        #expect(minute.map(\.reason) == [.minute])
        #expect(minute.first?.pools["api"] == InstanceCounters(requests: 90, responses5xx: 2))
        #expect(minute.first?.instances["api/api-2"] == InstanceCounters(requests: 30, responses5xx: 2))
        #expect(try recorder.observe(Self.snapshot(reqA: 40, reqB: 40, reqC: 40, b5xx: 3), at: Self.at(1, 20)).isEmpty)
        // A reload: the counters start again from zero.
        let reset = try recorder.observe(Self.snapshot(reqA: 1, reqB: 1, reqC: 1, b5xx: 0), at: Self.at(1, 30))
        #expect(reset.map(\.reason) == [.beforeReset, .reset])
        #expect(reset.first?.pools["api"]?.requests == 120)
        #expect(try recorder.observe(Self.snapshot(reqA: 5, reqB: 5, reqC: 5, b5xx: 1), at: Self.at(1, 40)).isEmpty)
        let last = recorder.flush()
        #expect(last.map(\.reason) == [.last] && last.first?.pools["api"]?.requests == 15)
        #expect(recorder.flush().isEmpty)
    }

    @Test func aSampleSurvivesTheLogAsItWasTaken() throws {
        let sample = CounterSample(snapshot: try Self.snapshot(reqA: 3, reqB: 4, reqC: 5, b5xx: 2), at: Self.at(0, 5), reason: .first)
        let draft = sample.eventDraft
        #expect(draft.kind == .balancerCounters && draft.happenedAt == Self.at(0, 5))
        #expect(draft.data["pool.api"] == "12 2" && draft.data["instance.api/api-2"] == "4 2")
        let event = Event(incidentID: IncidentID(rawValue: "x")!, sequence: 2, recordedAt: Self.at(0, 6), happenedAt: draft.happenedAt,
                          author: draft.author, kind: draft.kind, text: draft.text, data: draft.data)
        #expect(CounterSample(event: event) == sample)
    }

    /// Samples as the recorder writes them, with a reload in the middle.
    static func samples() throws -> [TimelineEntry] {
        let readings: [(Timestamp, CounterSample.Reason, Int, Int)] = [
            (at(0, 5), .first, 100, 0),  // 100 requests before anyone watched: not counted
            (at(1, 0), .minute, 400, 3),  // +300, 3 5xx
            (at(2, 0), .minute, 700, 63),  // +300, 60 5xx: the peak, 20 %
            (at(2, 30), .beforeReset, 850, 66),  // +150, 3 5xx
            (at(2, 40), .reset, 50, 1),  // reload: +50, 1 5xx
            (at(3, 10), .last, 250, 2),  // +200, 1 5xx
        ]
        return try readings.enumerated().map { index, reading in
            let (time, reason, requests, errors) = reading
            let snapshot = try BalancerFixtures.parse(BalancerFixtures.csv([
                BalancerFixtures.server("api", "api-1", weight: 1, reqTot: requests / 2),
                BalancerFixtures.server("api", "api-2", weight: 1, reqTot: requests - requests / 2, http5xx: errors),
                BalancerFixtures.backend("api", reqTot: requests, http5xx: errors),
            ]))
            let draft = CounterSample(snapshot: snapshot, at: time, reason: reason).eventDraft
            return TimelineEntry(event: Event(
                incidentID: IncidentID(rawValue: "x")!, sequence: Int64(index + 2), recordedAt: time, happenedAt: time,
                author: draft.author, kind: draft.kind, text: draft.text, data: draft.data))
        }
    }

    @Test func trafficIsTheCountersIncreaseWithANewSegmentAfterAReload() throws {
        let traffic = CounterTraffic(entries: try Self.samples())
        let pool = try #require(traffic.pools.first)
        #expect(traffic.pools.count == 1 && pool.name == "api")
        #expect(pool.count.requests == 300 + 300 + 150 + 50 + 200)
        #expect(pool.count.responses5xx == 3 + 60 + 3 + 1 + 1)
        #expect(pool.from == Self.at(0, 5) && pool.until == Self.at(3, 10))
        #expect(pool.instances["api-2"]?.responses5xx == 68)
        #expect(traffic.resets == 1)
        let peak = try #require(traffic.peak)
        #expect(peak.pool == "api" && peak.percent == 20 && peak.from == Self.at(1, 0) && peak.until == Self.at(2, 0))
    }

    @Test func theDraftStatesRequestsFiveXXAndThePeakFromTheCounters() throws {
        let clock = ManualClock(Self.at(0, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "Counted", author: CraftedIncident.alice))
        for entry in try Self.samples() {
            clock.set(entry.time)
            _ = try store.append(EventDraft(kind: entry.kind, text: entry.text, author: entry.author, happenedAt: entry.time, data: entry.data), to: incident.id)
        }
        let markdown = PostmortemExporter.markdown(PostmortemInput(
            incident: try store.incident(incident.id), events: try store.events(of: incident.id), generatedAt: clock.now()))
        #expect(markdown.contains("- Pool api: 1000 requests, 68 5xx (6.8 %) between 16:00:05 and 16:03:10 UTC (the balancer's own counters)."))
        #expect(markdown.contains("  - api-1: 500 requests, 0 5xx (0.0 %); api-2: 500 requests, 68 5xx (13.6 %)."))
        #expect(markdown.contains("- Counters restarted 1 time (a balancer reload): each new segment is counted from zero."))
        #expect(markdown.contains("- Peak 5xx rate: 20.0 % on api between 16:01:00 and 16:02:00 UTC (60 of 300 requests)."))
        #expect(markdown.contains("| Requests | 1000 | balancer counters, 6 samples |"))
        #expect(markdown.contains("| 5xx answers | 68 (6.8 %) | balancer counters |"))
        #expect(markdown.contains("| Peak 5xx | 20.0 % | 16:01:00–16:02:00 on api (balancer counters) |"))
        // Bookkeeping, not timeline lines.
        #expect(!markdown.contains("counters of"))
    }

    @Test func aWeightChangedBeforeTheFirstPollIsAFinding() throws {
        var snapshot = try BalancerFixtures.parse(BalancerFixtures.seed(b: 10))
        for index in snapshot.pools[0].instances.indices { snapshot.pools[0].instances[index].initialWeight = 1 }
        var detector = HealthDetector()
        let findings = detector.observe(snapshot)
        let firstLook = try #require(findings.first { $0.kind == .weightAtFirstLook })
        #expect(findings.filter { $0.kind == .weightAtFirstLook }.count == 1)
        #expect(firstLook.instance == "api-2" && firstLook.from == "1" && firstLook.to == "10")
        #expect(firstLook.message == "api/api-2 weight is 10, configured 1, at first look")
        #expect(!detector.observe(snapshot).contains { $0.kind == .weightAtFirstLook })
    }
}
