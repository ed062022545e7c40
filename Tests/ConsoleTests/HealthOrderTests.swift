import Foundation
import Testing
@testable import Console
import PostmotermCore

/// The health list's worst-first order and counts (``ConsoleState/replaceHealth(source:rows:)``),
/// against a plain stable sort and plain counting.
@Suite struct HealthOrderTests {
    /// Rows over every severity ingredient, in a pseudo-random but repeatable mix.
    static func rows(count: Int, seed: UInt64, pools: [String] = ["api"], source: String = Fixtures.source) -> [HealthRow] {
        var generator = seed
        func next(_ bound: Int) -> Int {
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return Int((generator >> 33) % UInt64(bound))
        }
        let statuses: [InstanceStatus] = [.up, .up, .up, .down, .maintenance, .draining, .goingUp(1, 2), .goingDown(2, 3), .noCheck]
        let breakers: [BreakerState] = [.closed, .closed, .open, .halfOpen, .notObserved]
        return (0..<count).map { index in
            HealthRow(source: source, pool: pools[next(pools.count)], instance: "srv\(index)", status: statuses[next(statuses.count)],
                      weight: 1, skewed: next(10) == 0, errorPercent: [nil, 0, 4.9, 5, 40][next(5)],
                      breaker: breakers[next(breakers.count)])
        }
    }

    static func reference(_ rows: [HealthRow]) -> [HealthRow] {
        rows.enumerated().sorted { lhs, rhs in
            lhs.element.severity != rhs.element.severity ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
        }.map(\.element)
    }

    static func state() -> ConsoleState {
        ConsoleState(incident: Fixtures.incident, playbook: .empty, me: "me", now: Fixtures.start)
    }

    @Test(arguments: [0, 1, 2, 7, 1003])
    func worstFirstIsTheStableSortBySeverity(count: Int) {
        for seed in 1...5 as ClosedRange<UInt64> {
            let rows = Self.rows(count: count, seed: seed)
            #expect(ConsoleState.worstFirst(rows) == Self.reference(rows))
        }
    }

    @Test func aQuietTableIsKeptAsItIs() {
        let rows = (0..<50).map { HealthRow(source: Fixtures.source, pool: "api", instance: "srv\($0)", status: .up) }
        #expect(ConsoleState.worstFirst(rows) == rows)
    }

    @Test func twoSourcesMergeBySourceNameThenWorstFirstWithTheirCounts() {
        var state = Self.state()
        let first = Self.rows(count: 300, seed: 11, source: "b-source")
        let second = Self.rows(count: 200, seed: 12, pools: ["api", "web"], source: "a-source")
        state.replaceHealth(source: "b-source", rows: first)
        #expect(state.health == Self.reference(first))
        #expect(!state.healthSummary.multiplePools)
        state.replaceHealth(source: "a-source", rows: second)
        #expect(state.health == Self.reference(second + first))
        #expect(state.healthSummary.down == (first + second).filter { $0.status.settled == .down }.count)
        #expect(state.healthSummary.skewed == (first + second).filter(\.skewed).count)
        #expect(state.healthSummary.breakersOpen == (first + second).filter { $0.breaker == .open }.count)
        #expect(state.healthSummary.multiplePools)
        // Replacing a source's rows drops its old ones.
        state.replaceHealth(source: "a-source", rows: Array(second.prefix(3)))
        #expect(state.health == Self.reference(Array(second.prefix(3)) + first))
    }
}
