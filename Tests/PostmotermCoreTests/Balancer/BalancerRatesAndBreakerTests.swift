import Testing
@testable import PostmotermCore

@Suite struct BalancerRatesAndBreakerTests {
    @Test func ratesFromCounterDifferences() throws {
        var history = SnapshotHistory()
        let first = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(reqA: 10, reqB: 100, reqC: 10), at: 100))
        #expect(first.instances.allSatisfy { $0.rates == nil })
        let second = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(reqA: 20, reqB: 300, reqC: 20, b5xx: 50), at: 102))
        let b = try #require(second.instance(pool: "api", name: "api-2"))
        let rates = try #require(b.rates)
        #expect(rates.requestsPerSecond == 100)
        #expect(rates.errorsPerSecond == 25)
        #expect(rates.errorPercent == 25)
        #expect(second.pool(named: "api")?.rates?.requests == 220)
    }

    @Test func counterGoingDownIsANewBaselineNotANegativeRate() throws {
        var history = SnapshotHistory()
        _ = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(reqB: 1000), at: 100))
        let reloaded = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(reqB: 3), at: 101))
        #expect(reloaded.instance(pool: "api", name: "api-2")?.rates == nil)
        let after = history.refine(try BalancerFixtures.parse(BalancerFixtures.seed(reqB: 13), at: 102))
        #expect(after.instance(pool: "api", name: "api-2")?.rates?.requestsPerSecond == 10)
    }

    private func observed(_ status: String, hanafail: Int, check: String = "L7OK", throttle: String = "") -> String {
        BalancerFixtures.csv([
            BalancerFixtures.server("api", "a", status: status, weight: 1, hanafail: String(hanafail), throttle: throttle, check: check),
            BalancerFixtures.server("api", "plain", weight: 1),
            BalancerFixtures.backend("api"),
        ])
    }

    @Test func haproxyBreakerOpensHalfOpensCloses() throws {
        var history = SnapshotHistory()
        func state(_ text: String, _ t: Double) throws -> BreakerState? {
            history.refine(try BalancerFixtures.parse(text, at: t)).instance(pool: "api", name: "a")?.breaker
        }
        #expect(try state(observed("UP", hanafail: 0), 1) == .closed)
        // Marked down by observe: hanafail rises (the check status may already be a failed check).
        #expect(try state(observed("DOWN", hanafail: 1, check: "L7STS"), 2) == .open)
        #expect(try state(observed("DOWN", hanafail: 1, check: "L7STS"), 3) == .open)
        #expect(try state(observed("DOWN 1/2", hanafail: 1), 4) == .halfOpen)
        #expect(try state(observed("UP", hanafail: 1, throttle: "40"), 5) == .halfOpen)  // slow start
        #expect(try state(observed("UP", hanafail: 1), 6) == .closed)
    }

    @Test func downByHealthCheckAloneIsNotATrip() throws {
        var history = SnapshotHistory()
        _ = history.refine(try BalancerFixtures.parse(observed("UP", hanafail: 0), at: 1))
        let down = history.refine(try BalancerFixtures.parse(observed("DOWN", hanafail: 0, check: "L4CON"), at: 2))
        #expect(down.instance(pool: "api", name: "a")?.breaker == .closed)
        #expect(down.instance(pool: "api", name: "plain")?.breaker == .notObserved)
    }

    @Test func hanaCheckStatusOpensOnFirstSample() throws {
        var history = SnapshotHistory()
        let snapshot = history.refine(try BalancerFixtures.parse(observed("DOWN", hanafail: 3, check: "HANA"), at: 1))
        #expect(snapshot.instance(pool: "api", name: "a")?.breaker == .open)
    }
}
