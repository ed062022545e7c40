import Testing
@testable import PostmotermCore

@Suite struct BalancerHealthDetectorTests {
    private struct Harness {
        var history = SnapshotHistory()
        var detector = HealthDetector()
        var time = 100.0

        mutating func feed(_ text: String) throws -> [Finding] {
            time += 1
            return detector.observe(history.refine(try BalancerFixtures.parse(text, at: time)))
        }
    }

    @Test func seedSkewIsReportedOnceWithShareAndPool() throws {
        var harness = Harness()
        let findings = try harness.feed(BalancerFixtures.seed())
        let skew = try #require(findings.first { $0.kind == .weightSkew })
        #expect(findings.count == 1)
        #expect(skew.instance == "api-2" && skew.pool == "api")
        #expect(abs((skew.share ?? 0) - 0.8333) < 0.001)
        #expect(skew.message == "weight skew in api: api-2 takes 83.3% of the traffic weight (weight 10; fair share 33.3% of 3)")
        #expect(try harness.feed(BalancerFixtures.seed()).isEmpty)  // once
        let resolved = try harness.feed(BalancerFixtures.seed(b: 1))
        #expect(resolved.map(\.kind) == [.weightChange, .weightSkew])
        #expect(resolved[0].from == "10" && resolved[0].to == "1")
        #expect(resolved[1].severity == .info)
    }

    /// Drained while skewed (the practice incident: drain first, weight back later): the skew
    /// ends on the record, not silently, so the draft never leaves it open.
    @Test func aSkewEndsOnTheRecordWhenTheInstanceStopsServing() throws {
        var harness = Harness()
        #expect(try harness.feed(BalancerFixtures.seed()).map(\.kind) == [.weightSkew])
        let drained = try harness.feed(BalancerFixtures.seed(bStatus: "DRAIN"))
        let ended = try #require(drained.first { $0.kind == .weightSkew })
        #expect(ended.severity == .info && ended.to == "resolved")
        #expect(ended.message == "weight skew in api ended: api-2 no longer serves (DRAIN)")
        #expect(try harness.feed(BalancerFixtures.seed(b: 1, bStatus: "DRAIN")).allSatisfy { $0.kind != .weightSkew })
    }

    @Test func evenWeightsAreNotSkewedAndTwoInstancesNeedThreeQuarters() throws {
        var harness = Harness()
        #expect(try harness.feed(BalancerFixtures.seed(b: 1)).isEmpty)
        let two = BalancerFixtures.csv([
            BalancerFixtures.server("web", "a", weight: 2), BalancerFixtures.server("web", "b", weight: 3), BalancerFixtures.backend("web"),
        ])
        #expect(try harness.feed(two).isEmpty)  // 60% of two is not skew
    }

    @Test func weightChangeOldToNew() throws {
        var harness = Harness()
        _ = try harness.feed(BalancerFixtures.seed(b: 1))
        let findings = try harness.feed(BalancerFixtures.seed(b: 2))
        #expect(findings.map(\.kind) == [.weightChange])
        #expect(findings[0].message == "api/api-2 weight changed 1 → 2")
    }

    @Test func statusChangeAndPoolDownAndRecovered() throws {
        var harness = Harness()
        let pool = { (status: String) in
            BalancerFixtures.csv([
                BalancerFixtures.server("api", "a", status: status, weight: 1, check: "L4CON", desc: "Connection refused"),
                BalancerFixtures.backend("api"),
            ])
        }
        #expect(try harness.feed(pool("UP")).isEmpty)
        #expect(try harness.feed(pool("UP 2/3")).isEmpty)  // still within its fall window
        let down = try harness.feed(pool("DOWN"))
        #expect(down.map(\.kind) == [.statusChange, .poolDown])
        #expect(down[0].message == "api/a went UP 2/3 → DOWN (L4CON: Connection refused)")
        #expect(down[0].from == "UP 2/3" && down[0].to == "DOWN")
        #expect(try harness.feed(pool("DOWN 1/2")).isEmpty)
        #expect(try harness.feed(pool("UP")).map(\.kind) == [.statusChange, .poolRecovered])
    }

    @Test func errorRateNeedsVolumeAndHasHysteresis() throws {
        var harness = Harness()
        _ = try harness.feed(BalancerFixtures.seed(b: 1, reqB: 0))
        // 5 requests, all 5xx: below the minimum volume.
        #expect(try harness.feed(BalancerFixtures.seed(b: 1, reqB: 5, b5xx: 5)).isEmpty)
        let high = try harness.feed(BalancerFixtures.seed(b: 1, reqB: 105, b5xx: 15))  // 10 of 100
        #expect(Set(high.map(\.kind)) == [.errorRate])
        #expect(high.count == 2)  // the instance and its pool
        #expect(high.first { $0.instance == "api-2" }?.errorPercent == 10)
        // 3% is under the trigger but over the recovery level: nothing.
        #expect(try harness.feed(BalancerFixtures.seed(b: 1, reqB: 205, b5xx: 18)).isEmpty)
        let recovered = try harness.feed(BalancerFixtures.seed(b: 1, reqB: 305, b5xx: 18))
        #expect(recovered.map(\.kind) == [.errorRateRecovered, .errorRateRecovered])
    }

    @Test func breakerFindings() throws {
        var harness = Harness()
        let csv = { (status: String, hanafail: Int) in
            BalancerFixtures.csv([
                BalancerFixtures.server("api", "a", status: status, weight: 1, hanafail: String(hanafail)),
                BalancerFixtures.server("api", "b", weight: 1), BalancerFixtures.backend("api"),
            ])
        }
        #expect(try harness.feed(csv("UP", 0)).isEmpty)
        #expect(try harness.feed(csv("DOWN", 1)).map(\.kind) == [.statusChange, .breakerOpen])
        #expect(try harness.feed(csv("DOWN 1/2", 1)).map(\.kind) == [.breakerHalfOpen])
        #expect(try harness.feed(csv("UP", 1)).map(\.kind) == [.statusChange, .breakerClosed])
        // Tripped and recovered between two polls.
        let quick = try harness.feed(csv("UP", 2))
        #expect(quick.map(\.kind) == [.breakerOpen])
        #expect(quick[0].message.contains("closed again between two polls"))
    }

    @Test func sourceFailuresOnceAndRecovery() throws {
        var detector = HealthDetector()
        let t = Timestamp(millisecondsSinceEpoch: 0)
        let source = "haproxy+tcp://127.0.0.1:1"
        let refused = SourceFailure(kind: .unreachable, reason: "\(source): connection refused")
        #expect(detector.observe(failure: refused, source: source, at: t).map(\.kind) == [.sourceUnreachable])
        #expect(detector.observe(failure: refused, source: source, at: t).isEmpty)
        let garbage = SourceFailure(kind: .garbage, reason: "not HAProxy CSV")
        #expect(detector.observe(failure: garbage, source: source, at: t).map(\.kind) == [.sourceGarbage])
        let snapshot = try BalancerFixtures.parse(BalancerFixtures.seed(b: 1), source: source)
        #expect(detector.observe(snapshot).map(\.kind) == [.sourceRecovered])
    }
}

@Suite struct BalancerFindingEventTests {
    @Test func skewFindingBecomesABalancerObservation() throws {
        var detector = HealthDetector()
        var history = SnapshotHistory()
        let snapshot = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(), source: "haproxy+https://***:***@lb:8404/stats;csv"))
        let finding = try #require(detector.observe(snapshot).first)
        let draft = finding.eventDraft
        #expect(draft.kind == .balancerObservation)
        #expect(draft.author == .postmoterm)
        #expect(draft.text == finding.message)
        #expect(draft.happenedAt == snapshot.takenAt)
        #expect(draft.data["finding"] == "weightSkew")
        #expect(draft.data["source"] == "haproxy+https://***:***@lb:8404/stats;csv")
        #expect(draft.data["pool"] == "api" && draft.data["instance"] == "api-2")
        #expect(draft.data["share"] == "83.3" && draft.data["fairShare"] == "33.3")
        #expect(draft.data["status"] == "UP")
        #expect(draft.data["from"] == nil)
    }

    @Test func errorPercentAndChangeKeys() {
        let finding = Finding(kind: .statusChange, severity: .warning, source: "s", pool: "api", instance: "b",
                              from: "UP", to: "DOWN", errorPercent: 41.23, status: "DOWN", message: "api/b went UP → DOWN",
                              at: Timestamp(millisecondsSinceEpoch: 5))
        let data = finding.eventDraft.data
        #expect(data["from"] == "UP" && data["to"] == "DOWN" && data["errorPercent"] == "41.2")
        #expect(Set(FindingKind.allCases.map(\.rawValue)) == ["statusChange", "weightChange", "weightAtFirstLook", "weightSkew", "breakerOpen", "breakerHalfOpen", "breakerClosed", "poolDown", "poolRecovered", "errorRate", "errorRateRecovered", "sourceUnreachable", "sourceGarbage", "sourceRecovered"])
    }
}
