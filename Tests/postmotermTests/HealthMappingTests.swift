import BalancerAdapters
import Console
import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// The console's view of a poll: rows only when something shown changed, and change times
/// that hold still although HAProxy counts whole seconds.
@Suite(.timeLimit(.minutes(1))) struct HealthMappingTests {
    let source = "haproxy+unix:///run/haproxy/admin.sock"
    let thresholds = DetectorThresholds()
    let start = Date(timeIntervalSince1970: 1_764_000_000.3)

    func report(weights: [Int], secondsSinceChange: Int, down: Int? = nil) -> SourceReport {
        let instances = weights.enumerated().map { index, weight in
            BalancerInstance(
                source: source, pool: "api", name: "api-\(index + 1)", status: index == down ? .down : .up,
                effectiveWeight: weight, configuredWeight: weight, share: Double(weight) / Double(weights.reduce(0, +)),
                secondsSinceChange: secondsSinceChange)
        }
        let snapshot = BalancerSnapshot(
            source: source, kind: .haproxy, pools: [BalancerPool(source: source, name: "api", instances: instances)],
            takenAt: Timestamp(start), monotonicTime: 0)
        return SourceReport(source: source, state: .live, snapshot: snapshot, error: nil, consecutiveFailures: 0, nextPollIn: 1)
    }

    @Test func aQuietPollMatchesTheRowsShown() throws {
        let first = try #require(HealthMapping.rows(report(weights: [1, 10, 1], secondsSinceChange: 60), actionable: true, thresholds: thresholds, now: start))
        // One second later HAProxy says 61 s: the same change, the same rows.
        #expect(HealthMapping.rowsMatch(first, report(weights: [1, 10, 1], secondsSinceChange: 61), actionable: true,
                                        thresholds: thresholds, now: start.addingTimeInterval(1)))
        // The poll landed half a second later in HAProxy's second: still the same change.
        #expect(HealthMapping.rowsMatch(first, report(weights: [1, 10, 1], secondsSinceChange: 61), actionable: true,
                                        thresholds: thresholds, now: start.addingTimeInterval(1.6)))
    }

    @Test func whatIsShownChangingDoesNotMatch() throws {
        let first = try #require(HealthMapping.rows(report(weights: [1, 1, 1], secondsSinceChange: 60), actionable: true, thresholds: thresholds, now: start))
        let now = start.addingTimeInterval(1)
        #expect(!HealthMapping.rowsMatch(first, report(weights: [1, 10, 1], secondsSinceChange: 61), actionable: true, thresholds: thresholds, now: now))
        #expect(!HealthMapping.rowsMatch(first, report(weights: [1, 1, 1], secondsSinceChange: 61, down: 2), actionable: true, thresholds: thresholds, now: now))
        #expect(!HealthMapping.rowsMatch(first, report(weights: [1, 1, 1, 1], secondsSinceChange: 61), actionable: true, thresholds: thresholds, now: now))
        #expect(!HealthMapping.rowsMatch(first, report(weights: [1, 1, 1], secondsSinceChange: 61), actionable: false, thresholds: thresholds, now: now))
        // A status change resets HAProxy's count: a new change time.
        #expect(!HealthMapping.rowsMatch(first, report(weights: [1, 1, 1], secondsSinceChange: 0), actionable: true, thresholds: thresholds, now: now))
    }

    @Test func rebuiltRowsKeepTheChangeTimesShown() throws {
        let first = try #require(HealthMapping.rows(report(weights: [1, 1, 1], secondsSinceChange: 60), actionable: true, thresholds: thresholds, now: start))
        // The weights change, the change time of each instance does not move by the rounding.
        let next = try #require(HealthMapping.rows(report(weights: [1, 10, 1], secondsSinceChange: 61), actionable: true,
                                                   thresholds: thresholds, now: start.addingTimeInterval(1.6), previous: first))
        #expect(next.map(\.lastChange) == first.map(\.lastChange))
        let servers = next.filter { $0.kind == .server }
        #expect(servers.map(\.weight) == [1, 10, 1])
        #expect(servers.map(\.skewed) == [false, true, false])
        // Each pool's own row follows its servers.
        #expect(next.map(\.kind) == [.server, .server, .server, .backend])
    }

    /// The comparison is the row's own `==` over a row built as `rows` builds it: any column
    /// that differs (here the ones the old field-by-field list had to name) means new rows.
    @Test func everyColumnShownIsCompared() throws {
        let shown = try #require(HealthMapping.rows(report(weights: [1, 1, 1], secondsSinceChange: 60), actionable: true,
                                                    thresholds: thresholds, now: start))
        let now = start.addingTimeInterval(1)
        let edits: [(inout BalancerInstance) -> Void] = [
            { $0.sessions = 7 }, { $0.responseTimeMs = 12 }, { $0.checkStatus = "L4TOUT" }, { $0.address = "10.0.0.9:80" },
            { $0.breaker = .open }, { $0.rates = TrafficRates(interval: 1, requests: 5, responses5xx: 0) },
        ]
        for edit in edits {
            var changed = report(weights: [1, 1, 1], secondsSinceChange: 61)
            var snapshot = try #require(changed.snapshot)
            edit(&snapshot.pools[0].instances[1])
            changed.snapshot = snapshot
            #expect(!HealthMapping.rowsMatch(shown, changed, actionable: true, thresholds: thresholds, now: now))
        }
    }

    /// With the snapshot the rows were built from, an unchanged instance's row is known without
    /// being built: the answer is the same as building every row, for every kind of edit, for
    /// the lastchg tick alone, for a change time that moves, and for a pool whose skew trigger
    /// moves (another instance's weight).
    @Test func knowingTheSnapshotSeenGivesTheSameAnswerAsBuildingEveryRow() throws {
        var seenReport = report(weights: [1, 1, 1], secondsSinceChange: 60)
        var quietSeen = try #require(seenReport.snapshot)
        for index in quietSeen.pools[0].instances.indices {
            quietSeen.pools[0].instances[index].rates = TrafficRates(interval: 0.9991, requests: 0, responses5xx: 0)
        }
        seenReport.snapshot = quietSeen
        let seen = quietSeen
        let shown = try #require(HealthMapping.rows(seenReport, actionable: true, thresholds: thresholds, now: start))
        let now = start.addingTimeInterval(1)
        let edits: [(String, (inout BalancerSnapshot) -> Void)] = [
            ("lastchg ticks", { _ in }),
            ("a quiet second measured", { snapshot in
                for index in snapshot.pools[0].instances.indices {
                    snapshot.pools[0].instances[index].rates = TrafficRates(interval: 1.0004, requests: 0, responses5xx: 0)
                }
            }),
            ("sessions", { $0.pools[0].instances[1].sessions = 7 }),
            ("response time", { $0.pools[0].instances[1].responseTimeMs = 12 }),
            ("check", { $0.pools[0].instances[1].checkStatus = "L4TOUT" }),
            ("address", { $0.pools[0].instances[1].address = "10.0.0.9:80" }),
            ("breaker", { $0.pools[0].instances[1].breaker = .open }),
            ("rates", { $0.pools[0].instances[1].rates = TrafficRates(interval: 1, requests: 5, responses5xx: 0) }),
            ("detail", { $0.pools[0].instances[2].detail[.bytesIn] = 99 }),
            ("status", { $0.pools[0].instances[0].status = .down }),
            ("changed just now", { $0.pools[0].instances[2].secondsSinceChange = 0 }),
            ("another weight", { $0.pools[0].instances[0].effectiveWeight = 10 }),
        ]
        for (name, edit) in edits {
            var changed = report(weights: [1, 1, 1], secondsSinceChange: 61)
            var snapshot = try #require(changed.snapshot)
            // Quiet, measured over another second than when seen.
            for index in snapshot.pools[0].instances.indices {
                snapshot.pools[0].instances[index].rates = TrafficRates(interval: 1.0012, requests: 0, responses5xx: 0)
            }
            edit(&snapshot)
            changed.snapshot = snapshot
            let built = HealthMapping.rowsMatch(shown, changed, actionable: true, thresholds: thresholds, now: now)
            let known = HealthMapping.rowsMatch(shown, changed, seen: seen, actionable: true, thresholds: thresholds, now: now)
            #expect(built == known, "\(name)")
            #expect(known == ["lastchg ticks", "a quiet second measured"].contains(name), "\(name)")
            #expect(!HealthMapping.rowsMatch(shown, changed, seen: seen, actionable: false, thresholds: thresholds, now: now), "\(name)")
        }
    }
}
