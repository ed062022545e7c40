import Testing
@testable import PostmotermCore

/// Shares are each serving instance's weight over the pool's serving weight, for any weights a
/// source sends (issue 18.1: two at `Int64.max` trapped in the sum).
@Suite struct BalancerPoolShareTests {
    /// A small deterministic generator (SplitMix64): the same pools on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func instance(_ name: String, _ weight: Int, _ status: InstanceStatus) -> BalancerInstance {
        BalancerInstance(source: "s", pool: "p", name: name, status: status, effectiveWeight: weight, configuredWeight: weight)
    }

    @Test func twoWeightsAtInt64MaxShareHalfEach() throws {
        var pool = BalancerPool(source: "s", name: "p", instances: [
            Self.instance("a", Int.max, .up), Self.instance("b", Int.max, .up), Self.instance("c", 1, .down),
        ])
        pool.computeShares()
        #expect(pool.instances.map(\.share) == [0.5, 0.5, nil])
    }

    @Test func twoServersAtInt64MaxInShowStatParse() throws {
        let text = "# pxname,svname,status,weight,type\nbe,a,UP,9223372036854775807,2\nbe,b,UP,9223372036854775807,2\nbe,BACKEND,UP,0,1\n\n"
        let snapshot = try HAProxyCSVParser.parse(text, source: "s", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        #expect(snapshot.pools.first?.instances.map(\.share) == [0.5, 0.5])
    }

    @Test func sharesSumToAllOfTheServingWeightForAnyWeights() {
        var random = SplitMix(state: 18)
        let statuses: [InstanceStatus] = [.up, .down, .noCheck, .draining, .maintenance, .goingDown(1, 3), .goingUp(1, 3)]
        for round in 0..<2_000 {
            let count = Int.random(in: 0...12, using: &random)
            var instances: [BalancerInstance] = []
            for index in 0..<count {
                let weight: Int
                switch Int.random(in: 0..<5, using: &random) {
                case 0: weight = Int.max - Int.random(in: 0...3, using: &random)
                case 1: weight = 0
                case 2: weight = -Int.random(in: 1...100, using: &random)
                case 3: weight = Int.random(in: 1...(1 << 62), using: &random)
                default: weight = Int.random(in: 1...256, using: &random)
                }
                instances.append(Self.instance("i\(index)", weight, statuses.randomElement(using: &random)!))
            }
            var pool = BalancerPool(source: "s", name: "p", instances: instances)
            pool.computeShares()
            let servingWeight = pool.instances.contains { $0.status.isServing && $0.effectiveWeight > 0 }
            let shares = pool.instances.compactMap(\.share)
            #expect(shares.allSatisfy { $0 >= 0 && $0 <= 1 }, "round \(round)")
            #expect(pool.instances.allSatisfy { $0.status.isServing || $0.share == nil }, "round \(round)")
            if servingWeight {
                #expect(abs(shares.reduce(0, +) - 1) < 1e-9, "round \(round): shares sum to \(shares.reduce(0, +))")
            } else {
                #expect(shares.allSatisfy { $0 == 0 } || shares.isEmpty, "round \(round)")
            }
        }
    }
}
